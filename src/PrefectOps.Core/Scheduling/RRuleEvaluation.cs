using System;
using System.Collections.Generic;

namespace PrefectOps.Core.Scheduling
{
    /// <summary>RRule schedules: not evaluated yet, so callers warn instead of guessing.</summary>
    internal static class RRuleEvaluation
    {
        internal static bool CanEvaluate(string rrule) => false;

        internal static IEnumerable<DateTimeOffset> Occurrences(string rrule, string? timezone, DateTimeOffset start, DateTimeOffset end)
            => throw new NotSupportedException($"RRule schedules are not evaluated ('{rrule}'); check ScheduleEvaluator.CanEvaluate first.");
    }
}
