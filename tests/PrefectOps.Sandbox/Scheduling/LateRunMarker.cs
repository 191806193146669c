using System;
using System.Linq;
using PrefectOps.Sandbox.Orchestration;
using PrefectOps.Sandbox.State;

namespace PrefectOps.Sandbox.Scheduling
{
    /// <summary>
    /// services/late_runs.py: a Scheduled run whose next scheduled start is more than 15 s past
    /// (PREFECT_API_SERVICES_LATE_RUNS_AFTER_SECONDS) gets a new Scheduled state named "Late" with the same scheduled time.
    /// </summary>
    public static class LateRunMarker
    {
        public static readonly TimeSpan After = TimeSpan.FromSeconds(15);

        /// <summary>One pass of the service; returns how many runs it marked.</summary>
        public static int RunOnce(SandboxState s)
        {
            using (s.Exclusive())
            {
                var now = s.Now;
                var late = s.FlowRuns.Values.Where(r => r.State.Type == "SCHEDULED" && r.State.Name == "Scheduled"
                                                        && r.NextScheduledStartTime <= now - After).ToList();
                foreach (var run in late)
                    FlowRunStates.Apply(run, FlowRunStates.Make(run.Id, "SCHEDULED", "Late", now, null, run.NextScheduledStartTime), now, s.Major);
                return late.Count;
            }
        }
    }
}
