using System;
using PrefectOps.Core.Scheduling;
using Xunit;
using static PrefectOps.Tests.Scheduling.Times;

namespace PrefectOps.Tests.Scheduling
{
    /// <summary>The rrule subset, as Prefect 2.19 evaluates it with dateutil. 2024-01-01 is a Monday.</summary>
    public class RRuleTests
    {
        private static RRuleScheduleSpec R(string rrule, string? tz = null) => new RRuleScheduleSpec { RRule = rrule, Timezone = tz };

        [Fact]
        public void DailyWithoutDtstart_KeepsLocalTimeAcrossDst()
        {
            // Prefect's default DTSTART is 2020-01-01; 09:00 EST = 14:00Z, 09:00 EDT = 13:00Z.
            Assert.Equal(Us("2024-03-09T14:00Z", "2024-03-10T13:00Z", "2024-03-11T13:00Z"),
                Run(R("FREQ=DAILY;BYHOUR=9;BYMINUTE=0", "America/New_York"), "2024-03-09T00:00Z", "2024-03-11T23:59Z"));
        }

        [Fact]
        public void WeeklyByDayWithCount()
        {
            Assert.Equal(Us("2024-01-01T09:30Z", "2024-01-03T09:30Z", "2024-01-05T09:30Z", "2024-01-08T09:30Z"),
                Run(R("DTSTART:20240101T093000\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=4"), "2024-01-01T00:00Z", "2024-01-31T00:00Z"));
        }

        [Fact]
        public void CountStartsAtDtstart_NotAtTheWindow()
        {
            // The 4 runs are Jan 1, 3, 5, 8; a window from Jan 4 sees the last two.
            Assert.Equal(Us("2024-01-05T09:30Z", "2024-01-08T09:30Z"),
                Run(R("DTSTART:20240101T093000\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=4"), "2024-01-04T00:00Z", "2024-01-31T00:00Z"));
        }

        [Fact]
        public void MonthlyByMonthDay_UntilInclusive()
        {
            // Only months with a 31st; UNTIL equal to the last run keeps it.
            Assert.Equal(Us("2024-01-31T00:00Z", "2024-03-31T00:00Z", "2024-05-31T00:00Z"),
                Run(R("DTSTART:20240101T000000\nRRULE:FREQ=MONTHLY;BYMONTHDAY=31;UNTIL=20240531T000000"), "2024-01-01T00:00Z", "2024-12-31T00:00Z"));
        }

        [Fact]
        public void WeeklyInterval_DefaultsToDtstartWeekday()
        {
            // DTSTART is Wednesday Jan 3; every other week.
            Assert.Equal(Us("2024-01-03T12:00Z", "2024-01-17T12:00Z", "2024-01-31T12:00Z"),
                Run(R("DTSTART:20240103T120000\nRRULE:FREQ=WEEKLY;INTERVAL=2"), "2024-01-01T00:00Z", "2024-02-13T00:00Z"));
        }

        [Fact]
        public void YearlyByMonth_DefaultsToDtstartDay()
        {
            Assert.Equal(Us("2024-01-15T08:00Z", "2024-07-15T08:00Z", "2025-01-15T08:00Z"),
                Run(R("dtstart:20240115T080000\nrrule:freq=yearly;bymonth=1,7"), "2024-01-01T00:00Z", "2025-06-30T00:00Z"));
        }

        [Fact]
        public void SkippedWallTime_ResolvesEarlier_AsDateutilDoes()
        {
            // 02:30 EST = 07:30Z on Mar 9; 02:30 on Mar 10 does not exist and dateutil reads it with EDT: 06:30Z
            // (01:30 EST); 02:30 EDT = 06:30Z on Mar 11. (A cron would run at 03:30 EDT instead.)
            Assert.Equal(Us("2024-03-09T07:30Z", "2024-03-10T06:30Z", "2024-03-11T06:30Z"),
                Run(R("DTSTART:20240309T023000\nRRULE:FREQ=DAILY;COUNT=3", "America/New_York"), "2024-03-01T00:00Z", "2024-03-31T00:00Z"));
        }

        [Fact]
        public void RepeatedWallTime_IsItsFirstOccurrence()
        {
            // 01:30 EDT = 05:30Z on Nov 2 and (first occurrence, fold=0) on Nov 3; 01:30 EST = 06:30Z on Nov 4.
            Assert.Equal(Us("2024-11-02T05:30Z", "2024-11-03T05:30Z", "2024-11-04T06:30Z"),
                Run(R("DTSTART:20241102T013000\nRRULE:FREQ=DAILY;COUNT=3", "America/New_York"), "2024-11-01T00:00Z", "2024-11-30T00:00Z"));
        }

        [Fact]
        public void DtstartZone_IsReplacedByTheScheduleZone()
        {
            // Prefect keeps DTSTART's wall fields and attaches the schedule's zone: 09:00 New York = 14:00Z.
            Assert.Equal(Us("2024-01-01T14:00Z"),
                Run(R("DTSTART:20240101T090000Z\nRRULE:FREQ=DAILY;COUNT=1", "America/New_York"), "2024-01-01T00:00Z", "2024-01-05T00:00Z"));
        }

        [Theory]
        [InlineData("FREQ=HOURLY")]
        [InlineData("FREQ=MONTHLY;BYDAY=1MO")]
        [InlineData("FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO")]
        [InlineData("FREQ=DAILY;BYMONTHDAY=-1")]
        [InlineData("FREQ=WEEKLY;WKST=SU;INTERVAL=2")]
        [InlineData("DTSTART:20240101T000000\nRRULE:FREQ=DAILY\nEXDATE:20240102T000000")]
        [InlineData("RRULE:FREQ=DAILY\nRRULE:FREQ=WEEKLY")]
        [InlineData("BYDAY=MO")]
        public void OutsideSubset_NotEvaluable(string rrule)
        {
            Assert.False(ScheduleEvaluator.CanEvaluate(R(rrule)));
            var ex = Assert.Throws<NotSupportedException>(() => ScheduleEvaluator.Occurrences(R(rrule), U("2024-01-01T00:00Z"), U("2024-01-02T00:00Z")));
            Assert.Contains("supported subset", ex.Message);
        }

        [Fact]
        public void InsideSubset_Evaluable()
        {
            Assert.True(ScheduleEvaluator.CanEvaluate(R("FREQ=DAILY;INTERVAL=1", "UTC")));
            Assert.True(ScheduleEvaluator.CanEvaluate(R("DTSTART:20240101T000000\nRRULE:FREQ=MONTHLY;BYMONTH=1,2;BYMONTHDAY=1,15;BYHOUR=6,18;BYMINUTE=0,30")));
        }
    }
}
