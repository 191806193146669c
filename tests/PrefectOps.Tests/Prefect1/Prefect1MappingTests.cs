using System;
using System.Linq;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.GraphQL;
using PrefectOps.Core.Scheduling;
using Xunit;

namespace PrefectOps.Tests.Prefect1
{
    /// <summary>Prefect 1 clocks as schedules, the description block, and the catch-up key.</summary>
    public sealed class Prefect1MappingTests
    {
        private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi) => new DateTimeOffset(y, mo, d, h, mi, 0, TimeSpan.Zero);

        [Fact]
        public void IntervalClock_is_in_microseconds_anchored_at_its_start_date_or_2019()
        {
            var clocks = Prefect1Clock.ReadAll(JObject.Parse(@"{""type"":""Schedule"",""clocks"":[
                {""type"":""IntervalClock"",""interval"":5400000000,""start_date"":{""dt"":""2026-01-01T00:40:00"",""tz"":""Europe/Berlin""}},
                {""type"":""IntervalClock"",""interval"":3600000000,""start_date"":null}]}"));
            var anchored = (IntervalScheduleSpec)clocks[0].Spec;
            Assert.Equal((TimeSpan.FromMinutes(90), Utc(2025, 12, 31, 23, 40), "Europe/Berlin"), (anchored.Interval, anchored.Anchor, anchored.Timezone));
            Assert.Equal("every 1h 30m (Europe/Berlin)", anchored.Describe());
            var plain = (IntervalScheduleSpec)clocks[1].Spec;
            Assert.Equal(Utc(2019, 1, 1, 0, 0), plain.Anchor);
            Assert.Equal(new[] { Utc(2026, 5, 1, 1, 0), Utc(2026, 5, 1, 2, 0) }, ScheduleEvaluator.Occurrences(plain, Utc(2026, 5, 1, 0, 30), Utc(2026, 5, 1, 2, 0)));
        }

        [Fact]
        public void CronClock_takes_its_zone_from_start_date_and_honours_start_end_and_day_or()
        {
            var clock = Prefect1Clock.ReadAll(JObject.Parse(@"{""clocks"":[{""type"":""CronClock"",""cron"":""0 2 1 * 1"",""day_or"":false,
                ""start_date"":{""dt"":""2026-03-01T00:00:00"",""tz"":""America/New_York""},""end_date"":{""dt"":""2026-12-31T00:00:00"",""tz"":""UTC""},
                ""parameter_defaults"":{""mode"":""full""},""labels"":[""db""]}]}")).Single();
            var cron = (CronScheduleSpec)clock.Spec;
            Assert.Equal(("America/New_York", false), (cron.Timezone, cron.DayOr));
            Assert.True(clock.HasRunSettings);
            Assert.Equal("full", (string)clock.Parameters["mode"]!);
            // day_or=false: the 1st of the month AND a Monday: 2026-06-01 is one; nothing before start_date counts.
            Assert.Equal(new[] { Utc(2026, 6, 1, 6, 0) }, ScheduleEvaluator.Occurrences(cron, Utc(2025, 1, 1, 0, 0), Utc(2026, 7, 1, 0, 0)));
        }

        [Fact]
        public void DatesClock_and_RRuleClock()
        {
            var clocks = Prefect1Clock.ReadAll(JObject.Parse(@"{""clocks"":[
                {""type"":""DatesClock"",""dates"":[{""dt"":""2030-01-31T18:00:00"",""tz"":""UTC""},{""dt"":""2030-02-28T18:00:00"",""tz"":""Europe/Berlin""}]},
                {""type"":""RRuleClock"",""rrule_obj"":{""type"":""rrule""}}]}"));
            var dates = (DatesScheduleSpec)clocks[0].Spec;
            Assert.True(ScheduleEvaluator.CanEvaluate(dates));
            Assert.Equal(new[] { Utc(2030, 1, 31, 18, 0), Utc(2030, 2, 28, 17, 0) }, ScheduleEvaluator.Occurrences(dates, Utc(2030, 1, 1, 0, 0), Utc(2030, 3, 1, 0, 0)));
            Assert.Equal(new[] { Utc(2030, 2, 28, 17, 0) }, ScheduleEvaluator.Occurrences(dates, Utc(2030, 2, 1, 0, 0), Utc(2030, 3, 1, 0, 0)));
            Assert.False(ScheduleEvaluator.CanEvaluate(clocks[1].Spec));
            Assert.Equal("rrule (Prefect 1 RRuleClock)", clocks[1].Spec.Describe());
        }

        [Fact]
        public void The_description_block_round_trips_and_comes_off_exactly()
        {
            var window = new MaintenanceWindow("MAINTENANCE", Utc(2026, 11, 23, 10, 2), Utc(2026, 11, 23, 13, 2), "CHG-1 --> \"quoted\"\nsecond line");
            const string user = "Rebuilds indexes.\n\nOwner: DBA <dba@example.com>";
            var block = new MaintenanceBlock(window, new JArray("prod", "sql01"), descriptionWasNull: false);
            string text = block.AppendTo(user);

            Assert.StartsWith(user + "\n\n<!-- prefectops:maintenance {", text);
            var read = MaintenanceBlock.Find(text)!;
            Assert.Equal((window.Since, window.Until, window.Reason), (read.Window.Since, read.Window.Until, read.Window.Reason));
            Assert.Equal(new[] { "prod", "sql01" }, read.Labels!.Select(l => (string)l!));
            Assert.Equal(user, read.RestoreFrom(text));

            // No override and no description before: both come back as null.
            var none = new MaintenanceBlock(window, null, descriptionWasNull: true);
            string only = none.AppendTo(null);
            Assert.Null(MaintenanceBlock.Find(only)!.Labels);
            Assert.Null(MaintenanceBlock.Find(only)!.RestoreFrom(only));
            // Text the user adds during the window stays.
            Assert.Equal("note", MaintenanceBlock.Find(only)!.RestoreFrom(only + "note"));
            Assert.Null(MaintenanceBlock.Find("just a description"));
        }

        [Fact]
        public void The_description_block_names_who_opened_the_window()
        {
            var window = new MaintenanceWindow("MAINTENANCE", Utc(2026, 11, 23, 10, 2), Utc(2026, 11, 23, 13, 2), "CHG-1234", @"CONTOSO\jdoe@SQLADM01");
            string text = new MaintenanceBlock(window, null, descriptionWasNull: true).AppendTo(null);

            Assert.Contains(@"**In maintenance** (MAINTENANCE) since 2026-11-23 10:02Z until 2026-11-23 13:02Z by CONTOSO\jdoe@SQLADM01: CHG-1234.", text);
            Assert.Equal(@"CONTOSO\jdoe@SQLADM01", MaintenanceBlock.Find(text)!.Window.By);
            // Without it the block is as before: no "by" key, no "by" words.
            string older = new MaintenanceBlock(new MaintenanceWindow("MAINTENANCE", Utc(2026, 11, 23, 10, 2)), null, true).AppendTo(null);
            Assert.DoesNotContain("\"by\"", older);
            Assert.Null(MaintenanceBlock.Find(older)!.Window.By);
        }

        [Fact]
        public void The_catch_up_key_is_deterministic_per_group_time_and_run_settings()
        {
            var group = Guid.Parse("9a1c0000-0000-0000-0000-000000000001");
            var t = Utc(2026, 11, 23, 10, 15);
            Assert.Equal("prefectops-catchup:9a1c0000-0000-0000-0000-000000000001:2026-11-23T10:15:00.000000Z", CatchUpKey.For(group, t, null));
            Assert.Equal(CatchUpKey.For(group, t, "[{\"a\":1},null]"), CatchUpKey.For(group, t, "[{\"a\":1},null]"));
            Assert.NotEqual(CatchUpKey.For(group, t, "[{\"a\":1},null]"), CatchUpKey.For(group, t, "[{\"a\":2},null]"));
            Assert.Matches("^prefectops-catchup:.*Z:[0-9a-f]{16}$", CatchUpKey.For(group, t, "x"));
        }
    }
}
