using System;
using System.Collections.Generic;

namespace PrefectOps.Core.Scheduling
{
    /// <summary>
    /// A parsed five-field cron expression with croniter's matching rules, evaluated on naive wall-clock
    /// times (Prefect hands croniter a naive local datetime, so no time zone is involved here).
    /// </summary>
    internal sealed class CronExpression
    {
        private static readonly Dictionary<string, string> Macros = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["@yearly"] = "0 0 1 1 *",
            ["@annually"] = "0 0 1 1 *",
            ["@monthly"] = "0 0 1 * *",
            ["@weekly"] = "0 0 * * 0",
            ["@daily"] = "0 0 * * *",
            ["@midnight"] = "0 0 * * *",
            ["@hourly"] = "0 * * * *",
        };

        private readonly int[] _nextMinute;
        private readonly int[] _nextHour;
        private readonly int[] _nextMonth;
        private readonly ulong _days;
        private readonly ulong _daysOfWeek;
        private readonly bool _daysAreAny;
        private readonly bool _useOr;

        private CronExpression(ulong minutes, ulong hours, ulong days, bool dayStar, ulong months, ulong daysOfWeek, bool dowStar, bool dayOr)
        {
            _nextMinute = CronField.NextTable(minutes, 60);
            _nextHour = CronField.NextTable(hours, 24);
            _nextMonth = CronField.NextTable(months, 13);
            _days = days;
            _daysOfWeek = daysOfWeek;
            _daysAreAny = dayStar && dowStar;
            // croniter ORs the two day fields only when both are restricted and day_or is set; otherwise a
            // '*' field matches every day, so AND gives the right answer in the remaining cases.
            _useOr = dayOr && !dayStar && !dowStar;
        }

        /// <summary>Parses a five-field expression or macro; throws FormatException naming the bad field and value.</summary>
        internal static CronExpression Parse(string? expression, bool dayOr)
        {
            var original = expression ?? "";
            var text = original.Trim();
            if (text.Length == 0)
                throw new FormatException("Invalid cron expression '': it is empty.");
            if (text.StartsWith("@", StringComparison.Ordinal))
            {
                if (!Macros.TryGetValue(text, out var expanded))
                    throw new FormatException($"Invalid cron expression '{original}': unknown macro '{text}' (expected @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly).");
                text = expanded;
            }

            var parts = text.Split(new[] { ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 5)
                throw new FormatException($"Invalid cron expression '{original}': expected 5 fields (minute hour day-of-month month day-of-week), found {parts.Length}.");

            var minutes = CronField.Minute.Parse(parts[0], original, out _);
            var hours = CronField.Hour.Parse(parts[1], original, out _);
            var days = CronField.DayOfMonth.Parse(parts[2], original, out var dayStar);
            var months = CronField.Month.Parse(parts[3], original, out _);
            var daysOfWeek = CronField.DayOfWeek.Parse(parts[4], original, out var dowStar);
            return new CronExpression(minutes, hours, days, dayStar, months, daysOfWeek, dowStar, dayOr);
        }

        /// <summary>The first matching minute at or after <paramref name="from"/> (rounded up to a whole minute), or null if none by <paramref name="limit"/>.</summary>
        internal DateTime? NextOnOrAfter(DateTime from, DateTime limit)
        {
            var t = CeilingToMinute(from);
            while (t <= limit)
            {
                var month = _nextMonth[t.Month];
                if (month != t.Month)
                {
                    t = month < 0 ? new DateTime(t.Year + 1, _nextMonth[1], 1) : new DateTime(t.Year, month, 1);
                    continue;
                }

                if (!DayMatches(t))
                {
                    t = t.Date.AddDays(1);
                    continue;
                }

                var hour = _nextHour[t.Hour];
                if (hour != t.Hour)
                {
                    t = hour < 0 ? t.Date.AddDays(1) : t.Date.AddHours(hour);
                    continue;
                }

                var minute = _nextMinute[t.Minute];
                if (minute != t.Minute)
                {
                    t = minute < 0 ? t.Date.AddHours(t.Hour + 1) : t.Date.AddHours(t.Hour).AddMinutes(minute);
                    continue;
                }

                return t;
            }

            return null;
        }

        /// <summary>
        /// The matching minutes from <paramref name="from"/> on, ascending, up to <paramref name="limit"/>: what calling
        /// <see cref="NextOnOrAfter"/> again one minute after each match gives, but stepping through a day's hours and
        /// minutes by the tables instead of taking every candidate's date apart (a week of five-minute runs is 2,000 of them).
        /// </summary>
        internal IEnumerable<DateTime> Candidates(DateTime from, DateTime limit)
        {
            var first = NextOnOrAfter(from, limit);
            if (first == null) yield break;
            var day = first.Value.Date;
            int hour = first.Value.Hour, minute = first.Value.Minute;
            while (true)
            {
                var t = new DateTime(day.Ticks + hour * TimeSpan.TicksPerHour + minute * TimeSpan.TicksPerMinute, DateTimeKind.Unspecified);
                if (t > limit) yield break;
                yield return t;
                int nextMinute = minute < 59 ? _nextMinute[minute + 1] : -1;
                if (nextMinute >= 0) { minute = nextMinute; continue; }
                int nextHour = hour < 23 ? _nextHour[hour + 1] : -1;
                if (nextHour >= 0) { hour = nextHour; minute = _nextMinute[0]; continue; }
                if (day >= limit.Date) yield break;
                var next = NextOnOrAfter(day.AddDays(1), limit);
                if (next == null) yield break;
                day = next.Value.Date;
                hour = next.Value.Hour;
                minute = next.Value.Minute;
            }
        }

        private bool DayMatches(DateTime day)
        {
            if (_daysAreAny) return true;
            var dom = (_days & (1UL << day.Day)) != 0;
            var dow = (_daysOfWeek & (1UL << (int)day.DayOfWeek)) != 0;
            return _useOr ? dom || dow : dom && dow;
        }

        private static DateTime CeilingToMinute(DateTime t)
        {
            var floor = new DateTime(t.Ticks - t.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Unspecified);
            return floor == t ? floor : floor.AddMinutes(1);
        }
    }
}
