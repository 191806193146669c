using System;
using System.Collections.Concurrent;
using TimeZoneConverter;

namespace PrefectOps.Core.Scheduling
{
    /// <summary>Resolves Prefect's IANA time zone names through TimeZoneConverter, so Windows/.NET Framework hosts work too.</summary>
    internal static class TimeZones
    {
        private static readonly ConcurrentDictionary<string, TimeZoneInfo> Cache = new ConcurrentDictionary<string, TimeZoneInfo>(StringComparer.Ordinal);

        /// <summary>The zone for <paramref name="name"/>; null or empty means UTC, as in Prefect.</summary>
        internal static TimeZoneInfo Find(string? name)
        {
            if (string.IsNullOrWhiteSpace(name) || name == "UTC")
                return TimeZoneInfo.Utc;
            return Cache.GetOrAdd(name!, n =>
            {
                try
                {
                    return TZConvert.GetTimeZoneInfo(n);
                }
                catch (TimeZoneNotFoundException ex)
                {
                    throw new FormatException($"Unknown time zone '{n}': expected an IANA name such as 'America/New_York'.", ex);
                }
            });
        }

        internal static bool TryFind(string? name, out TimeZoneInfo zone)
        {
            try
            {
                zone = Find(name);
                return true;
            }
            catch (FormatException)
            {
                zone = TimeZoneInfo.Utc;
                return false;
            }
        }
    }
}
