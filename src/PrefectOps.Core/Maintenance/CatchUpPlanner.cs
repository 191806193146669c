using System;
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
            return Plan(flow, ScheduleForecast.For(flow.ActiveSchedules, window.Since.Value, now, maxRuns), maxRuns, serverEvaluates);
        }

        /// <summary>
        /// The plan for a window whose schedules are already evaluated (the impact preview counts a window and plans
        /// its catch-up from the same pass). The forecast must keep at least <paramref name="maxRuns"/> times.
        /// </summary>
        internal static CatchUpPlan Plan(Flow flow, ScheduleForecast forecast, int maxRuns, bool serverEvaluates)
        {
            if (forecast.MostRecent.Count < Math.Min(maxRuns, forecast.Count))
                throw new ArgumentException($"The forecast keeps {forecast.MostRecent.Count} times; catch-up needs {maxRuns}.", nameof(forecast));
            DateTimeOffset since = forecast.Start, now = forecast.End;
            var unevaluable = forecast.Unevaluable;
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
            var kept = forecast.MostRecent.Skip(Math.Max(0, forecast.MostRecent.Count - maxRuns)).ToList();
            var start = kept.Count > 0 ? kept[0] : since;
            return new CatchUpPlan(start, now, maxRuns, kept, warning);
        }
    }
}
