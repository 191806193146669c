using System;
using System.Globalization;

namespace PrefectOps.Core.Scheduling
{
    /// <summary>
    /// One of the five cron fields, expanded to a bit set the way croniter 1.x/2.x expands it
    /// (croniter.py `_expand`), because Prefect 2.19 validates and evaluates crons with croniter.
    /// </summary>
    internal sealed class CronField
    {
        internal static readonly CronField Minute = new CronField("minute", 0, 59, null);
        internal static readonly CronField Hour = new CronField("hour", 0, 23, null);
        internal static readonly CronField DayOfMonth = new CronField("day-of-month", 1, 31, null);
        internal static readonly CronField Month = new CronField("month", 1, 12, new[] { "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec" });
        // croniter's day-of-week range is 0-7 (7 = Sunday again); names are 0-based.
        internal static readonly CronField DayOfWeek = new CronField("day-of-week", 0, 7, new[] { "sun", "mon", "tue", "wed", "thu", "fri", "sat" });

        private readonly string[]? _names;

        private CronField(string name, int min, int max, string[]? names)
        {
            Name = name;
            Min = min;
            Max = max;
            _names = names;
        }

        internal string Name { get; }
        internal int Min { get; }
        internal int Max { get; }

        /// <summary>Number of distinct values that means "every value" (croniter's LEN_MEANS_ALL).</summary>
        private int AllCount => this == DayOfWeek ? 7 : Max - Min + 1;

        /// <summary>Expands <paramref name="text"/> to a bit set; <paramref name="isStar"/> is croniter's '*' (every value).</summary>
        internal ulong Parse(string text, string expression, out bool isStar)
        {
            ulong bits = 0;
            foreach (var item in text.Split(','))
                bits |= ParseItem(item.Trim().ToLowerInvariant(), text, expression);

            // croniter maps 7 to Sunday (LOWMAP) after expanding ranges.
            if (this == DayOfWeek && (bits & (1UL << 7)) != 0)
                bits = (bits & ~(1UL << 7)) | 1UL;

            var count = 0;
            for (var i = Min; i <= Max; i++)
                if ((bits & (1UL << i)) != 0) count++;
            // A field that lists every value counts as '*' (croniter LEN_MEANS_ALL), which matters for day_or.
            isStar = count == AllCount;
            return bits;
        }

        private ulong ParseItem(string item, string fieldText, string expression)
        {
            if (item.Length == 0)
                throw Error(fieldText, expression, "has an empty list item");
            if (item == "*")
                return Range(Min, Max, 1);

            string rangePart = item;
            int step = 1;
            bool hasStep = false;
            var slash = item.IndexOf('/');
            if (slash >= 0)
            {
                rangePart = item.Substring(0, slash);
                var stepText = item.Substring(slash + 1);
                if (!IsDigits(stepText) || !int.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1)
                    throw Error(fieldText, expression, $"has an invalid step '{stepText}'");
                hasStep = true;
            }

            int low, high;
            if (rangePart == "*")
            {
                low = Min;
                high = this == DayOfWeek ? 7 : Max;
            }
            else
            {
                var dash = rangePart.IndexOf('-');
                if (dash == 0)
                    throw Error(fieldText, expression, "has a negative number");
                if (dash > 0)
                {
                    low = Value(rangePart.Substring(0, dash), fieldText, expression);
                    high = Value(rangePart.Substring(dash + 1), fieldText, expression);
                    if (low > high)
                    {
                        // croniter accepts "FRI-SUN"/"5-0" in day-of-week as ending on Sunday (7); other reversed ranges are errors.
                        if (this == DayOfWeek && high == 0) high = 7;
                        else throw Error(fieldText, expression, $"has a reversed range '{rangePart}'");
                    }
                }
                else
                {
                    low = Value(rangePart, fieldText, expression);
                    // croniter reads "5/15" as "5-<max>/15".
                    high = hasStep ? (this == DayOfWeek ? 7 : Max) : low;
                }
            }

            var bits = Range(low, high, step);
            // croniter maps 0 to 1 in day-of-month and month (LOWMAP) rather than rejecting it.
            if ((this == DayOfMonth || this == Month) && (bits & 1UL) != 0)
                bits = (bits & ~1UL) | 2UL;
            return bits;
        }

        private int Value(string token, string fieldText, string expression)
        {
            if (token.Length == 0)
                throw Error(fieldText, expression, "has an empty range bound");
            int value;
            if (IsDigits(token))
            {
                if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out value))
                    throw Error(fieldText, expression, $"value '{token}' is out of range {Min}-{Max}");
            }
            else
            {
                var index = _names == null ? -1 : Array.IndexOf(_names, token);
                if (index < 0)
                {
                    if (token == "l" || token.IndexOf('#') >= 0 || token.StartsWith("l", StringComparison.Ordinal))
                        throw Error(fieldText, expression, $"uses '{token}', which is not supported (no L or # syntax)");
                    throw Error(fieldText, expression, $"value '{token}' is not a number" + (_names == null ? "" : " or a known name"));
                }
                value = this == Month ? index + 1 : index;
            }

            var min = this == DayOfMonth || this == Month ? 0 : Min; // 0 is mapped to 1 by the caller, as croniter does
            if (value < min || value > Max)
                throw Error(fieldText, expression, $"value '{token}' is out of range {Min}-{Max}");
            return value;
        }

        private static ulong Range(int low, int high, int step)
        {
            ulong bits = 0;
            for (var i = low; i <= high; i += step)
                bits |= 1UL << i;
            return bits;
        }

        private static bool IsDigits(string s)
        {
            if (s.Length == 0) return false;
            foreach (var c in s)
                if (c < '0' || c > '9') return false;
            return true;
        }

        private FormatException Error(string fieldText, string expression, string problem)
            => new FormatException($"Invalid cron expression '{expression}': {Name} field '{fieldText}' {problem}.");

        /// <summary>Table of the next allowed value at or after each index (-1 when none), so evaluation jumps instead of scanning.</summary>
        internal static int[] NextTable(ulong bits, int size)
        {
            var table = new int[size + 1];
            var next = -1;
            for (var i = size; i >= 0; i--)
            {
                if (i < size && (bits & (1UL << i)) != 0) next = i;
                table[i] = next;
            }
            return table;
        }
    }
}
