using System;
using System.Collections.Generic;
using System.Linq;

namespace PrefectOps.Core.Scheduling
{
    /// <summary>
    /// RRule schedules as Prefect 2.19 evaluates them (prefect/server/schemas/schedules.py, RRuleSchedule.to_rrule and
    /// _get_dates_generator): rrulestr(dtstart=2020-01-01), DTSTART/UNTIL given the schedule's zone by
    /// replace(tzinfo=dateutil.tz.gettz(zone)) (wall fields kept), then xafter(start, inc=True). dateutil builds wall-clock
    /// times and resolves them with fold=0: a repeated time is its first occurrence and a skipped one is read with the
    /// post-transition offset (02:30 on a spring-forward day becomes 01:30 standard time). COUNT counts from DTSTART
    /// before Prefect's de-duplication, as dateutil does. Generation runs from DTSTART (COUNT needs it).
    /// </summary>
    internal static class RRuleEvaluation
    {
        internal static bool CanEvaluate(string rrule)
        {
            try
            {
                RRule.Parse(rrule);
                return true;
            }
            catch (NotSupportedException)
            {
                return false;
            }
        }

        internal static IEnumerable<DateTimeOffset> Occurrences(string rrule, string? timezone, DateTimeOffset start, DateTimeOffset end)
        {
            var rule = RRule.Parse(rrule);
            return Iterate(rule, TimeZones.Find(timezone), start, end);
        }

        private static IEnumerable<DateTimeOffset> Iterate(RRule rule, TimeZoneInfo zone, DateTimeOffset start, DateTimeOffset end)
        {
            if (end < start) yield break;
            var clock = new ZoneClock(zone);
            var dtstart = clock.FromWall(rule.Start, true, out _);
            var until = rule.Until is DateTime u ? clock.FromWall(u, true, out _) : (DateTimeOffset?)null;
            var lastWallDay = clock.ToWall(end).Date.AddDays(2);
            var remaining = rule.Count;
            var last = DateTimeOffset.MinValue;
            var batch = new List<DateTimeOffset>();

            // The seconds of DTSTART are kept on every occurrence (dateutil's default BYSECOND).
            var second = rule.Start.Second;
            foreach (var period in Periods(rule))
            {
                if (period.Length == 0) continue;
                if (period[0] > lastWallDay) break;
                batch.Clear();
                var stop = false;
                foreach (var day in period)
                {
                    if (!rule.DayMatches(day)) continue;
                    foreach (var hour in rule.Hours)
                    foreach (var minute in rule.Minutes)
                    {
                        var instant = clock.FromWall(day.AddHours(hour).AddMinutes(minute).AddSeconds(second), true, out _);
                        if (until != null && instant > until) { stop = true; break; }
                        if (instant < dtstart) continue;
                        if (remaining != null && remaining-- <= 0) { stop = true; break; }
                        if (instant < start) continue;
                        if (instant > end) { stop = true; break; }
                        batch.Add(instant);
                    }
                    if (stop) break;
                }

                // Skipped wall times resolve earlier than their neighbours; Prefect sorts and de-duplicates.
                batch.Sort();
                foreach (var instant in batch)
                    if (instant > last) { last = instant; yield return instant; }
                if (stop) yield break;
            }
        }

        /// <summary>The days of each period dateutil visits, in order (the first weekly period runs from DTSTART to the week's end).</summary>
        private static IEnumerable<DateTime[]> Periods(RRule rule)
        {
            var first = rule.Start.Date;
            var step = rule.Interval;
            switch (rule.Freq)
            {
                case RRule.Frequency.Daily:
                    for (var day = first; day.Year < 9999; day = day.AddDays(step))
                        yield return new[] { day };
                    break;
                case RRule.Frequency.Weekly:
                    // Weeks start on Monday (dateutil's default WKST).
                    var daysFromMonday = ((int)first.DayOfWeek + 6) % 7;
                    var weekStart = first.AddDays(-daysFromMonday);
                    yield return Days(first, weekStart.AddDays(7));
                    for (weekStart = weekStart.AddDays(7 * step); weekStart.Year < 9999; weekStart = weekStart.AddDays(7 * step))
                        yield return Days(weekStart, weekStart.AddDays(7));
                    break;
                case RRule.Frequency.Monthly:
                    for (var month = new DateTime(first.Year, first.Month, 1); month.Year < 9999; month = month.AddMonths(step))
                        yield return Days(month, month.AddMonths(1));
                    break;
                case RRule.Frequency.Yearly:
                    for (var year = new DateTime(first.Year, 1, 1); year.Year < 9999; year = year.AddYears(step))
                        yield return Days(year, year.AddYears(1));
                    break;
            }
        }

        private static DateTime[] Days(DateTime from, DateTime to)
            => Enumerable.Range(0, (int)(to - from).TotalDays).Select(i => from.AddDays(i)).ToArray();
    }
}
