using System;
using System.Collections.Generic;
using System.Linq;

namespace PrefectOps.Core.Scheduling
{
    /// <summary>Computes the times at which Prefect's scheduler would create runs for a schedule.</summary>
    public static class ScheduleEvaluator
    {
        /// <summary>False where a schedule cannot be evaluated faithfully (then callers warn instead of guessing).</summary>
        /// <remarks>Cron and interval schedules are evaluable when they are valid (a cron that does not parse, or an
        /// unknown time zone, is not); rrules only within the subset <see cref="RRuleEvaluation"/> implements.</remarks>
        public static bool CanEvaluate(ScheduleSpec schedule)
        {
            if (schedule == null) throw new ArgumentNullException(nameof(schedule));
            if (!TimeZones.TryFind(schedule.Timezone, out _)) return false;
            switch (schedule)
            {
                case CronScheduleSpec cron:
                    try
                    {
                        CronExpression.Parse(cron.Cron, cron.DayOr);
                        return true;
                    }
                    catch (FormatException)
                    {
                        return false;
                    }
                case IntervalScheduleSpec interval:
                    return interval.Interval > TimeSpan.Zero;
                case RRuleScheduleSpec rrule:
                    return RRuleEvaluation.CanEvaluate(rrule.RRule);
                case DatesScheduleSpec _:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Occurrences in [start, end], both ends inclusive, ascending, in UTC offsets.</summary>
        /// <exception cref="FormatException">The cron expression, rrule or time zone is invalid.</exception>
        /// <exception cref="NotSupportedException">The rrule uses features outside the supported subset.</exception>
        public static IEnumerable<DateTimeOffset> Occurrences(ScheduleSpec schedule, DateTimeOffset start, DateTimeOffset end)
        {
            if (schedule == null) throw new ArgumentNullException(nameof(schedule));
            // Validate eagerly so callers see bad input at the call, not at first enumeration.
            var zone = TimeZones.Find(schedule.Timezone);
            // A clock's own start/end dates narrow the window; the evaluation itself is unchanged.
            if (schedule.NotBefore.HasValue && schedule.NotBefore.Value > start) start = schedule.NotBefore.Value;
            if (schedule.NotAfter.HasValue && schedule.NotAfter.Value < end) end = schedule.NotAfter.Value;
            if (end < start) return Array.Empty<DateTimeOffset>();
            switch (schedule)
            {
                case CronScheduleSpec cron:
                    return CronEvaluation.Occurrences(CronExpression.Parse(cron.Cron, cron.DayOr), zone, start, end);
                case IntervalScheduleSpec interval:
                    return IntervalEvaluation.Occurrences(interval.Interval, interval.Anchor, zone, start, end);
                case RRuleScheduleSpec rrule:
                    return RRuleEvaluation.Occurrences(rrule.RRule, schedule.Timezone, start, end);
                case DatesScheduleSpec dates:
                    return dates.Dates.Where(d => d >= start && d <= end).Distinct().OrderBy(d => d).ToList();
                default:
                    throw new NotSupportedException($"Unknown schedule type {schedule.GetType().Name}.");
            }
        }
    }
}
