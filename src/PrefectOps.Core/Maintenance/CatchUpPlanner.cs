using System;
using System.Collections.Generic;
using System.Linq;
using PrefectOps.Core.Model;
using PrefectOps.Core.Scheduling;

namespace PrefectOps.Core.Maintenance
{
    /// <summary>
    /// Works out which missed runs to create. Prefect's backfill walks forward from its start and keeps the first
    /// max_runs, but a DBA wants the most recent ones, so the start sent is the earliest of the last N times.
    /// </summary>
    public static class CatchUpPlanner
    {
        /// <param name="serverEvaluates">
        /// The server creates the runs of a schedule PrefectOps cannot evaluate (REST backfill); false on Prefect 1,
        /// where such a schedule gets no runs and a warning instead of a guess.
        /// </param>
        public static CatchUpPlan? Plan(Flow flow, MaintenanceWindow window, DateTimeOffset now, int maxRuns, bool serverEvaluates = true)
        {
            if (!window.Since.HasValue || window.Since.Value >= now) return null;
            DateTimeOffset since = window.Since.Value;
            if (flow.ActiveSchedules.Count == 0)
                return new CatchUpPlan(since, now, maxRuns, Array.Empty<DateTimeOffset>(), null);

            var unevaluable = flow.ActiveSchedules.Where(s => !ScheduleEvaluator.CanEvaluate(s)).ToList();
            string? warning = null;
            if (unevaluable.Count > 0 && !serverEvaluates)
            {
                warning = $"{flow.Name}: the schedule '{unevaluable[0].Describe()}' cannot be evaluated by PrefectOps and this server has no backfill, so no missed runs are created for it{(unevaluable.Count > 1 ? $" (nor for {unevaluable.Count - 1} more schedule{(unevaluable.Count == 2 ? "" : "s")})" : "")}. Create them by hand if they are needed.";
            }
            else if (unevaluable.Count > 0)
            {
                // No guess at the most recent runs: the server evaluates the whole window and keeps the earliest ones.
                return new CatchUpPlan(since, now, maxRuns, null,
                    $"{flow.Name}: the schedule '{unevaluable[0].Describe()}' cannot be evaluated by PrefectOps, so the server creates the missed runs from the start of the window, at most {maxRuns}, rather than the most recent {maxRuns}.");
            }

            // Most recent N over all schedules together: the server applies max_runs per schedule, and within
            // [start, now] no schedule can have more than the N times counted here.
            var times = new SortedSet<DateTimeOffset>();
            foreach (var schedule in flow.ActiveSchedules.Where(ScheduleEvaluator.CanEvaluate))
            {
                foreach (var t in ScheduleEvaluator.Occurrences(schedule, since, now))
                {
                    times.Add(t);
                    if (times.Count > maxRuns) times.Remove(times.Min);
                }
            }
            var kept = times.ToList();
            var start = kept.Count > 0 ? kept[0] : since;
            return new CatchUpPlan(start, now, maxRuns, kept, warning);
        }
    }
}
