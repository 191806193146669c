using System.Linq;
using PrefectOps.Sandbox.State;

namespace PrefectOps.Sandbox.Scheduling
{
    /// <summary>
    /// One pass of Prefect's scheduler service (services/scheduler.py): for every deployment that is not paused
    /// (2.x: and is_schedule_active) with an active schedule, insert runs from now: at least 3 runs and at least
    /// 1 hour ahead, at most 100 runs and 100 days ahead.
    /// </summary>
    public static class AutoScheduler
    {
        public static int RunOnce(SandboxState s)
        {
            using (s.Exclusive())
            {
                var now = s.Now;
                int created = 0;
                foreach (var d in s.Deployments.Values.OrderBy(x => x.Seq).ToList())
                {
                    if (d.Paused) continue;
                    if (s.Major < 3 && !d.IsScheduleActive) continue;
                    if (!d.Schedules.Any(x => x.Active)) continue;
                    created += ScheduledRunGenerator.ScheduleRuns(s, d, now, now + ScheduledRunGenerator.MaxScheduledTime,
                        ScheduledRunGenerator.MinScheduledTime, ScheduledRunGenerator.MinRuns, ScheduledRunGenerator.MaxRuns);
                }
                return created;
            }
        }
    }
}
