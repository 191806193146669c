using System;
using System.Globalization;
using System.Xml;
using Newtonsoft.Json.Linq;

namespace PrefectOps.Core.Scheduling
{
    /// <summary>Reads and writes Prefect 2.x/3.x schedule JSON ({"cron","timezone","day_or"}, {"interval","anchor_date","timezone"}, {"rrule","timezone"}).</summary>
    public static class ScheduleJson
    {
        private const string AnchorFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffffzzz";

        /// <summary>The schedule in <paramref name="schedule"/>; null for null or JSON null.</summary>
        /// <exception cref="FormatException">Not one of Prefect's three schedule shapes, or a field has the wrong type.</exception>
        public static ScheduleSpec? Parse(JToken? schedule)
        {
            if (schedule == null || schedule.Type == JTokenType.Null || schedule.Type == JTokenType.Undefined)
                return null;
            if (!(schedule is JObject obj))
                throw new FormatException($"A schedule must be a JSON object, got {schedule.Type}.");

            var kinds = (obj["cron"] != null ? 1 : 0) + (obj["interval"] != null ? 1 : 0) + (obj["rrule"] != null ? 1 : 0);
            if (kinds != 1)
                throw new FormatException($"Unknown schedule shape (expected exactly one of cron, interval, rrule): {obj.ToString(Newtonsoft.Json.Formatting.None)}");

            var timezone = OptionalString(obj, "timezone");
            if (obj["cron"] != null)
            {
                return new CronScheduleSpec
                {
                    Cron = RequiredString(obj, "cron"),
                    Timezone = timezone,
                    DayOr = OptionalBool(obj, "day_or") ?? true,
                };
            }
            if (obj["rrule"] != null)
                return new RRuleScheduleSpec { RRule = RequiredString(obj, "rrule"), Timezone = timezone };

            var interval = ReadInterval(obj["interval"]!);
            return new IntervalScheduleSpec
            {
                Interval = interval,
                // Prefect fills a missing anchor_date with the current UTC time when the schedule is created.
                Anchor = ReadAnchor(obj["anchor_date"]) ?? DateTimeOffset.UtcNow,
                Timezone = timezone,
            };
        }

        /// <summary>The body Prefect's server accepts for a deployment schedule.</summary>
        public static JObject ToJson(ScheduleSpec schedule)
        {
            if (schedule == null) throw new ArgumentNullException(nameof(schedule));
            var obj = new JObject();
            switch (schedule)
            {
                case CronScheduleSpec cron:
                    obj["cron"] = cron.Cron;
                    obj["day_or"] = cron.DayOr;
                    break;
                case IntervalScheduleSpec interval:
                    // Seconds as a float, as Prefect serializes timedelta; microsecond precision like Python's timedelta.
                    obj["interval"] = new JValue((double)(interval.Interval.Ticks / 10 * 10) / TimeSpan.TicksPerSecond);
                    obj["anchor_date"] = new JValue(interval.Anchor.ToString(AnchorFormat, CultureInfo.InvariantCulture));
                    break;
                case RRuleScheduleSpec rrule:
                    obj["rrule"] = rrule.RRule;
                    break;
                default:
                    throw new NotSupportedException($"Unknown schedule type {schedule.GetType().Name}.");
            }
            if (!string.IsNullOrEmpty(schedule.Timezone))
                obj["timezone"] = schedule.Timezone;
            return obj;
        }

        private static TimeSpan ReadInterval(JToken token)
        {
            switch (token.Type)
            {
                case JTokenType.Integer:
                case JTokenType.Float:
                    return FromSeconds(token.Value<double>());
                case JTokenType.String:
                    var text = token.Value<string>()!.Trim();
                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
                        return FromSeconds(seconds);
                    try
                    {
                        // Pydantic v2 can render timedelta as an ISO-8601 duration ("PT1H").
                        return XmlConvert.ToTimeSpan(text);
                    }
                    catch (FormatException)
                    {
                        throw new FormatException($"Schedule interval '{text}' is neither seconds nor an ISO-8601 duration.");
                    }
                default:
                    throw new FormatException($"Schedule interval must be a number of seconds, got {token.Type}.");
            }
        }

        /// <summary>Rounds to whole microseconds, as Python's timedelta does; TimeSpan.FromSeconds would round to milliseconds on netstandard2.0.</summary>
        private static TimeSpan FromSeconds(double seconds)
        {
            if (double.IsNaN(seconds) || double.IsInfinity(seconds) || Math.Abs(seconds) > TimeSpan.MaxValue.TotalSeconds / 2)
                throw new FormatException($"Schedule interval {seconds} is out of range.");
            var micros = Math.Round((decimal)seconds * 1_000_000m, MidpointRounding.ToEven);
            return TimeSpan.FromTicks((long)micros * 10);
        }

        private static DateTimeOffset? ReadAnchor(JToken? token)
        {
            if (token == null || token.Type == JTokenType.Null) return null;
            if (token.Type == JTokenType.Date)
            {
                // JSON.NET may already have parsed the string; a DateTime keeps the instant but not the offset.
                var value = ((JValue)token).Value;
                if (value is DateTimeOffset dto) return dto;
                var dt = (DateTime)value!;
                return dt.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(dt, TimeSpan.Zero) : new DateTimeOffset(dt).ToUniversalTime();
            }
            if (token.Type != JTokenType.String)
                throw new FormatException($"Schedule anchor_date must be an ISO-8601 string, got {token.Type}.");
            var text = token.Value<string>()!;
            // A naive anchor is read as UTC, as pendulum does when Prefect parses it.
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
                return parsed;
            throw new FormatException($"Schedule anchor_date '{text}' is not an ISO-8601 date-time.");
        }

        private static string RequiredString(JObject obj, string name)
        {
            var token = obj[name];
            if (token == null || token.Type != JTokenType.String)
                throw new FormatException($"Schedule field '{name}' must be a string, got {token?.Type.ToString() ?? "nothing"}.");
            return token.Value<string>()!;
        }

        private static string? OptionalString(JObject obj, string name)
        {
            var token = obj[name];
            if (token == null || token.Type == JTokenType.Null) return null;
            if (token.Type != JTokenType.String)
                throw new FormatException($"Schedule field '{name}' must be a string, got {token.Type}.");
            return token.Value<string>();
        }

        private static bool? OptionalBool(JObject obj, string name)
        {
            var token = obj[name];
            if (token == null || token.Type == JTokenType.Null) return null;
            if (token.Type != JTokenType.Boolean)
                throw new FormatException($"Schedule field '{name}' must be true or false, got {token.Type}.");
            return token.Value<bool>();
        }
    }
}
