using System;

namespace PrefectOps.Core.Scheduling
{
    /// <summary>A deployment's (or Prefect 1 clock's) schedule, as Prefect stores it.</summary>
    public abstract class ScheduleSpec
    {
        /// <summary>IANA time zone name ("America/New_York"); null means UTC.</summary>
        public string? Timezone { get; set; }

        /// <summary>No occurrence before this instant (a Prefect 1 clock's start_date); null: no bound.</summary>
        public DateTimeOffset? NotBefore { get; set; }

        /// <summary>No occurrence after this instant (a Prefect 1 clock's end_date); null: no bound.</summary>
        public DateTimeOffset? NotAfter { get; set; }

        /// <summary>Readable text for Get-Flow's Schedule column, e.g. "cron */5 * * * * (America/New_York)".</summary>
        public abstract string Describe();

        /// <summary>" (zone)" when a zone is set, so text without one reads as Prefect's default (UTC).</summary>
        protected string ZoneSuffix() => string.IsNullOrEmpty(Timezone) ? "" : " (" + Timezone + ")";
    }

    public sealed class CronScheduleSpec : ScheduleSpec
    {
        public string Cron { get; set; } = "";
        /// <summary>croniter's day_or: true (Prefect's default) ORs day-of-month and day-of-week when both are restricted.</summary>
        public bool DayOr { get; set; } = true;
        public override string Describe() => "cron " + Cron.Trim() + (DayOr ? "" : " day_or=false") + ZoneSuffix();
    }

    public sealed class IntervalScheduleSpec : ScheduleSpec
    {
        public TimeSpan Interval { get; set; }
        /// <summary>Prefect's anchor_date; occurrences are anchor + k * interval. Defaults to the time of creation, as Prefect's does.</summary>
        public DateTimeOffset Anchor { get; set; } = DateTimeOffset.UtcNow;
        public override string Describe() => "every " + DurationText.Format(Interval) + ZoneSuffix();
    }

    public sealed class RRuleScheduleSpec : ScheduleSpec
    {
        public string RRule { get; set; } = "";
        /// <summary>Multi-line rrule sets are joined with "; " so they fit one table cell.</summary>
        public override string Describe()
            => "rrule " + string.Join("; ", RRule.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries)).Trim() + ZoneSuffix();
    }

    /// <summary>Fixed instants (Prefect 1's DatesClock).</summary>
    public sealed class DatesScheduleSpec : ScheduleSpec
    {
        public System.Collections.Generic.IReadOnlyList<DateTimeOffset> Dates { get; set; } = Array.Empty<DateTimeOffset>();
        public override string Describe() => Dates.Count == 1
            ? "on " + Dates[0].UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture)
            : $"on {Dates.Count} dates";
    }

    /// <summary>A schedule PrefectOps shows but never evaluates (Prefect 1's RRuleClock): catch-up warns instead of guessing.</summary>
    public sealed class OpaqueScheduleSpec : ScheduleSpec
    {
        public string Text { get; set; } = "";
        public override string Describe() => Text;
    }
}
