using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace PrefectOps.Core.Scheduling
{
    /// <summary>
    /// The subset of dateutil's rrulestr that we evaluate faithfully: one RRULE (optionally with a DTSTART line),
    /// FREQ=YEARLY|MONTHLY|WEEKLY|DAILY, INTERVAL, COUNT, UNTIL, BYDAY without ordinals, BYMONTH, positive
    /// BYMONTHDAY, BYHOUR, BYMINUTE. Anything else (EXDATE, RDATE, several rules, BYSETPOS, WKST, ...) is refused
    /// with NotSupportedException so callers can warn instead of guessing.
    /// </summary>
    internal sealed class RRule
    {
        internal enum Frequency { Yearly, Monthly, Weekly, Daily }

        /// <summary>Prefect passes dtstart=2020-01-01 to rrulestr, used when the string has no DTSTART.</summary>
        private static readonly DateTime DefaultStart = new DateTime(2020, 1, 1);

        internal Frequency Freq { get; private set; }
        internal int Interval { get; private set; } = 1;
        internal int? Count { get; private set; }
        /// <summary>Wall-clock fields only: Prefect re-attaches DTSTART and UNTIL to the schedule's zone.</summary>
        internal DateTime Start { get; private set; } = DefaultStart;
        internal DateTime? Until { get; private set; }
        internal ISet<int> Months { get; private set; } = new HashSet<int>();
        internal ISet<int> MonthDays { get; private set; } = new HashSet<int>();
        internal ISet<DayOfWeek> WeekDays { get; private set; } = new HashSet<DayOfWeek>();
        internal int[] Hours { get; private set; } = Array.Empty<int>();
        internal int[] Minutes { get; private set; } = Array.Empty<int>();

        internal static RRule Parse(string text)
        {
            var rule = new RRule();
            string? body = null;
            // rrulestr upper-cases its input.
            foreach (var raw in (text ?? "").ToUpperInvariant().Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var line = raw.Trim();
                if (line.Length == 0) continue;
                if (line.StartsWith("DTSTART", StringComparison.Ordinal))
                {
                    var colon = line.LastIndexOf(':');
                    if (colon < 0) throw Unsupported(text, $"DTSTART line '{line}' has no value");
                    rule.Start = ParseDate(line.Substring(colon + 1), text);
                }
                else if (line.StartsWith("RRULE:", StringComparison.Ordinal) || line.StartsWith("FREQ=", StringComparison.Ordinal) || (!line.Contains(":") && line.Contains("=")))
                {
                    if (body != null) throw Unsupported(text, "more than one RRULE");
                    body = line.StartsWith("RRULE:", StringComparison.Ordinal) ? line.Substring(6) : line;
                }
                else
                {
                    var name = line.Split(':', ';')[0];
                    throw Unsupported(text, $"'{name}' lines are not supported");
                }
            }
            if (body == null) throw Unsupported(text, "no RRULE");

            string? freq = null;
            string? byDay = null, byMonth = null, byMonthDay = null, byHour = null, byMinute = null;
            foreach (var part in body.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = part.IndexOf('=');
                if (eq <= 0) throw Unsupported(text, $"malformed part '{part}'");
                var key = part.Substring(0, eq).Trim();
                var value = part.Substring(eq + 1).Trim();
                switch (key)
                {
                    case "FREQ": freq = value; break;
                    case "INTERVAL": rule.Interval = PositiveInt(value, key, text); break;
                    case "COUNT": rule.Count = PositiveInt(value, key, text); break;
                    case "UNTIL": rule.Until = ParseDate(value, text); break;
                    case "BYDAY": byDay = value; break;
                    case "BYMONTH": byMonth = value; break;
                    case "BYMONTHDAY": byMonthDay = value; break;
                    case "BYHOUR": byHour = value; break;
                    case "BYMINUTE": byMinute = value; break;
                    default: throw Unsupported(text, $"{key} is not supported");
                }
            }
            if (rule.Count != null && rule.Until != null) throw Unsupported(text, "COUNT and UNTIL together");

            switch (freq)
            {
                case "YEARLY": rule.Freq = Frequency.Yearly; break;
                case "MONTHLY": rule.Freq = Frequency.Monthly; break;
                case "WEEKLY": rule.Freq = Frequency.Weekly; break;
                case "DAILY": rule.Freq = Frequency.Daily; break;
                case null: throw Unsupported(text, "FREQ is missing");
                default: throw Unsupported(text, $"FREQ={freq} is not supported");
            }

            rule.Months = new HashSet<int>(Ints(byMonth, 1, 12, "BYMONTH", text));
            rule.MonthDays = new HashSet<int>(Ints(byMonthDay, 1, 31, "BYMONTHDAY", text));
            rule.WeekDays = new HashSet<DayOfWeek>(WeekDayList(byDay, text));
            rule.Hours = Ints(byHour, 0, 23, "BYHOUR", text).Distinct().OrderBy(h => h).ToArray();
            rule.Minutes = Ints(byMinute, 0, 59, "BYMINUTE", text).Distinct().OrderBy(m => m).ToArray();

            // dateutil's defaults from DTSTART when no day selector is given.
            if (rule.MonthDays.Count == 0 && rule.WeekDays.Count == 0)
            {
                if (rule.Freq == Frequency.Yearly)
                {
                    if (rule.Months.Count == 0) rule.Months.Add(rule.Start.Month);
                    rule.MonthDays.Add(rule.Start.Day);
                }
                else if (rule.Freq == Frequency.Monthly) rule.MonthDays.Add(rule.Start.Day);
                else if (rule.Freq == Frequency.Weekly) rule.WeekDays.Add(rule.Start.DayOfWeek);
            }
            // Frequencies coarser than hourly take the time of day from DTSTART (seconds too, and they are never filtered).
            if (rule.Hours.Length == 0) rule.Hours = new[] { rule.Start.Hour };
            if (rule.Minutes.Length == 0) rule.Minutes = new[] { rule.Start.Minute };
            return rule;
        }

        internal bool DayMatches(DateTime day)
            => (Months.Count == 0 || Months.Contains(day.Month))
               && (MonthDays.Count == 0 || MonthDays.Contains(day.Day))
               && (WeekDays.Count == 0 || WeekDays.Contains(day.DayOfWeek));

        private static DateTime ParseDate(string value, string text)
        {
            var v = value.Trim();
            // A trailing Z or a TZID only changes the zone, and Prefect replaces the zone with the schedule's.
            if (v.EndsWith("Z", StringComparison.Ordinal)) v = v.Substring(0, v.Length - 1);
            var formats = new[] { "yyyyMMdd'T'HHmmss", "yyyyMMdd'T'HHmm", "yyyyMMdd" };
            if (DateTime.TryParseExact(v, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                return parsed;
            throw Unsupported(text, $"date '{value}' is not in the form YYYYMMDD[THHMMSS]");
        }

        private static int PositiveInt(string value, string key, string text)
        {
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0) return n;
            throw Unsupported(text, $"{key}={value} is not a positive integer");
        }

        private static IEnumerable<int> Ints(string? list, int min, int max, string key, string text)
        {
            if (list == null) yield break;
            foreach (var item in list.Split(','))
            {
                if (!int.TryParse(item.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
                    throw Unsupported(text, $"{key} value '{item}' is outside {min}-{max} or negative");
                yield return n;
            }
        }

        private static IEnumerable<DayOfWeek> WeekDayList(string? list, string text)
        {
            if (list == null) yield break;
            var names = new[] { "SU", "MO", "TU", "WE", "TH", "FR", "SA" };
            foreach (var item in list.Split(','))
            {
                var index = Array.IndexOf(names, item.Trim());
                if (index < 0) throw Unsupported(text, $"BYDAY value '{item}' (ordinals such as 1MO are not supported)");
                yield return (DayOfWeek)index;
            }
        }

        private static NotSupportedException Unsupported(string text, string why)
            => new NotSupportedException($"RRule '{text}' is outside the supported subset: {why}.");
    }
}
