using System.Linq;
using PrefectOps.Sandbox.State;

namespace PrefectOps.Sandbox.Scheduling
{
    /// <summary>
    /// `_delete_scheduled_runs`: what pausing and editing a deployment does to runs the scheduler already made.
    /// 2.x deletes every auto-scheduled run still SCHEDULED, late ones included; 3.x only those in the future.
    /// Manual runs are never touched.
    /// </summary>
    public static class ScheduledRunCleanup
    {
        public static int DeleteAutoScheduled(SandboxState s, DeploymentRec d)
        {
            var now = s.Now;
            var doomed = s.FlowRuns.Values
                .Where(r => r.DeploymentId == d.Id && r.AutoScheduled && r.State.Type == "SCHEDULED")
                .Where(r => s.Major < 3 || (r.NextScheduledStartTime ?? r.ExpectedStartTime) > now)
                .ToList();
            foreach (var r in doomed) s.RemoveRun(r);
            return doomed.Count;
        }
    }
}
