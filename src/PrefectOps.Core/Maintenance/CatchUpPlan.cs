using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace PrefectOps.Core.Maintenance
{
    /// <summary>The missed runs an enable will create: the window, and the times where the schedules could be evaluated here.</summary>
    public sealed class CatchUpPlan
    {
        internal CatchUpPlan(DateTimeOffset start, DateTimeOffset end, int maxRuns, IReadOnlyList<DateTimeOffset>? times, string? warning)
        {
            Start = start;
            End = end;
            MaxRuns = maxRuns;
            Times = times;
            Warning = warning;
        }

        /// <summary>First time asked of the server (the earliest of the runs kept when -MaxCatchUpRuns cuts the window).</summary>
        public DateTimeOffset Start { get; }
        public DateTimeOffset End { get; }
        public int MaxRuns { get; }
        /// <summary>The scheduled times of the runs to create, ascending; null where a schedule cannot be evaluated here (the server still does it).</summary>
        public IReadOnlyList<DateTimeOffset>? Times { get; }
        public string? Warning { get; }

        /// <summary>Nothing to ask of the server: no missed run in the window.</summary>
        public bool IsEmpty => Times != null && Times.Count == 0;

        public string Describe()
        {
            if (Times == null) return $"catch up the runs between {Format(Start)} and {Format(End)} (at most {MaxRuns} per schedule)";
            if (Times.Count == 0) return "no missed runs to catch up";
            const int shown = 5;
            string list = string.Join(", ", Times.Take(shown).Select(Format));
            if (Times.Count > shown) list += $" and {Times.Count - shown} more";
            return $"catch up {Times.Count} missed run{(Times.Count == 1 ? "" : "s")}: {list}";
        }

        private static string Format(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
    }
}
