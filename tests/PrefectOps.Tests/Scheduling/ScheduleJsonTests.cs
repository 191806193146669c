using System;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Scheduling;
using Xunit;
using static PrefectOps.Tests.Scheduling.Times;

namespace PrefectOps.Tests.Scheduling
{
    public class ScheduleJsonTests
    {
        [Fact]
        public void ParsesCron()
        {
            var spec = Assert.IsType<CronScheduleSpec>(ScheduleJson.Parse(JObject.Parse(@"{""cron"":""*/5 * * * *"",""timezone"":""America/New_York"",""day_or"":false}")));
            Assert.Equal("*/5 * * * *", spec.Cron);
            Assert.Equal("America/New_York", spec.Timezone);
            Assert.False(spec.DayOr);
        }

        [Fact]
        public void ParsesCron_Defaults()
        {
            var spec = Assert.IsType<CronScheduleSpec>(ScheduleJson.Parse(JObject.Parse(@"{""cron"":""0 0 * * *"",""timezone"":null}")));
            Assert.True(spec.DayOr);
            Assert.Null(spec.Timezone);
        }

        [Fact]
        public void ParsesInterval_KeepsMicrosecondsAndOffset()
        {
            // Load without date parsing so the anchor string reaches Parse as text.
            var token = JsonConvert.DeserializeObject<JObject>(@"{""interval"":3600.0,""anchor_date"":""2026-11-22T01:40:13.841311+02:00"",""timezone"":""UTC""}",
                new JsonSerializerSettings { DateParseHandling = DateParseHandling.None });
            var spec = Assert.IsType<IntervalScheduleSpec>(ScheduleJson.Parse(token));
            Assert.Equal(TimeSpan.FromHours(1), spec.Interval);
            Assert.Equal(new DateTimeOffset(2026, 11, 22, 1, 40, 13, TimeSpan.FromHours(2)).AddTicks(8_413_110), spec.Anchor);
            Assert.Equal(TimeSpan.FromHours(2), spec.Anchor.Offset);
            Assert.Equal("UTC", spec.Timezone);
        }

        [Fact]
        public void ParsesInterval_WhenJsonNetAlreadyParsedTheDate()
        {
            // JObject.Parse turns ISO strings into DateTime; the instant must survive.
            var spec = Assert.IsType<IntervalScheduleSpec>(ScheduleJson.Parse(JObject.Parse(@"{""interval"":60,""anchor_date"":""2026-11-22T01:40:13.841311+00:00""}")));
            Assert.Equal(TimeSpan.FromMinutes(1), spec.Interval);
            Assert.Equal(U("2026-11-22T01:40:13.841311Z"), spec.Anchor);
            Assert.Null(spec.Timezone);
        }

        [Theory]
        [InlineData("0.5", 5_000_000L)]
        [InlineData("90.25", 902_500_000L)]
        [InlineData("0.0000015", 20L)] // Python's timedelta rounds half to even at microseconds: 1.5 us -> 2 us
        [InlineData("\"3600\"", 36_000_000_000L)]
        [InlineData("\"PT1H30M\"", 54_000_000_000L)]
        public void ParsesIntervalSeconds(string json, long ticks)
        {
            var spec = Assert.IsType<IntervalScheduleSpec>(ScheduleJson.Parse(JObject.Parse(@"{""interval"":" + json + @",""anchor_date"":""2024-01-01T00:00:00+00:00""}")));
            Assert.Equal(ticks, spec.Interval.Ticks);
        }

        [Fact]
        public void ParsesInterval_MissingAnchorDefaultsToNow()
        {
            var before = DateTimeOffset.UtcNow;
            var spec = Assert.IsType<IntervalScheduleSpec>(ScheduleJson.Parse(JObject.Parse(@"{""interval"":60}")));
            Assert.InRange(spec.Anchor, before, DateTimeOffset.UtcNow);
        }

        [Fact]
        public void ParsesRRule()
        {
            var spec = Assert.IsType<RRuleScheduleSpec>(ScheduleJson.Parse(JObject.Parse(@"{""rrule"":""FREQ=DAILY;INTERVAL=1"",""timezone"":""Europe/Berlin""}")));
            Assert.Equal("FREQ=DAILY;INTERVAL=1", spec.RRule);
            Assert.Equal("Europe/Berlin", spec.Timezone);
        }

        [Fact]
        public void NullGivesNull()
        {
            Assert.Null(ScheduleJson.Parse(null));
            Assert.Null(ScheduleJson.Parse(JValue.CreateNull()));
            Assert.Null(ScheduleJson.Parse(JObject.Parse(@"{""schedule"":null}")["schedule"]));
        }

        [Theory]
        [InlineData(@"{}")]
        [InlineData(@"{""timezone"":""UTC""}")]
        [InlineData(@"{""cron"":""* * * * *"",""interval"":60}")]
        [InlineData(@"[1,2]")]
        [InlineData(@"""0 0 * * *""")]
        [InlineData(@"{""cron"":5}")]
        [InlineData(@"{""cron"":""* * * * *"",""day_or"":""yes""}")]
        [InlineData(@"{""interval"":""soon""}")]
        [InlineData(@"{""interval"":60,""anchor_date"":""not a date""}")]
        public void UnknownShapes_Throw(string json)
        {
            var token = JsonConvert.DeserializeObject<JToken>(json, new JsonSerializerSettings { DateParseHandling = DateParseHandling.None });
            Assert.Throws<FormatException>(() => ScheduleJson.Parse(token));
        }

        [Fact]
        public void ToJson_Cron()
        {
            var json = ScheduleJson.ToJson(Cron("*/5 * * * *", "America/New_York"));
            Assert.Equal(@"{""cron"":""*/5 * * * *"",""day_or"":true,""timezone"":""America/New_York""}", json.ToString(Formatting.None));
        }

        [Fact]
        public void ToJson_Interval_SecondsAndIsoAnchor()
        {
            var spec = new IntervalScheduleSpec
            {
                Interval = TimeSpan.FromHours(1),
                Anchor = new DateTimeOffset(2026, 11, 22, 1, 40, 13, TimeSpan.Zero).AddTicks(8_413_110),
                Timezone = "UTC",
            };
            Assert.Equal(@"{""interval"":3600.0,""anchor_date"":""2026-11-22T01:40:13.841311+00:00"",""timezone"":""UTC""}",
                ScheduleJson.ToJson(spec).ToString(Formatting.None));
        }

        [Fact]
        public void ToJson_Interval_FractionalAndNoZone()
        {
            var spec = new IntervalScheduleSpec { Interval = TimeSpan.FromTicks(905_000_000), Anchor = new DateTimeOffset(2024, 1, 1, 9, 0, 0, TimeSpan.FromHours(-5)) };
            Assert.Equal(@"{""interval"":90.5,""anchor_date"":""2024-01-01T09:00:00.000000-05:00""}", ScheduleJson.ToJson(spec).ToString(Formatting.None));
        }

        [Fact]
        public void RoundTrips()
        {
            var cron = Cron("0 9 13 * FRI", "Europe/Berlin", dayOr: false);
            var back = Assert.IsType<CronScheduleSpec>(ScheduleJson.Parse(RoundTrip(ScheduleJson.ToJson(cron))));
            Assert.Equal((cron.Cron, cron.Timezone, cron.DayOr), (back.Cron, back.Timezone, back.DayOr));

            var interval = new IntervalScheduleSpec { Interval = TimeSpan.FromTicks(12_345_670), Anchor = U("2024-05-06T07:08:09.123456Z").ToOffset(TimeSpan.FromMinutes(330)), Timezone = "Asia/Kolkata" };
            var iback = Assert.IsType<IntervalScheduleSpec>(ScheduleJson.Parse(RoundTrip(ScheduleJson.ToJson(interval))));
            Assert.Equal(interval.Interval, iback.Interval);
            Assert.Equal(interval.Anchor, iback.Anchor);
            Assert.Equal(interval.Anchor.Offset, iback.Anchor.Offset);
            Assert.Equal("Asia/Kolkata", iback.Timezone);

            var rrule = new RRuleScheduleSpec { RRule = "DTSTART:20240101T090000\nRRULE:FREQ=WEEKLY;BYDAY=MO", Timezone = "UTC" };
            var rback = Assert.IsType<RRuleScheduleSpec>(ScheduleJson.Parse(RoundTrip(ScheduleJson.ToJson(rrule))));
            Assert.Equal((rrule.RRule, rrule.Timezone), (rback.RRule, rback.Timezone));
        }

        // Through text, as a request body travels.
        private static JToken RoundTrip(JObject json)
            => JsonConvert.DeserializeObject<JToken>(json.ToString(Formatting.None), new JsonSerializerSettings { DateParseHandling = DateParseHandling.None })!;
    }
}
