using System;
using PrefectOps.Core.Scheduling;
using Xunit;
using static PrefectOps.Tests.Scheduling.Times;

namespace PrefectOps.Tests.Scheduling
{
    /// <summary>Interval schedules as Prefect 2.19 evaluates them (see IntervalEvaluation for the rules).</summary>
    public class IntervalTests
    {
        private static IntervalScheduleSpec Every(TimeSpan interval, string anchor, string? tz = null)
            => new IntervalScheduleSpec { Interval = interval, Anchor = U(anchor), Timezone = tz };

        [Fact]
        public void AnchorInThePast_EndInclusive()
        {
            Assert.Equal(Us("2024-01-01T06:00Z", "2024-01-01T07:00Z", "2024-01-01T08:00Z"),
                Run(Every(TimeSpan.FromHours(1), "2024-01-01T00:00Z"), "2024-01-01T05:30Z", "2024-01-01T08:00Z"));
        }

        [Fact]
        public void StartOnAnOccurrence_IsIncluded()
        {
            Assert.Equal(Us("2024-01-01T05:00Z", "2024-01-01T06:00Z"),
                Run(Every(TimeSpan.FromHours(1), "2023-12-25T00:00Z"), "2024-01-01T05:00Z", "2024-01-01T06:59Z"));
        }

        [Fact]
        public void AnchorInTheFuture_CountsBackwards()
        {
            // anchor - k hours keeps the :10 minute.
            Assert.Equal(Us("2024-06-01T00:10Z", "2024-06-01T01:10Z", "2024-06-01T02:10Z"),
                Run(Every(TimeSpan.FromHours(1), "2025-01-01T00:10Z"), "2024-06-01T00:00Z", "2024-06-01T02:10Z"));
        }

        [Fact]
        public void AnchorWithOffset_IsAnInstant()
        {
            // 10:20+05:30 is 04:50Z.
            Assert.Equal(Us("2024-01-01T04:50Z", "2024-01-01T05:20Z"),
                Run(Every(TimeSpan.FromMinutes(30), "2024-01-01T10:20:00+05:30"), "2024-01-01T04:31Z", "2024-01-01T05:49Z"));
        }

        [Fact]
        public void FractionalSeconds()
        {
            // 0, 90.5, 181, 271.5 seconds after the anchor; 362 s is past 00:05.
            Assert.Equal(Us("2024-01-01T00:00:00Z", "2024-01-01T00:01:30.5Z", "2024-01-01T00:03:01Z", "2024-01-01T00:04:31.5Z"),
                Run(Every(TimeSpan.FromTicks(905_000_000), "2024-01-01T00:00Z"), "2024-01-01T00:00Z", "2024-01-01T00:05Z"));
        }

        [Fact]
        public void FractionalSeconds_AnchorInThePast()
        {
            // 0.25 s steps from midnight: 10:00:00.1 falls between 10:00:00.00 and .25.
            Assert.Equal(Us("2024-01-01T10:00:00.25Z", "2024-01-01T10:00:00.5Z", "2024-01-01T10:00:00.75Z"),
                Run(Every(TimeSpan.FromMilliseconds(250), "2024-01-01T00:00Z"), "2024-01-01T10:00:00.1Z", "2024-01-01T10:00:00.8Z"));
        }

        [Fact]
        public void Hourly_KeepsUtcSpacingAcrossFallBack()
        {
            // Under a day Prefect adds absolute seconds, so 01:00 local appears twice (05:00Z EDT and 06:00Z EST).
            Assert.Equal(Us("2024-11-03T04:00Z", "2024-11-03T05:00Z", "2024-11-03T06:00Z", "2024-11-03T07:00Z", "2024-11-03T08:00Z"),
                Run(Every(TimeSpan.FromHours(1), "2024-11-03T04:00Z", "America/New_York"), "2024-11-03T04:00Z", "2024-11-03T08:00Z"));
        }

        [Fact]
        public void Daily_KeepsLocalTimeAcrossSpringForward()
        {
            // 09:00 EST = 14:00Z until Mar 9, then 09:00 EDT = 13:00Z.
            Assert.Equal(Us("2024-03-08T14:00Z", "2024-03-09T14:00Z", "2024-03-10T13:00Z", "2024-03-11T13:00Z", "2024-03-12T13:00Z"),
                Run(Every(TimeSpan.FromDays(1), "2024-03-08T14:00Z", "America/New_York"), "2024-03-08T00:00Z", "2024-03-12T23:00Z"));
        }

        [Fact]
        public void Daily_KeepsLocalTimeAcrossFallBack()
        {
            // 09:00 EDT = 13:00Z until Nov 2, then 09:00 EST = 14:00Z.
            Assert.Equal(Us("2024-11-01T13:00Z", "2024-11-02T13:00Z", "2024-11-03T14:00Z", "2024-11-04T14:00Z"),
                Run(Every(TimeSpan.FromDays(1), "2024-11-01T13:00Z", "America/New_York"), "2024-11-01T00:00Z", "2024-11-05T00:00Z"));
        }

        [Fact]
        public void Daily_InSkippedHour_MovesToTheNextHourForGood()
        {
            // 02:30 EST = 07:30Z. Mar 10 02:30 does not exist and becomes 03:30 EDT (07:30Z); pendulum keeps 03:30 as the
            // new wall time, so the following days also run at 03:30 EDT = 07:30Z.
            Assert.Equal(Us("2024-03-09T07:30Z", "2024-03-10T07:30Z", "2024-03-11T07:30Z", "2024-03-12T07:30Z"),
                Run(Every(TimeSpan.FromDays(1), "2024-03-09T07:30Z", "America/New_York"), "2024-03-09T00:00Z", "2024-03-12T12:00Z"));
        }

        [Fact]
        public void Daily_LocalHourFollowsTheJumpPoint_AsInPrefect()
        {
            // Anchor Jan 1 14:00Z (09:00 EST). Start Jul 1 00:00Z is 182 days - 14h later, so Prefect jumps 181 whole days of
            // absolute seconds to Jun 30 14:00Z (10:00 EDT), then steps by wall-clock days: 10:00 EDT = 14:00Z.
            Assert.Equal(Us("2024-07-01T14:00Z", "2024-07-02T14:00Z"),
                Run(Every(TimeSpan.FromDays(1), "2024-01-01T14:00Z", "America/New_York"), "2024-07-01T00:00Z", "2024-07-03T00:00Z"));
        }

        [Fact]
        public void DailyWithoutZone_IsUtc()
        {
            Assert.Equal(Us("2024-03-10T09:00Z", "2024-03-11T09:00Z"),
                Run(Every(TimeSpan.FromDays(1), "2024-01-01T09:00Z"), "2024-03-10T00:00Z", "2024-03-11T23:00Z"));
        }

        [Fact]
        public void DayAndHours_StepOnTheWallClock()
        {
            // 1d 2h from Mar 9 00:00 EST (05:00Z): Mar 10 02:00 does not exist -> 03:00 EDT (07:00Z), kept as the wall
            // time, then Mar 11 05:00 EDT (09:00Z).
            Assert.Equal(Us("2024-03-09T05:00Z", "2024-03-10T07:00Z", "2024-03-11T09:00Z"),
                Run(Every(new TimeSpan(1, 2, 0, 0), "2024-03-09T05:00Z", "America/New_York"), "2024-03-09T00:00Z", "2024-03-11T12:00Z"));
        }

        [Fact]
        public void NonPositiveInterval_Rejected()
        {
            Assert.False(ScheduleEvaluator.CanEvaluate(Every(TimeSpan.Zero, "2024-01-01T00:00Z")));
            Assert.Throws<ArgumentException>(() => ScheduleEvaluator.Occurrences(Every(TimeSpan.Zero, "2024-01-01T00:00Z"), U("2024-01-01T00:00Z"), U("2024-01-02T00:00Z")));
            Assert.True(ScheduleEvaluator.CanEvaluate(Every(TimeSpan.FromMinutes(1), "2024-01-01T00:00Z", "Europe/Berlin")));
        }
    }
}
