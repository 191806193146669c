using System;
using System.Collections.Generic;

namespace PrefectOps.Core.Scheduling
{
    /// <summary>Computes the times at which Prefect's scheduler would create runs for a schedule.</summary>
    public static class ScheduleEvaluator
    {
        /// <summary>False where a schedule cannot be evaluated faithfully (then callers warn instead of guessing).</summary>
        public static bool CanEvaluate(ScheduleSpec schedule) => throw new NotImplementedException();

        /// <summary>Occurrences in [start, end], both ends inclusive, ascending, in UTC offsets.</summary>
        public static IEnumerable<DateTimeOffset> Occurrences(ScheduleSpec schedule, DateTimeOffset start, DateTimeOffset end)
            => throw new NotImplementedException();
    }
}
