using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PrefectOps.Core.Scheduling;

namespace PrefectOps.Tests.Scheduling
{
    /// <summary>Shorthand for literal UTC instants and running a schedule over a window.</summary>
    internal static class Times
    {
        internal static DateTimeOffset U(string iso)
            => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

        internal static DateTimeOffset[] Us(params string[] isos) => isos.Select(U).ToArray();

        internal static DateTimeOffset[] Run(ScheduleSpec spec, string start, string end)
            => ScheduleEvaluator.Occurrences(spec, U(start), U(end)).ToArray();

        internal static CronScheduleSpec Cron(string cron, string? tz = null, bool dayOr = true)
            => new CronScheduleSpec { Cron = cron, Timezone = tz, DayOr = dayOr };
    }
}
