using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Scheduling;

namespace PrefectOps.Core.GraphQL
{
    /// <summary>
    /// One clock of a serialized Prefect 1 schedule (api-reference.md section 5), as a ScheduleSpec the shared
    /// evaluator runs, plus what the scheduler gives the runs it creates from it (parameter_defaults, labels).
    /// </summary>
    internal sealed class Prefect1Clock
    {
        /// <summary>IntervalClock's anchor when it has no start_date.</summary>
        private static readonly DateTimeOffset DefaultIntervalAnchor = new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero);

        private Prefect1Clock(ScheduleSpec spec, JObject raw)
        {
            Spec = spec;
            Raw = raw;
        }

        public ScheduleSpec Spec { get; }
        public JObject Raw { get; }
        public JObject Parameters => Raw["parameter_defaults"] as JObject ?? new JObject();
        /// <summary>The clock's labels; null when it has none (the run then gets the flow group's).</summary>
        public JArray? Labels => Raw["labels"] as JArray;
        /// <summary>Whether runs from this clock differ from plain ones (the scheduler then hashes them into its key, and so do we).</summary>
        public bool HasRunSettings => Parameters.Count > 0 || (Labels?.Count ?? 0) > 0;

        /// <summary>The clocks of `flow_group.schedule or flow.schedule`; a clock that cannot be read shows as an opaque schedule.</summary>
        public static List<Prefect1Clock> ReadAll(JToken? schedule)
        {
            var clocks = new List<Prefect1Clock>();
            if (!(schedule is JObject obj) || !(obj["clocks"] is JArray list)) return clocks;
            foreach (var clock in list.OfType<JObject>())
            {
                ScheduleSpec spec;
                try { spec = Read(clock); }
                catch (FormatException ex) { spec = new OpaqueScheduleSpec { Text = $"{(string?)clock["type"] ?? "clock"} ({ex.Message})" }; }
                clocks.Add(new Prefect1Clock(spec, clock));
            }
            return clocks;
        }

        private static ScheduleSpec Read(JObject clock)
        {
            string? tz = (clock["start_date"] as JObject)?["tz"]?.Type == JTokenType.String ? (string?)clock["start_date"]!["tz"] : null;
            var start = ReadDateTimeTz(clock["start_date"]);
            var end = ReadDateTimeTz(clock["end_date"]);
            switch ((string?)clock["type"])
            {
                case "CronClock":
                    return new CronScheduleSpec
                    {
                        Cron = (string?)clock["cron"] ?? throw new FormatException("no cron"),
                        DayOr = clock["day_or"]?.Type == JTokenType.Boolean ? (bool)clock["day_or"]! : true,
                        // A cron without start_date is evaluated in UTC.
                        Timezone = tz,
                        NotBefore = start,
                        NotAfter = end,
                    };
                case "IntervalClock":
                    long micros = clock["interval"]?.Type == JTokenType.Integer || clock["interval"]?.Type == JTokenType.Float
                        ? (long)(double)clock["interval"]! : throw new FormatException("no interval");
                    var anchor = start ?? DefaultIntervalAnchor;
                    return new IntervalScheduleSpec
                    {
                        // Prefect 1 stores intervals in MICROSECONDS.
                        Interval = TimeSpan.FromTicks(micros * 10),
                        Anchor = anchor,
                        Timezone = tz,
                        NotBefore = anchor,
                        NotAfter = end,
                    };
                case "DatesClock":
                    var dates = (clock["dates"] as JArray)?.Select(d => ReadDateTimeTz(d) ?? throw new FormatException("a date is empty")).ToList()
                        ?? throw new FormatException("no dates");
                    return new DatesScheduleSpec { Dates = dates, NotBefore = start, NotAfter = end };
                case "RRuleClock":
                    return new OpaqueScheduleSpec { Text = "rrule (Prefect 1 RRuleClock)" + (tz != null ? $" ({tz})" : "") };
                default:
                    return new OpaqueScheduleSpec { Text = $"{(string?)clock["type"] ?? "unknown clock"}" };
            }
        }

        /// <summary>DateTimeTZ `{"dt": naive ISO, "tz": IANA}` (or an ISO string) as an instant; null for null.</summary>
        internal static DateTimeOffset? ReadDateTimeTz(JToken? token)
        {
            if (token == null || token.Type == JTokenType.Null) return null;
            string? text = token.Type == JTokenType.String ? (string?)token : (string?)token["dt"];
            string? tz = token.Type == JTokenType.Object ? (string?)token["tz"] : null;
            if (text == null) throw new FormatException($"cannot read the date {token.ToString(Newtonsoft.Json.Formatting.None)}");
            if (HasOffset(text))
                return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wall))
                throw new FormatException($"cannot read the date '{text}'");
            var zone = TimeZones.Find(tz);
            return new ZoneClock(zone).FromWall(DateTime.SpecifyKind(wall, DateTimeKind.Unspecified), out _).ToUniversalTime();
        }

        private static bool HasOffset(string text)
        {
            if (text.EndsWith("Z", StringComparison.OrdinalIgnoreCase)) return true;
            int t = text.IndexOf('T');
            if (t < 0) t = text.IndexOf(' ');
            if (t < 0) return false;
            string time = text.Substring(t + 1);
            return time.IndexOf('+') >= 0 || time.IndexOf('-') >= 0;
        }
    }
}
