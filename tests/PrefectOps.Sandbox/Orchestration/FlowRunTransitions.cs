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

            // BypassCancellingFlowRunsWithNoInfra: nothing to kill, so the run goes straight to Cancelled,
            // reported as a REJECT with the new state ("Scheduled -> CANCELLING (no infra pid)", answered 201).
            if (to == "CANCELLING" && (from == "SCHEDULED" || from == "PAUSED"))
            {
                var cancelled = FlowRunStates.Make(run.Id, "CANCELLED", "Cancelled", now, proposed.Message);
                string what = from == "SCHEDULED" ? "Scheduled" : "Paused";
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

            // HandleResumingPausedFlows.
            if (from == "PAUSED" && to != "PAUSED")
            {
                if (!(to == "RUNNING" || to == "SCHEDULED" || FlowRunStates.IsTerminal(to)))
                    return Reject($"This run cannot transition to the StateType.{to} state from the StateType.{from} state.");
                if (current.PauseTimeout.HasValue && current.PauseTimeout.Value < now)
                {
                    var failed = FlowRunStates.Make(run.Id, "FAILED", "Failed", now, "The flow was running and never resumed.");
                    return new TransitionDecision { Status = "REJECT", Reason = "The flow run pause has timed out and can no longer resume.", Persist = failed };
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
