using System;
using System.Collections.Generic;
using System.Globalization;

namespace PrefectOps.Core.Scheduling
{
    /// <summary>Short interval text for tables: "1h", "15m", "1d 2h", "1m 30.5s".</summary>
    internal static class DurationText
    {
        internal static string Format(TimeSpan interval)
        {
            if (interval == TimeSpan.Zero) return "0s";
            var parts = new List<string>();
            var sign = interval < TimeSpan.Zero ? "-" : "";
            var ticks = Math.Abs(interval.Ticks);

            var days = ticks / TimeSpan.TicksPerDay;
            ticks -= days * TimeSpan.TicksPerDay;
            var hours = ticks / TimeSpan.TicksPerHour;
            ticks -= hours * TimeSpan.TicksPerHour;
            var minutes = ticks / TimeSpan.TicksPerMinute;
            ticks -= minutes * TimeSpan.TicksPerMinute;

            if (days > 0) parts.Add(days.ToString(CultureInfo.InvariantCulture) + "d");
            if (hours > 0) parts.Add(hours.ToString(CultureInfo.InvariantCulture) + "h");
            if (minutes > 0) parts.Add(minutes.ToString(CultureInfo.InvariantCulture) + "m");
            if (ticks > 0)
            {
                // Seconds keep their fraction (Prefect intervals may be fractional), without trailing zeros.
                var seconds = ticks / (decimal)TimeSpan.TicksPerSecond;
                parts.Add(seconds.ToString("0.#######", CultureInfo.InvariantCulture) + "s");
            }
            return sign + string.Join(" ", parts);
        }
    }
}
