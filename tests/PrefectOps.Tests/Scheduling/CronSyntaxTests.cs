using System;
using PrefectOps.Core.Scheduling;
using Xunit;
using static PrefectOps.Tests.Scheduling.Times;

namespace PrefectOps.Tests.Scheduling
{
    /// <summary>Field syntax and day_or, evaluated in UTC. 2024-01-01 is a Monday; 2024 is a leap year.</summary>
    public class CronSyntaxTests
    {
        [Fact]
        public void StepOnStar_BothWindowEndsInclusive()
        {
            Assert.Equal(
                Us("2024-01-01T00:00Z", "2024-01-01T00:15Z", "2024-01-01T00:30Z", "2024-01-01T00:45Z", "2024-01-01T01:00Z"),
                Run(Cron("*/15 * * * *"), "2024-01-01T00:00Z", "2024-01-01T01:00Z"));
        }

        [Fact]
        public void StartBetweenMinutes_RoundsUp_AndMicrosecondsCount()
        {
            Assert.Equal(Us("2024-01-01T00:15Z"), Run(Cron("*/15 * * * *"), "2024-01-01T00:00:30Z", "2024-01-01T00:20Z"));
            // One microsecond past 00:15 is already after that run.
            Assert.Equal(Us("2024-01-01T00:30Z"), Run(Cron("*/15 * * * *"), "2024-01-01T00:15:00.000001Z", "2024-01-01T00:30Z"));
        }

        [Fact]
        public void Results_AreUtcOffsets()
        {
            foreach (var t in Run(Cron("0 9 * * *", "Asia/Kolkata"), "2024-01-01T00:00Z", "2024-01-03T00:00Z"))
                Assert.Equal(TimeSpan.Zero, t.Offset);
        }

        [Fact]
        public void RangeWithStep()
        {
            Assert.Equal(Us("2024-01-01T00:01Z", "2024-01-01T00:11Z", "2024-01-01T00:21Z"),
                Run(Cron("1-30/10 * * * *"), "2024-01-01T00:00Z", "2024-01-01T00:59Z"));
        }

        [Fact]
        public void StartWithStep_RunsToFieldMaximum()
        {
            // croniter reads 5/15 as 5-59/15.
            Assert.Equal(Us("2024-01-01T00:05Z", "2024-01-01T00:20Z", "2024-01-01T00:35Z", "2024-01-01T00:50Z"),
                Run(Cron("5/15 * * * *"), "2024-01-01T00:00Z", "2024-01-01T00:59Z"));
        }

        [Fact]
        public void Lists()
        {
            Assert.Equal(Us("2024-01-01T09:00Z", "2024-01-01T09:30Z", "2024-01-01T17:00Z", "2024-01-01T17:30Z"),
                Run(Cron("0,30 9,17 * * *"), "2024-01-01T00:00Z", "2024-01-01T23:59Z"));
        }

        [Fact]
        public void WeekdayNames_CaseInsensitive()
        {
            Assert.Equal(
                Us("2024-01-01T12:00Z", "2024-01-02T12:00Z", "2024-01-03T12:00Z", "2024-01-04T12:00Z", "2024-01-05T12:00Z"),
                Run(Cron("0 12 * * Mon-FRI"), "2024-01-01T00:00Z", "2024-01-07T23:59Z"));
        }

        [Fact]
        public void MonthNames()
        {
            Assert.Equal(Us("2024-02-01T00:00Z", "2024-03-01T00:00Z", "2024-04-01T00:00Z"),
                Run(Cron("0 0 1 feb-APR *"), "2024-01-01T00:00Z", "2024-12-31T23:59Z"));
            Assert.Equal(Us("2024-01-01T00:00Z", "2024-12-01T00:00Z"),
                Run(Cron("0 0 1 JAN,dec *"), "2024-01-01T00:00Z", "2024-12-31T23:59Z"));
        }

        [Theory]
        [InlineData("0 0 * * 0")]
        [InlineData("0 0 * * 7")]
        [InlineData("0 0 * * sun")]
        public void SundayIsZeroOrSeven(string cron)
        {
            // The Sundays of early January 2024 are the 7th and 14th.
            Assert.Equal(Us("2024-01-07T00:00Z", "2024-01-14T00:00Z"), Run(Cron(cron), "2024-01-01T00:00Z", "2024-01-15T00:00Z"));
        }

        [Fact]
        public void WeekdayRangeEndingOnSunday()
        {
            // croniter reads FRI-SUN (5-0) as 5-7.
            Assert.Equal(Us("2024-01-05T00:00Z", "2024-01-06T00:00Z", "2024-01-07T00:00Z"),
                Run(Cron("0 0 * * FRI-SUN"), "2024-01-01T00:00Z", "2024-01-07T23:59Z"));
        }

        [Fact]
        public void Macros()
        {
            Assert.Equal(Us("2024-01-01T00:00Z", "2024-01-01T01:00Z", "2024-01-01T02:00Z"), Run(Cron("@hourly"), "2024-01-01T00:00Z", "2024-01-01T02:30Z"));
            Assert.Equal(Us("2024-01-01T00:00Z", "2024-01-02T00:00Z"), Run(Cron("@daily"), "2024-01-01T00:00Z", "2024-01-02T12:00Z"));
            Assert.Equal(Us("2024-01-01T00:00Z", "2024-01-02T00:00Z"), Run(Cron("@midnight"), "2024-01-01T00:00Z", "2024-01-02T12:00Z"));
            Assert.Equal(Us("2024-01-07T00:00Z", "2024-01-14T00:00Z", "2024-01-21T00:00Z"), Run(Cron("@WEEKLY"), "2024-01-01T00:00Z", "2024-01-21T00:00Z"));
            Assert.Equal(Us("2024-01-01T00:00Z", "2024-02-01T00:00Z", "2024-03-01T00:00Z"), Run(Cron("@monthly"), "2024-01-01T00:00Z", "2024-03-15T00:00Z"));
            Assert.Equal(Us("2024-01-01T00:00Z", "2025-01-01T00:00Z", "2026-01-01T00:00Z"), Run(Cron("@yearly"), "2024-01-01T00:00Z", "2026-01-01T00:00Z"));
            Assert.Equal(Us("2025-01-01T00:00Z"), Run(Cron("@annually"), "2024-01-01T00:00:01Z", "2025-06-01T00:00Z"));
        }

        [Fact]
        public void LeapDayAndShortMonths()
        {
            Assert.Equal(Us("2024-02-29T00:00Z"), Run(Cron("0 0 29 2 *"), "2023-01-01T00:00Z", "2025-12-31T00:00Z"));
            Assert.Equal(Us("2024-01-31T00:00Z", "2024-03-31T00:00Z", "2024-05-31T00:00Z"), Run(Cron("0 0 31 * *"), "2024-01-01T00:00Z", "2024-06-30T00:00Z"));
            Assert.Empty(Run(Cron("0 0 30 2 *"), "2024-01-01T00:00Z", "2030-01-01T00:00Z"));
        }

        // October 2024: the 13th is a Sunday; the Fridays are the 4th, 11th, 18th and 25th.
        [Fact]
        public void DayOrTrue_EitherDayFieldMatches()
        {
            Assert.Equal(
                Us("2024-10-04T00:00Z", "2024-10-11T00:00Z", "2024-10-13T00:00Z", "2024-10-18T00:00Z", "2024-10-25T00:00Z"),
                Run(Cron("0 0 13 * FRI"), "2024-10-01T00:00Z", "2024-10-31T23:59Z"));
        }

        [Fact]
        public void DayOrFalse_BothDayFieldsMustMatch()
        {
            // Friday the 13th between September and December 2024: Sep 13 and Dec 13 (Oct 13 is a Sunday, Nov 13 a Wednesday).
            Assert.Equal(Us("2024-09-13T00:00Z", "2024-12-13T00:00Z"),
                Run(Cron("0 0 13 * FRI", dayOr: false), "2024-09-01T00:00Z", "2024-12-31T23:59Z"));
        }

        [Fact]
        public void DayOr_OnlyAppliesWhenBothDayFieldsAreRestricted()
        {
            // 0-6 lists every weekday, which croniter treats as '*', so only the 13th counts.
            Assert.Equal(Us("2024-10-13T00:00Z"), Run(Cron("0 0 13 * 0-6"), "2024-10-01T00:00Z", "2024-10-31T23:59Z"));
            // With day-of-month '*' only the weekday restricts, whatever day_or says.
            Assert.Equal(Us("2024-10-04T00:00Z", "2024-10-11T00:00Z"), Run(Cron("0 0 * * 5"), "2024-10-01T00:00Z", "2024-10-12T00:00Z"));
            Assert.Equal(Us("2024-10-04T00:00Z", "2024-10-11T00:00Z"), Run(Cron("0 0 * * 5", dayOr: false), "2024-10-01T00:00Z", "2024-10-12T00:00Z"));
        }

        [Fact]
        public void EmptyOrReversedWindow_GivesNothing()
        {
            Assert.Empty(Run(Cron("* * * * *"), "2024-01-01T00:00:30Z", "2024-01-01T00:00:59Z"));
            Assert.Empty(Run(Cron("* * * * *"), "2024-01-02T00:00Z", "2024-01-01T00:00Z"));
            Assert.Equal(Us("2024-01-01T00:00Z"), Run(Cron("* * * * *"), "2024-01-01T00:00Z", "2024-01-01T00:00Z"));
        }

        [Theory]
        [InlineData("61 * * * *", "minute", "61")]
        [InlineData("* 24 * * *", "hour", "24")]
        [InlineData("* * 32 * *", "day-of-month", "32")]
        [InlineData("* * * 13 *", "month", "13")]
        [InlineData("* * * * 8", "day-of-week", "8")]
        [InlineData("* * * foo *", "month", "foo")]
        [InlineData("* * * * MONDAY", "day-of-week", "monday")]
        [InlineData("*/0 * * * *", "minute", "0")]
        [InlineData("30-10 * * * *", "minute", "30-10")]
        [InlineData("-5 * * * *", "minute", "-5")]
        [InlineData("0 0 L * *", "day-of-month", "l")]
        [InlineData("0 0 * * 5#3", "day-of-week", "5#3")]
        [InlineData("0 0 * * ?", "day-of-week", "?")]
        [InlineData("1,,2 * * * *", "minute", "1,,2")]
        public void InvalidField_NamesFieldAndValue(string cron, string field, string value)
        {
            var ex = Assert.Throws<FormatException>(() => ScheduleEvaluator.Occurrences(Cron(cron), U("2024-01-01T00:00Z"), U("2024-01-02T00:00Z")));
            Assert.Contains(field + " field", ex.Message);
            Assert.Contains(value, ex.Message, StringComparison.OrdinalIgnoreCase);
            Assert.False(ScheduleEvaluator.CanEvaluate(Cron(cron)));
        }

        [Theory]
        [InlineData("* * * *")]
        [InlineData("0 * * * * *")]
        [InlineData("")]
        [InlineData("@reboot")]
        public void InvalidShape_Rejected(string cron)
        {
            Assert.Throws<FormatException>(() => ScheduleEvaluator.Occurrences(Cron(cron), U("2024-01-01T00:00Z"), U("2024-01-02T00:00Z")));
            Assert.False(ScheduleEvaluator.CanEvaluate(Cron(cron)));
        }

        [Fact]
        public void UnknownTimeZone_Rejected()
        {
            Assert.False(ScheduleEvaluator.CanEvaluate(Cron("* * * * *", "Mars/Olympus_Mons")));
            Assert.Throws<FormatException>(() => ScheduleEvaluator.Occurrences(Cron("* * * * *", "Mars/Olympus_Mons"), U("2024-01-01T00:00Z"), U("2024-01-02T00:00Z")));
        }

        [Fact]
        public void CanEvaluate_ValidCron()
        {
            Assert.True(ScheduleEvaluator.CanEvaluate(Cron("*/5 * * * *", "America/New_York")));
            Assert.True(ScheduleEvaluator.CanEvaluate(Cron("@weekly")));
        }
    }
}
