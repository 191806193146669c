using System;

namespace PrefectOps.Core.Scheduling
{
    /// <summary>
    /// Converts between instants and wall-clock times in one zone. Wall times are resolved the way pendulum 2
    /// does with its default dst_rule=POST_TRANSITION (what Prefect 2.19 gets from pendulum.instance/pendulum.datetime):
    /// a wall time that occurs twice (fall back) is the later instant; a wall time that does not exist (spring
    /// forward) is read with the offset from before the transition, so it lands that far after it (02:30 -> 03:30).
    /// Keeps the offset of the last local day it saw, because a schedule resolves thousands of times per day.
    /// </summary>
    internal sealed class ZoneClock
    {
        private static readonly TimeSpan Probe = TimeSpan.FromHours(15);

        private readonly TimeZoneInfo _zone;
        private readonly bool _isUtc;
        private DateTime _cachedDay = DateTime.MinValue;
        private TimeSpan? _cachedOffset;

        internal ZoneClock(TimeZoneInfo zone)
        {
            _zone = zone;
            _isUtc = zone == TimeZoneInfo.Utc || (zone.BaseUtcOffset == TimeSpan.Zero && zone.GetAdjustmentRules().Length == 0);
        }

        /// <summary>The local wall-clock time of an instant (Kind Unspecified).</summary>
        internal DateTime ToWall(DateTimeOffset instant)
        {
            var utc = instant.UtcDateTime;
            if (_isUtc) return DateTime.SpecifyKind(utc, DateTimeKind.Unspecified);
            return DateTime.SpecifyKind(utc + _zone.GetUtcOffset(utc), DateTimeKind.Unspecified);
        }

        /// <summary>The instant of a wall-clock time (POST_TRANSITION); <paramref name="skipped"/> is true when it fell in a spring-forward gap.</summary>
        internal DateTimeOffset FromWall(DateTime wall, out bool skipped) => FromWall(wall, false, out skipped);

        /// <summary>
        /// The instant of a wall-clock time. pendulum (cron, interval) takes the later candidate both when the time
        /// occurs twice and when it is skipped; dateutil's tz (rrule) takes the earlier one in both cases, because it
        /// reads a skipped time with the post-transition offset and a repeated one with fold=0.
        /// </summary>
        internal DateTimeOffset FromWall(DateTime wall, bool earlier, out bool skipped)
        {
            skipped = false;
            var asUtc = DateTime.SpecifyKind(wall, DateTimeKind.Utc);
            if (_isUtc) return new DateTimeOffset(asUtc);

            var day = wall.Date;
            if (day != _cachedDay)
            {
                _cachedDay = day;
                _cachedOffset = UniformOffset(day);
            }
            if (_cachedOffset is TimeSpan uniform)
                return new DateTimeOffset(asUtc - uniform);

            return Resolve(asUtc, earlier, out skipped);
        }

        /// <summary>The offset of the whole local day when no transition is near it, else null.</summary>
        private TimeSpan? UniformOffset(DateTime day)
        {
            // Offsets lie within -12h..+14h, so these instants bracket every instant of the local day.
            var before = _zone.GetUtcOffset(SafeAdd(DateTime.SpecifyKind(day, DateTimeKind.Utc), -Probe));
            var after = _zone.GetUtcOffset(SafeAdd(DateTime.SpecifyKind(day, DateTimeKind.Utc), TimeSpan.FromDays(1) + Probe));
            return before == after ? before : (TimeSpan?)null;
        }

        private DateTimeOffset Resolve(DateTime asUtc, bool earlier, out bool skipped)
        {
            skipped = false;
            var before = _zone.GetUtcOffset(SafeAdd(asUtc, -TimeSpan.FromDays(1)));
            var after = _zone.GetUtcOffset(SafeAdd(asUtc, TimeSpan.FromDays(1)));
            var byBefore = asUtc - before;
            var byAfter = asUtc - after;
            var beforeValid = _zone.GetUtcOffset(byBefore) == before;
            var afterValid = _zone.GetUtcOffset(byAfter) == after;

            if (beforeValid && afterValid)
                return new DateTimeOffset((byBefore > byAfter) != earlier ? byBefore : byAfter); // occurs twice
            if (afterValid)
                return new DateTimeOffset(byAfter);
            if (beforeValid)
                return new DateTimeOffset(byBefore);

            // In a gap: the pre-transition offset gives the later instant, the post-transition one the earlier.
            skipped = true;
            return new DateTimeOffset(earlier ? byAfter : byBefore);
        }

        private static DateTime SafeAdd(DateTime t, TimeSpan d)
        {
            if (d < TimeSpan.Zero && t.Ticks < -d.Ticks) return DateTime.SpecifyKind(DateTime.MinValue, t.Kind);
            if (d > TimeSpan.Zero && DateTime.MaxValue.Ticks - t.Ticks < d.Ticks) return DateTime.SpecifyKind(DateTime.MaxValue, t.Kind);
            return t + d;
        }
    }
}
