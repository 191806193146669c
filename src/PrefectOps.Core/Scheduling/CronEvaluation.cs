using System;
using System.Collections.Generic;

namespace PrefectOps.Core.Scheduling
{
    /// <summary>
    /// The run times Prefect 2.19's server creates for a cron schedule
    /// (prefect/server/schemas/schedules.py, CronSchedule._get_dates_generator):
    /// the window start is converted to the schedule's zone and made naive; croniter walks naive wall-clock
    /// times from there (so it never sees DST); each result is re-attached to the zone with
    /// pendulum.instance, i.e. POST_TRANSITION (see <see cref="ZoneClock"/>). Consequences we reproduce:
    /// a wall time skipped by spring-forward runs that far later (02:30 -> 03:30) and is dropped when that
    /// instant already came from another wall time (Prefect dedupes with a set); a wall time that occurs twice
    /// runs once, at its second (standard-time) occurrence, so the first repeated hour has no runs.
    /// Prefect stops at the first candidate past the end, and sorts; we do both lazily.
    /// Prefect also caps one call at 1,000 candidates (MAX_ITERATIONS); that is a paging limit of its
    /// scheduler loop, not part of the schedule, so we enumerate the whole window.
    /// </summary>
    internal static class CronEvaluation
    {
        internal static IEnumerable<DateTimeOffset> Occurrences(CronExpression cron, TimeZoneInfo zone, DateTimeOffset start, DateTimeOffset end)
        {
            if (end < start) yield break;

            var clock = new ZoneClock(zone);
            // Prefect subtracts a second, rounds microseconds up and asks croniter for the next minute after that,
            // which is the first whole wall-clock minute at or after the start.
            var wall = clock.ToWall(start);
            var endWall = clock.ToWall(end);
            var limit = endWall > DateTime.MaxValue.AddDays(-2) ? DateTime.MaxValue.AddDays(-2) : endWall.AddDays(1);

            // Instants from skipped wall times can come out ahead of later candidates; hold them until a
            // regular candidate shows nothing smaller can follow.
            var pending = new SortedSet<DateTimeOffset>();
            var last = DateTimeOffset.MinValue;

            foreach (var next in cron.Candidates(wall, limit))
            {
                var instant = clock.FromWall(next, out var skipped);
                if (instant > end) break;

                if (skipped)
                {
                    pending.Add(instant);
                }
                else
                {
                    while (pending.Count > 0 && pending.Min < instant)
                    {
                        var held = pending.Min;
                        pending.Remove(held);
                        if (held > last) { last = held; yield return held; }
                    }
                    pending.Remove(instant);
                    if (instant > last) { last = instant; yield return instant; }
                }
            }

            foreach (var held in pending)
                if (held > last) { last = held; yield return held; }
        }
    }
}
