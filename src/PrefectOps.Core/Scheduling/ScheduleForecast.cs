using System;
using System.Collections.Generic;
using System.Linq;

namespace PrefectOps.Core.Scheduling
{
    /// <summary>
    /// What a flow's schedules do in a window, worked out in one pass over their run times: how many distinct
    /// times (two schedules firing at the same instant make one run, as catch-up counts them), the first, the
    /// last and the most recent few. Nothing is held per run, so a week of five-minute runs costs no memory.
    /// Schedules that cannot be evaluated here are named, never guessed at.
    /// </summary>
    public sealed class ScheduleForecast
    {
        private ScheduleForecast(DateTimeOffset start, DateTimeOffset end, int count, DateTimeOffset? first, DateTimeOffset? last,
            IReadOnlyList<DateTimeOffset> mostRecent, IReadOnlyList<ScheduleSpec> unevaluable)
        {
            Start = start;
            End = end;
            Count = count;
            First = first;
            Last = last;
            MostRecent = mostRecent;
            Unevaluable = unevaluable;
        }

        /// <summary>The window, both ends inclusive.</summary>
        public DateTimeOffset Start { get; }
        public DateTimeOffset End { get; }
        /// <summary>Distinct run times of the evaluable schedules in the window.</summary>
        public int Count { get; }
        public DateTimeOffset? First { get; }
        public DateTimeOffset? Last { get; }
        /// <summary>The latest run times, ascending, at most as many as asked for.</summary>
        public IReadOnlyList<DateTimeOffset> MostRecent { get; }
        /// <summary>Schedules left out because PrefectOps cannot evaluate them faithfully.</summary>
        public IReadOnlyList<ScheduleSpec> Unevaluable { get; }

        /// <param name="keepLast">How many of the latest times to keep (catch-up's -MaxCatchUpRuns).</param>
        public static ScheduleForecast For(IReadOnlyList<ScheduleSpec> schedules, DateTimeOffset start, DateTimeOffset end, int keepLast)
        {
            if (keepLast < 0) throw new ArgumentOutOfRangeException(nameof(keepLast));
            var unevaluable = new List<ScheduleSpec>();
            var streams = new List<IEnumerator<DateTimeOffset>>();
            foreach (var schedule in schedules)
            {
                if (!ScheduleEvaluator.CanEvaluate(schedule)) { unevaluable.Add(schedule); continue; }
                var times = ScheduleEvaluator.Occurrences(schedule, start, end).GetEnumerator();
                if (times.MoveNext()) streams.Add(times);
                else times.Dispose();
            }

            var tally = new Tally(keepLast);
            try
            {
                // One schedule (the usual case) needs no merging.
                if (streams.Count == 1)
                {
                    var times = streams[0];
                    do tally.Add(times.Current); while (times.MoveNext());
                }
                // Each schedule's times ascend, so repeatedly taking the smallest head merges them in order, and a
                // time equal to the last one taken is the same run from another schedule.
                else while (streams.Count > 0)
                {
                    int next = 0;
                    for (int i = 1; i < streams.Count; i++)
                        if (streams[i].Current < streams[next].Current) next = i;
                    tally.Add(streams[next].Current);
                    if (!streams[next].MoveNext())
                    {
                        streams[next].Dispose();
                        streams.RemoveAt(next);
                    }
                }
            }
            finally
            {
                foreach (var s in streams) s.Dispose();
            }
            return new ScheduleForecast(start, end, tally.Count, tally.First, tally.Last, tally.MostRecent(), unevaluable);
        }

        /// <summary>Counts ascending times, dropping repeats, and keeps the latest few in a ring.</summary>
        private sealed class Tally
        {
            private readonly DateTimeOffset[] _ring;
            private DateTimeOffset _first, _last;

            public Tally(int keep) => _ring = new DateTimeOffset[keep];

            public int Count { get; private set; }
            public DateTimeOffset? First => Count > 0 ? _first : (DateTimeOffset?)null;
            public DateTimeOffset? Last => Count > 0 ? _last : (DateTimeOffset?)null;

            public void Add(DateTimeOffset t)
            {
                // Plain fields, not nullables: this runs once per run time, two million times for a week of 1,000 flows.
                if (Count > 0 && t.UtcTicks <= _last.UtcTicks) return;
                if (Count == 0) _first = t;
                _last = t;
                if (_ring.Length > 0) _ring[Count % _ring.Length] = t;
                Count++;
            }

            public IReadOnlyList<DateTimeOffset> MostRecent()
            {
                int kept = Math.Min(Count, _ring.Length);
                var result = new DateTimeOffset[kept];
                for (int i = 0; i < kept; i++) result[i] = _ring[(Count - kept + i) % _ring.Length];
                return result;
            }
        }
    }
}
