using System;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using PrefectOps.Sandbox.Http;

namespace PrefectOps.Sandbox.Scheduling
{
    /// <summary>
    /// Validates a schedule body and returns it as the server echoes it: cron gains "day_or": true, interval gains
    /// "anchor_date" and "timezone". Errors mimic pydantic's union error (section 7 "create deployment invalid cron").
    /// </summary>
    public static class ScheduleNormalizer
    {
        private static readonly Regex CronField = new Regex(@"^[0-9A-Za-z\*/,\-\?LW#]+$");

        public sealed class Invalid : Exception
        {
            public JArray Details { get; }
            public Invalid(JArray details) : base("invalid schedule") { Details = details; }
        }

        public static JObject Normalize(JToken? schedule, JArray locPrefix)
        {
            if (!(schedule is JObject o)) throw Fail(locPrefix, "value is not a valid dict", "type_error.dict");
            string? tz = o["timezone"]?.Type == JTokenType.String ? (string?)o["timezone"] : null;
            if (tz != null && !IsTimeZone(tz))
                throw Fail(Loc(locPrefix, "timezone"), $"Invalid timezone: \"{tz}\" (specify in IANA tzdata format, for example, America/New_York)", "value_error");

            if (o["cron"] != null)
            {
                string cron = (string?)o["cron"] ?? "";
                var fields = cron.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 5 || fields.Length > 6 || fields.Any(f => !CronField.IsMatch(f)))
                    throw new Invalid(new JArray(
                        Detail(Loc(locPrefix, "interval"), "field required", "value_error.missing"),
                        Detail(Loc(locPrefix, "cron"), "extra fields not permitted", "value_error.extra"),
                        Detail(Loc(locPrefix, "cron"), $"Invalid cron string: \"{cron}\"", "value_error"),
                        Detail(Loc(locPrefix, "rrule"), "field required", "value_error.missing"),
                        Detail(Loc(locPrefix, "cron"), "extra fields not permitted", "value_error.extra")));
                return new JObject
                {
                    ["cron"] = cron,
                    ["timezone"] = tz == null ? JValue.CreateNull() : new JValue(tz),
                    ["day_or"] = o["day_or"]?.Type == JTokenType.Boolean ? (bool)o["day_or"]! : true,
                };
            }
            if (o["interval"] != null)
            {
                double seconds;
                var iv = o["interval"]!;
                if (iv.Type == JTokenType.Integer || iv.Type == JTokenType.Float) seconds = (double)iv;
                else if (iv.Type == JTokenType.String && TryIsoDuration((string)iv!, out var ts)) seconds = ts.TotalSeconds;
                else throw Fail(Loc(locPrefix, "interval"), "invalid duration format", "value_error.duration");
                if (seconds <= 0) throw Fail(Loc(locPrefix, "interval"), "ensure this value is greater than 0", "value_error");
                string anchor = "2020-01-01T00:00:00+00:00";
                if (o["anchor_date"] != null && o["anchor_date"]!.Type != JTokenType.Null)
                {
                    if (!Json.TryParseTime(o["anchor_date"], out var a))
                        throw Fail(Loc(locPrefix, "anchor_date"), "invalid datetime format", "value_error.datetime");
                    anchor = Json.Time(a);
                }
                return new JObject { ["interval"] = seconds, ["anchor_date"] = anchor, ["timezone"] = tz ?? "UTC" };
            }
            if (o["rrule"] != null)
            {
                return new JObject { ["rrule"] = (string?)o["rrule"], ["timezone"] = tz == null ? JValue.CreateNull() : new JValue(tz) };
            }
            throw new Invalid(new JArray(
                Detail(Loc(locPrefix, "interval"), "field required", "value_error.missing"),
                Detail(Loc(locPrefix, "cron"), "field required", "value_error.missing"),
                Detail(Loc(locPrefix, "rrule"), "field required", "value_error.missing")));
        }

        public static bool IsTimeZone(string tz)
        {
            try { TimeZoneInfo.FindSystemTimeZoneById(tz); return true; }
            catch (Exception) { return false; }
        }

        private static bool TryIsoDuration(string s, out TimeSpan ts)
        {
            ts = default;
            try { ts = System.Xml.XmlConvert.ToTimeSpan(s); return true; } catch (FormatException) { return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && (ts = TimeSpan.FromSeconds(d)) > TimeSpan.Zero; }
        }

        private static JArray Loc(JArray prefix, string field) { var l = (JArray)prefix.DeepClone(); l.Add(field); return l; }

        private static JObject Detail(JArray loc, string msg, string type) => new JObject { ["loc"] = loc, ["msg"] = msg, ["type"] = type };

        private static Invalid Fail(JArray loc, string msg, string type) => new Invalid(new JArray(Detail(loc, msg, type)));
    }
}
