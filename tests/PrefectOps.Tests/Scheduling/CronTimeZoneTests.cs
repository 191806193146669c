using System.Linq;
using PrefectOps.Core.Scheduling;
using Xunit;
using static PrefectOps.Tests.Scheduling.Times;

namespace PrefectOps.Tests.Scheduling
{
    /// <summary>
    /// Crons in a zone, following Prefect 2.19 (croniter on naive wall-clock times, re-attached to the zone with
    /// pendulum's POST_TRANSITION rule). 2024 transitions: New York springs forward on Mar 10 (02:00 EST -> 03:00 EDT,
    /// 07:00Z) and falls back on Nov 3 (02:00 EDT -> 01:00 EST, 06:00Z); Berlin springs forward on Mar 31 (02:00 CET ->
    /// 03:00 CEST, 01:00Z) and falls back on Oct 27 (03:00 CEST -> 02:00 CET, 01:00Z).
    /// </summary>
    public class CronTimeZoneTests
    {
        [Fact]
        public void NewYork_Winter()
        {
            // 09:00 EST is 14:00Z.
            Assert.Equal(Us("2024-01-01T14:00Z", "2024-01-02T14:00Z"),
                Run(Cron("0 9 * * *", "America/New_York"), "2024-01-01T00:00Z", "2024-01-03T00:00Z"));
        }

        [Fact]
        public void NewYork_DailyKeepsLocalTimeAcrossSpringForward()
        {
            // 09:00 EST = 14:00Z before, 09:00 EDT = 13:00Z from Mar 10 on.
            Assert.Equal(Us("2024-03-09T14:00Z", "2024-03-10T13:00Z", "2024-03-11T13:00Z"),
                Run(Cron("0 9 * * *", "America/New_York"), "2024-03-09T00:00Z", "2024-03-12T00:00Z"));
        }

        [Fact]
        public void NewYork_SkippedWallTimeRunsAnHourLater()
        {
            // 02:30 does not exist on Mar 10; POST_TRANSITION reads it with the EST offset: 07:30Z = 03:30 EDT.
            // Mar 9 02:30 EST = 07:30Z, Mar 11 02:30 EDT = 06:30Z.
            Assert.Equal(Us("2024-03-09T07:30Z", "2024-03-10T07:30Z", "2024-03-11T06:30Z"),
                Run(Cron("30 2 * * *", "America/New_York"), "2024-03-09T00:00Z", "2024-03-12T00:00Z"));
        }

        [Fact]
        public void NewYork_SkippedHourCollapsesIntoNextHourWithoutDuplicates()
        {
            // Wall times 01:00, 01:30 (EST: 06:00Z, 06:30Z); 02:00, 02:30 are skipped and land on 03:00, 03:30 EDT
            // (07:00Z, 07:30Z), the same instants as the real 03:00 and 03:30, kept once; 04:00 EDT = 08:00Z.
            Assert.Equal(Us("2024-03-10T06:00Z", "2024-03-10T06:30Z", "2024-03-10T07:00Z", "2024-03-10T07:30Z", "2024-03-10T08:00Z"),
                Run(Cron("*/30 * * * *", "America/New_York"), "2024-03-10T06:00Z", "2024-03-10T08:00Z"));
        }

        [Fact]
        public void NewYork_RepeatedHourRunsOnceAtItsSecondOccurrence()
        {
            // 23:00 EDT (03:00Z), 00:00 EDT (04:00Z); 01:00 occurs twice and runs at 01:00 EST (06:00Z), not at
            // 01:00 EDT (05:00Z); then 02:00 EST (07:00Z), 03:00 EST (08:00Z). Prefect's docs call this the two-hour pause.
            Assert.Equal(Us("2024-11-03T03:00Z", "2024-11-03T04:00Z", "2024-11-03T06:00Z", "2024-11-03T07:00Z", "2024-11-03T08:00Z"),
                Run(Cron("0 * * * *", "America/New_York"), "2024-11-03T03:00Z", "2024-11-03T08:00Z"));
        }

        [Fact]
        public void NewYork_DailyInRepeatedHour()
        {
            // 01:30 EDT = 05:30Z on Nov 2; on Nov 3 01:30 is ambiguous and runs at 01:30 EST = 06:30Z; Nov 4 01:30 EST = 06:30Z.
            Assert.Equal(Us("2024-11-02T05:30Z", "2024-11-03T06:30Z", "2024-11-04T06:30Z"),
                Run(Cron("30 1 * * *", "America/New_York"), "2024-11-02T00:00Z", "2024-11-05T00:00Z"));
        }

        [Fact]
        public void NewYork_WindowStartingInsideFirstRepeatedHour()
        {
            // Start 05:10Z = 01:10 EDT: croniter continues from wall 01:10, so 01:20 and 01:40 run at their EST
            // occurrences (06:20Z, 06:40Z); 02:00 EST = 07:00Z is past the end.
            Assert.Equal(Us("2024-11-03T06:20Z", "2024-11-03T06:40Z"),
                Run(Cron("*/20 * * * *", "America/New_York"), "2024-11-03T05:10Z", "2024-11-03T06:45Z"));
        }

        [Fact]
        public void Berlin_SpringForward()
        {
            // 02:00 CET = 01:00Z on Mar 30; 02:00 is skipped on Mar 31 and runs at 03:00 CEST = 01:00Z; 02:00 CEST = 00:00Z on Apr 1.
            Assert.Equal(Us("2024-03-30T01:00Z", "2024-03-31T01:00Z", "2024-04-01T00:00Z"),
                Run(Cron("0 2 * * *", "Europe/Berlin"), "2024-03-30T00:00Z", "2024-04-01T23:00Z"));
        }

        [Fact]
        public void Berlin_FallBack()
        {
            // 02:30 CEST = 00:30Z on Oct 26; on Oct 27 02:30 occurs at 00:30Z (CEST) and 01:30Z (CET): the later one; 02:30 CET = 01:30Z on Oct 28.
            Assert.Equal(Us("2024-10-26T00:30Z", "2024-10-27T01:30Z", "2024-10-28T01:30Z"),
                Run(Cron("30 2 * * *", "Europe/Berlin"), "2024-10-26T00:00Z", "2024-10-29T00:00Z"));
        }

        [Fact]
        public void Kolkata_HalfHourOffset()
        {
            // 09:00 IST (+05:30) = 03:30Z, Monday Jan 1 to Friday Jan 5 2024.
            Assert.Equal(
                Us("2024-01-01T03:30Z", "2024-01-02T03:30Z", "2024-01-03T03:30Z", "2024-01-04T03:30Z", "2024-01-05T03:30Z"),
                Run(Cron("0 9 * * MON-FRI", "Asia/Kolkata"), "2024-01-01T00:00Z", "2024-01-08T00:00Z"));
            // 00:30 IST on Jan 2 is 19:00Z on Jan 1: the local date, not the UTC date, picks the day.
            Assert.Equal(Us("2024-01-01T19:00Z"),
                Run(Cron("30 0 2 1 *", "Asia/Kolkata"), "2024-01-01T00:00Z", "2024-01-03T00:00Z"));
        }

        [Fact]
        public void Every5Minutes_100DaysWithoutTransition_Counts28800()
        {
            // Apr 1 00:00 EDT (04:00Z) up to Jul 10 00:00 EDT exclusive: April 30 + May 31 + June 30 + July 1-9 = 100 days, 288 a day.
            var spec = Cron("*/5 * * * *", "America/New_York");
            var runs = Run(spec, "2024-04-01T04:00Z", "2024-07-10T03:59:59Z");
            Assert.Equal(100 * 288, runs.Length);
            Assert.Equal(U("2024-04-01T04:00Z"), runs.First());
            Assert.Equal(U("2024-07-10T03:55Z"), runs.Last());
        }

        [Fact]
        public void Every5Minutes_100DaysAcrossSpringForward_LosesOneHour()
        {
            // Mar 1 00:00 EST (05:00Z) to Jun 9 00:00 EDT (04:00Z) exclusive: March 31 + April 30 + May 31 + June 1-8 = 100 days;
            // Mar 10 has 23 hours (its 02:xx runs coincide with 03:xx), so 12 fewer.
            var runs = Run(Cron("*/5 * * * *", "America/New_York"), "2024-03-01T05:00Z", "2024-06-09T03:59:59Z");
            Assert.Equal(100 * 288 - 12, runs.Length);
            Assert.Equal(runs.Length, runs.Distinct().Count());
            for (var i = 1; i < runs.Length; i++) Assert.True(runs[i] > runs[i - 1]);
        }

        [Fact]
        public void Every5Minutes_AcrossFallBack_CountsWallClockDays()
        {
            // Nov 1 00:00 EDT (04:00Z) to Nov 5 00:00 EST (05:00Z) exclusive: 4 wall-clock days of 288; the first 01:xx
            // hour on Nov 3 has no runs and the second has 12, so Nov 3 also has 288.
            var runs = Run(Cron("*/5 * * * *", "America/New_York"), "2024-11-01T04:00Z", "2024-11-05T04:59:59Z");
            Assert.Equal(4 * 288, runs.Length);
            Assert.DoesNotContain(U("2024-11-03T05:30Z"), runs);
            Assert.Contains(U("2024-11-03T06:30Z"), runs);
        }
    }
}
