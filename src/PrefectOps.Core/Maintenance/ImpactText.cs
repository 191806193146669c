using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace PrefectOps.Core.Maintenance
{
    /// <summary>The words for a maintenance window's cost: one flow (-WhatIf), its hand-made runs (a warning), all flows (the summary).</summary>
    public static class ImpactText
    {
        /// <summary>"84 scheduled runs skipped (2026-11-23 10:05Z to 2026-11-30 10:00Z), 10 caught up by Enable-FlowByTag -CatchUp; 1 hand-scheduled run will still run; 2 runs in flight".</summary>
        public static string Describe(MaintenanceImpact impact)
        {
            string schedule = impact.Impact switch
            {
                MaintenanceImpactKind.Disable when impact.ScheduledRuns > 0 =>
                    $"{Count(impact.ScheduledRuns, "scheduled run")} skipped ({Time(impact.FirstScheduledRun!.Value)} to {Time(impact.LastScheduledRun!.Value)})" +
                    (impact.CatchUpRuns.HasValue ? $", {impact.CatchUpRuns} caught up by Enable-FlowByTag -CatchUp" : ", catch-up left to the server"),
                MaintenanceImpactKind.Disable => "no scheduled run in the window",
                MaintenanceImpactKind.NoSchedule => "no schedule, so no scheduled run to skip",
                _ => impact.Note ?? "",
            };
            return $"{schedule}; {Count(impact.HandScheduledRuns.Length, "hand-scheduled run")} will still run; {Count(impact.RunsInFlight.Length, "run")} in flight";
        }

        /// <summary>A warning naming the runs that run although the flow is disabled, or null when there are none.</summary>
        public static string? HandScheduledWarning(MaintenanceImpact impact)
        {
            var runs = impact.HandScheduledRuns;
            if (runs.Length == 0) return null;
            string list = string.Join(", ", runs.Select(r =>
                $"'{r.Name}' at {(r.ScheduledStart.HasValue ? Time(r.ScheduledStart.Value) : "an unknown time")}" +
                (r.CreatedBy != null ? $" by {r.CreatedBy}" : "")));
            return $"{impact.Name}: {Count(runs.Length, "run")} scheduled by hand, by an automation or through the API will still run during the window although the flow is disabled: {list}. Stop-FlowRun cancels {(runs.Length == 1 ? "it" : "them")}.";
        }

        /// <summary>"12 flows: 143 scheduled runs skipped, 3 hand-scheduled runs will still run, 2 runs in flight", and the flows a Disable leaves alone.</summary>
        public static string Summary(IReadOnlyCollection<MaintenanceImpact> impacts)
        {
            string text = $"{Count(impacts.Count, "flow")}: {Count(impacts.Sum(i => i.ScheduledRuns), "scheduled run")} skipped, " +
                          $"{Count(impacts.Sum(i => i.HandScheduledRuns.Length), "hand-scheduled run")} will still run, " +
                          $"{Count(impacts.Sum(i => i.RunsInFlight.Length), "run")} in flight";
            var left = new List<string>();
            int n;
            if ((n = impacts.Count(i => i.Impact == MaintenanceImpactKind.InMaintenance)) > 0) left.Add($"{n} already in maintenance");
            if ((n = impacts.Count(i => i.Impact == MaintenanceImpactKind.PausedOnPurpose)) > 0) left.Add($"{n} paused on purpose");
            if ((n = impacts.Count(i => i.Impact == MaintenanceImpactKind.NoSchedule)) > 0) left.Add($"{n} without a schedule");
            return text + (left.Count > 0 ? "; " + string.Join(", ", left) : "") + ".";
        }

        internal static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

        private static string Count(int n, string noun) => $"{n.ToString("N0", CultureInfo.InvariantCulture)} {noun}{(n == 1 ? "" : "s")}";
    }
}
