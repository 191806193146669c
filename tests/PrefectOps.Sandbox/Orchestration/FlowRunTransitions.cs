using System;
using PrefectOps.Sandbox.State;

namespace PrefectOps.Sandbox.Orchestration
{
    /// <summary>The outcome of the flow-run orchestration policy for one proposed state.</summary>
    public sealed class TransitionDecision
    {
        public string Status { get; set; } = "ACCEPT";   // ACCEPT, REJECT, ABORT
        public string? Reason { get; set; }
        /// <summary>The state to persist (the proposed one on ACCEPT; a replacement on some REJECTs); null to keep the current state.</summary>
        public StateRec? Persist { get; set; }
    }

    /// <summary>
    /// Prefect 2.19's core flow policy, reduced to the rules the recordings exercise (section 5), in the server's order.
    /// </summary>
    public static class FlowRunTransitions
    {
        public static TransitionDecision Decide(FlowRunRec run, StateRec proposed, bool force, DateTimeOffset now)
        {
            var current = run.State;
            string from = current.Type, to = proposed.Type;
            if (force) return Accept(proposed);

            // BypassCancellingFlowRunsWithNoInfra: a Scheduled run (no infrastructure pid) or a suspended one has nothing
            // to kill, so it goes straight to Cancelled, reported as a REJECT with the new state (answered 201). A run
            // paused in its process (pause_reschedule false) is not bypassed: the rules below refuse it.
            if (to == "CANCELLING" && (from == "SCHEDULED" || (from == "PAUSED" && current.PauseReschedule)))
            {
                var cancelled = FlowRunStates.Make(run.Id, "CANCELLED", "Cancelled", now);
                string what = from == "SCHEDULED" ? "Scheduled" : "Suspended";
                return new TransitionDecision { Status = "REJECT", Reason = $"{what} flow run has no infrastructure to terminate.", Persist = cancelled };
            }

            // HandleFlowTerminalStateTransitions.
            if (FlowRunStates.IsTerminal(from))
            {
                if (from == "COMPLETED" && current.Data != null)
                    return Reject("Run is already COMPLETED.");
                if (to == "PAUSED" || to == "CANCELLING" || to == "CRASHED")
                    return Abort($"Run is already in terminal state {from}.");
            }

            // PreventPendingTransitions.
            if (to == "PENDING" && (from == "PENDING" || from == "RUNNING" || from == "CANCELLING" || from == "CANCELLED"))
                return Abort($"This run is in a {from} state and cannot transition to a PENDING state.");

            // EnforceCancellingToCancelledTransition (its FROM_STATES include CANCELLED: "Cancelled -> RUNNING").
            if ((from == "CANCELLING" || from == "CANCELLED") && to != "CANCELLED")
                return Reject("Cannot transition flows that are cancelling to a state other than Cancelled.");

            // HandlePausingFlows.
            if (to == "PAUSED")
            {
                if (from != "RUNNING") return Reject("Cannot pause flows that are not currently running.");
                if (proposed.PauseKey != null && run.PauseKeys.Contains(proposed.PauseKey)) return Reject("This pause has already fired.");
            }

            // HandleResumingPausedFlows. Its after_transition marks the run as resuming whatever it decides (recorded: a
            // refused Paused -> Cancelling and a timed-out pause leave resuming true; a bypassed suspended run does not).
            if (from == "PAUSED" && to != "PAUSED")
            {
                run.Resuming = true;
                if (!(to == "RUNNING" || to == "SCHEDULED" || FlowRunStates.IsTerminal(to)))
                    return Reject($"This run cannot transition to the StateType.{to} state from the StateType.{from} state.");
                if (current.PauseTimeout.HasValue && current.PauseTimeout.Value < now)
                {
                    var failed = FlowRunStates.Make(run.Id, "FAILED", "Failed", now, $"The flow was {proposed.Name.ToLowerInvariant()} and never resumed.");
                    string verb = proposed.Name == "Suspended" ? "suspend" : "pause";
                    return new TransitionDecision { Status = "REJECT", Reason = $"The flow run {verb} has timed out and can no longer resume.", Persist = failed };
                }
            }

            // CopyScheduledTime: Scheduled -> Pending keeps the scheduled time in the new state's details.
            if (from == "SCHEDULED" && to == "PENDING" && proposed.ScheduledTime == null)
                proposed.ScheduledTime = current.ScheduledTime;

            return Accept(proposed);
        }

        private static TransitionDecision Accept(StateRec s) => new TransitionDecision { Status = "ACCEPT", Persist = s };
        private static TransitionDecision Reject(string reason) => new TransitionDecision { Status = "REJECT", Reason = reason };
        private static TransitionDecision Abort(string reason) => new TransitionDecision { Status = "ABORT", Reason = reason };
    }
}
