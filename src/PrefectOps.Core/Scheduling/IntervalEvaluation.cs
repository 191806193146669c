using System;
using System.Collections.Generic;

namespace PrefectOps.Core.Scheduling
{
    /// <summary>
    /// The run times Prefect 2.19's server creates for an interval schedule
    /// (prefect/server/schemas/schedules.py, IntervalSchedule._get_dates_generator, pendulum branch):
    /// it jumps from the anchor by trunc((start - anchor) / interval) whole intervals in absolute time
    /// (pendulum's add(seconds=...) works in UTC), then steps with add(days=interval.days, seconds=rest).
    /// Under a day that step is absolute, so hourly runs keep UTC spacing across DST. With whole days in it,
    /// pendulum adds the whole step to the wall clock and re-localizes (POST_TRANSITION), so a daily run keeps
    /// its local clock time across DST, counted from the jump point: which local hour that is depends on the
    /// anchor's offset at the jump, as in Prefect. We follow that rather than an idealized anchor + k*interval.
    /// </summary>
    internal static class IntervalEvaluation
    {
        internal static IEnumerable<DateTimeOffset> Occurrences(TimeSpan interval, DateTimeOffset anchor, TimeZoneInfo zone, DateTimeOffset start, DateTimeOffset end)
        {
            if (interval <= TimeSpan.Zero)
                throw new ArgumentException($"Interval must be positive, got {interval}.", nameof(interval));
            return Iterate(interval, anchor, zone, start, end);
        }

        private static IEnumerable<DateTimeOffset> Iterate(TimeSpan interval, DateTimeOffset anchor, TimeZoneInfo zone, DateTimeOffset start, DateTimeOffset end)
        {
            if (end < start) yield break;

            var step = interval.Ticks;
            // Python's int() truncates toward zero, so from an anchor in the future this lands at or after start.
            var jumps = (start.UtcTicks - anchor.UtcTicks) / step;
            var next = new DateTimeOffset(anchor.UtcTicks + jumps * step, TimeSpan.Zero);

            if (interval < TimeSpan.FromDays(1))
            {
                while (next < start) next = next.AddTicks(step);
                while (next <= end)
                {
                    yield return next;
                    if (end.UtcTicks - next.UtcTicks < step) yield break;
                    next = next.AddTicks(step);
                }
                yield break;
            }

            var clock = new ZoneClock(zone);
            var wall = clock.ToWall(next);
            while (next < start)
            {
                wall = wall.AddTicks(step);
                next = clock.FromWall(wall, out _);
                wall = clock.ToWall(next); // pendulum keeps the re-localized fields, e.g. 02:30 becomes 03:30 for good
            }
            while (next <= end)
            {
                yield return next.ToUniversalTime();
                if (DateTime.MaxValue.Ticks - wall.Ticks <= step) yield break;
                wall = wall.AddTicks(step);
                next = clock.FromWall(wall, out _);
                wall = clock.ToWall(next);
            }
        }
    }
}
