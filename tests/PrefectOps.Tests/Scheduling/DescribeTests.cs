using System;
using PrefectOps.Core.Scheduling;
using Xunit;

namespace PrefectOps.Tests.Scheduling
{
    public class DescribeTests
    {
        [Fact]
        public void Cron()
        {
            Assert.Equal("cron */5 * * * * (America/New_York)", new CronScheduleSpec { Cron = "*/5 * * * *", Timezone = "America/New_York" }.Describe());
            Assert.Equal("cron 0 0 * * *", new CronScheduleSpec { Cron = "0 0 * * *" }.Describe());
            Assert.Equal("cron 0 0 13 * FRI day_or=false (UTC)", new CronScheduleSpec { Cron = "0 0 13 * FRI", DayOr = false, Timezone = "UTC" }.Describe());
        }

        [Fact]
        public void Interval()
        {
            Assert.Equal("every 1h (UTC)", new IntervalScheduleSpec { Interval = TimeSpan.FromHours(1), Timezone = "UTC" }.Describe());
            Assert.Equal("every 15m", new IntervalScheduleSpec { Interval = TimeSpan.FromMinutes(15) }.Describe());
            Assert.Equal("every 1d 2h (Europe/Berlin)", new IntervalScheduleSpec { Interval = new TimeSpan(1, 2, 0, 0), Timezone = "Europe/Berlin" }.Describe());
            Assert.Equal("every 1m 30.5s", new IntervalScheduleSpec { Interval = TimeSpan.FromTicks(905_000_000) }.Describe());
            Assert.Equal("every 7d", new IntervalScheduleSpec { Interval = TimeSpan.FromDays(7) }.Describe());
            Assert.Equal("every 0.000001s", new IntervalScheduleSpec { Interval = TimeSpan.FromTicks(10) }.Describe());
        }

        [Fact]
        public void RRule()
        {
            Assert.Equal("rrule FREQ=DAILY;INTERVAL=1 (UTC)", new RRuleScheduleSpec { RRule = "FREQ=DAILY;INTERVAL=1", Timezone = "UTC" }.Describe());
            Assert.Equal("rrule DTSTART:20240101T090000; RRULE:FREQ=WEEKLY;BYDAY=MO", new RRuleScheduleSpec { RRule = "DTSTART:20240101T090000\nRRULE:FREQ=WEEKLY;BYDAY=MO" }.Describe());
        }
    }
}
