using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Maintenance;
using PrefectOps.Core.Rest;
using PrefectOps.Core.Scheduling;
using Xunit;
using static PrefectOps.Tests.Scheduling.Times;

namespace PrefectOps.Tests.Maintenance
{
    /// <summary>
    /// Get-MaintenanceImpact's count of the runs a window skips, pinned to expected times: the same evaluation
    /// catch-up makes (time zones and DST as Prefect does, several schedules, inactive ones skipped), over windows
    /// longer than what the server's scheduler has created. 2026: New York springs forward on Mar 8 and falls back on Nov 1.
    /// </summary>
    public class ImpactForecastTests
    {
        private static Flow Deployment(string name, params (string schedule, bool active)[] schedules) => Deployment(name, false, null, schedules);

        private static Flow Deployment(string name, bool paused, string[]? tags, params (string schedule, bool active)[] schedules) =>
            DeploymentMapper.ToFlow(new DeploymentRecord
            {
                Id = Guid.NewGuid().ToString(),
                Name = name,
                FlowId = Guid.NewGuid().ToString(),
                Paused = paused,
                Tags = (tags ?? new[] { "server-prod" }).Select(t => (string?)t).ToList(),
                Schedules = schedules.Select(s => (DeploymentScheduleRecord?)new DeploymentScheduleRecord { Schedule = JObject.Parse(s.schedule), Active = s.active }).ToList(),
            }, "etl", "MAINTENANCE");

        private static MaintenanceImpact Forecast(Flow flow, string start, string until, bool serverEvaluates = true) =>
            MaintenancePreview.Forecast(flow, U(start), U(until), serverEvaluates);

        [Fact]
        public void A_fall_back_inside_the_window_runs_the_repeated_hour_once_at_its_second_occurrence()
        {
            var flow = Deployment("nightly", ("{\"cron\":\"30 1 * * *\",\"timezone\":\"America/New_York\"}", true));

            var impact = Forecast(flow, "2026-10-30T00:00Z", "2026-11-03T00:00Z");

            // 01:30 EDT = 05:30Z; on Nov 1 01:30 comes twice and runs at the EST one, 06:30Z; then 01:30 EST = 06:30Z.
            Assert.Equal((MaintenanceImpactKind.Disable, 4, U("2026-10-30T05:30Z"), U("2026-11-02T06:30Z"), (int?)4),
                (impact.Impact, impact.ScheduledRuns, impact.FirstScheduledRun!.Value, impact.LastScheduledRun!.Value, impact.CatchUpRuns));
        }

        [Fact]
        public void A_spring_forward_inside_the_window_moves_the_skipped_time_an_hour_later()
        {
            var flow = Deployment("nightly", ("{\"cron\":\"30 2 * * *\",\"timezone\":\"America/New_York\"}", true));
            var forecast = ScheduleForecast.For(flow.ActiveSchedules, U("2026-03-07T00:00Z"), U("2026-03-10T00:00Z"), 10);

            // 02:30 EST = 07:30Z; 02:30 does not exist on Mar 8 and runs at 03:30 EDT = 07:30Z; then 02:30 EDT = 06:30Z.
            Assert.Equal(Us("2026-03-07T07:30Z", "2026-03-08T07:30Z", "2026-03-09T06:30Z"), forecast.MostRecent);
            Assert.Equal(3, forecast.Count);
        }

        [Fact]
        public void A_daily_interval_keeps_its_local_time_and_an_hourly_one_its_spacing_across_the_change()
        {
            var daily = Deployment("daily", ("{\"interval\":86400,\"anchor_date\":\"2026-10-01T02:30:00-04:00\",\"timezone\":\"America/New_York\"}", true));
            var hourly = Deployment("hourly", ("{\"interval\":3600,\"anchor_date\":\"2026-10-01T00:00:00-04:00\",\"timezone\":\"America/New_York\"}", true));

            var d = ScheduleForecast.For(daily.ActiveSchedules, U("2026-10-30T00:00Z"), U("2026-11-03T00:00Z"), 10);
            var h = Forecast(hourly, "2026-11-01T00:00Z", "2026-11-02T00:00Z");

            Assert.Equal(Us("2026-10-30T06:30Z", "2026-10-31T06:30Z", "2026-11-01T07:30Z", "2026-11-02T07:30Z"), d.MostRecent);
            // 25 local hours on Nov 1, but every hour in absolute time: 00:00Z to 00:00Z inclusive is 25 runs.
            Assert.Equal((25, U("2026-11-01T00:00Z"), U("2026-11-02T00:00Z")), (h.ScheduledRuns, h.FirstScheduledRun!.Value, h.LastScheduledRun!.Value));
        }

        [Fact]
        public void A_window_longer_than_the_schedulers_horizon_is_counted_whole_and_catch_up_keeps_the_most_recent_ten()
        {
            // Prefect's scheduler holds at most 100 runs ahead (8 hours and 20 minutes of a five-minute schedule);
            // the preview counts the whole 30 days from the schedule instead.
            var flow = Deployment("five-minutes", ("{\"interval\":300,\"anchor_date\":\"2026-01-01T00:00:00Z\",\"timezone\":\"UTC\"}", true));

            var impact = Forecast(flow, "2026-11-23T10:00Z", "2026-12-23T10:00Z");
            var catchUp = CatchUpPlanner.Plan(flow, new MaintenanceWindow("MAINTENANCE", U("2026-11-23T10:00Z")), U("2026-12-23T10:00Z"), 10)!;

            Assert.Equal(30 * 288 + 1, impact.ScheduledRuns);
            Assert.Equal((U("2026-11-23T10:00Z"), U("2026-12-23T10:00Z"), (int?)10), (impact.FirstScheduledRun!.Value, impact.LastScheduledRun!.Value, impact.CatchUpRuns));
            // What Enable-FlowByTag -CatchUp would create after exactly this window: the last ten.
            Assert.Equal(Enumerable.Range(0, 10).Select(i => U("2026-12-23T09:15Z").AddMinutes(5 * i)), catchUp.Times);
        }

        [Fact]
        public void Several_schedules_count_each_time_once_and_an_inactive_schedule_not_at_all()
        {
            var flow = Deployment("mixed",
                ("{\"cron\":\"0 * * * *\",\"timezone\":\"UTC\"}", true),
                ("{\"interval\":1800,\"anchor_date\":\"2026-01-01T00:00:00Z\"}", true),
                ("{\"cron\":\"*/5 * * * *\",\"timezone\":\"UTC\"}", false));

            var impact = Forecast(flow, "2026-11-23T10:00Z", "2026-11-23T12:00Z");

            // Hourly 10, 11, 12 and half-hourly 10:00 to 12:00: five distinct times; the five-minute cron is off.
            Assert.Equal((5, U("2026-11-23T10:00Z"), U("2026-11-23T12:00Z"), (int?)5), (impact.ScheduledRuns, impact.FirstScheduledRun!.Value, impact.LastScheduledRun!.Value, impact.CatchUpRuns));
        }

        [Fact]
        public void Cron_day_or_follows_croniter()
        {
            // The 1st of the month OR a Monday (day_or true, Prefect's default), or both at once (false).
            var or = Deployment("or", ("{\"cron\":\"0 6 1 * 1\",\"timezone\":\"UTC\",\"day_or\":true}", true));
            var and = Deployment("and", ("{\"cron\":\"0 6 1 * 1\",\"timezone\":\"UTC\",\"day_or\":false}", true));

            // December 2026: Tue 1st, Mondays 7, 14, 21, 28. June 2026 has Monday the 1st.
            Assert.Equal(5, Forecast(or, "2026-12-01T00:00Z", "2026-12-31T23:59Z").ScheduledRuns);
            Assert.Equal(0, Forecast(and, "2026-12-01T00:00Z", "2026-12-31T23:59Z").ScheduledRuns);
            Assert.Equal(1, Forecast(and, "2026-01-01T00:00Z", "2026-12-31T23:59Z").ScheduledRuns);
        }

        [Fact]
        public void A_schedule_PrefectOps_cannot_evaluate_is_named_and_catch_up_is_left_to_the_server()
        {
            var flow = Deployment("rrule",
                ("{\"rrule\":\"FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-1\",\"timezone\":\"UTC\"}", true),
                ("{\"cron\":\"0 6 * * *\",\"timezone\":\"UTC\"}", true));

            var rest = Forecast(flow, "2026-11-23T00:00Z", "2026-11-30T00:00Z");
            var prefect1 = Forecast(flow, "2026-11-23T00:00Z", "2026-11-30T00:00Z", serverEvaluates: false);

            Assert.Equal((7, (int?)null), (rest.ScheduledRuns, rest.CatchUpRuns));
            Assert.Contains("not counted: the runs of 'rrule FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-1 (UTC)'", rest.Note);
            Assert.Equal((7, (int?)7), (prefect1.ScheduledRuns, prefect1.CatchUpRuns));
            Assert.Contains("catch-up creates none of them", prefect1.Note);
        }

        [Fact]
        public void Flows_a_disable_leaves_alone_or_without_schedule_skip_nothing_and_say_why()
        {
            var paused = Deployment("paused", true, null, ("{\"cron\":\"*/5 * * * *\"}", true));
            var marked = Deployment("marked", true, new[] { "server-prod", "MAINTENANCE", "MAINTENANCE:since=2026-11-20T08:00:00Z", @"MAINTENANCE:by=CONTOSO\jdoe@SQLADM01" },
                ("{\"cron\":\"*/5 * * * *\"}", true));
            var none = Deployment("none");

            var impacts = new[] { paused, marked, none }.Select(f => Forecast(f, "2026-11-23T10:00Z", "2026-11-24T10:00Z")).ToList();

            Assert.Equal(new[] { MaintenanceImpactKind.PausedOnPurpose, MaintenanceImpactKind.InMaintenance, MaintenanceImpactKind.NoSchedule }, impacts.Select(i => i.Impact));
            Assert.All(impacts, i => Assert.Equal((0, (int?)null), (i.ScheduledRuns, i.CatchUpRuns)));
            Assert.Equal(@"already in maintenance by CONTOSO\jdoe@SQLADM01 since 2026-11-20 08:00Z; Disable-FlowByTag leaves it as it is", impacts[1].Note);
        }

        [Fact]
        public void The_summary_adds_up_the_flows()
        {
            var five = Deployment("five", ("{\"interval\":300,\"anchor_date\":\"2026-01-01T00:00:00Z\"}", true));
            var hourly = Deployment("hourly", ("{\"cron\":\"0 * * * *\"}", true));
            var impacts = new List<MaintenanceImpact>
            {
                Forecast(five, "2026-11-23T10:00Z", "2026-11-23T20:00Z"),   // 121
                Forecast(hourly, "2026-11-23T10:00Z", "2026-11-23T20:00Z"), // 11
                Forecast(Deployment("paused", true, null, ("{\"cron\":\"0 * * * *\"}", true)), "2026-11-23T10:00Z", "2026-11-23T20:00Z"),
            };
            impacts[1].HandScheduledRuns = new[] { new FlowRun { Name = "a" }, new FlowRun { Name = "b" } };
            impacts[2].HandScheduledRuns = new[] { new FlowRun { Name = "c" } };
            impacts[0].RunsInFlight = new[] { new FlowRun { Name = "d" }, new FlowRun { Name = "e" } };

            Assert.Equal("3 flows: 132 scheduled runs skipped, 3 hand-scheduled runs will still run, 2 runs in flight; 1 paused on purpose.", ImpactText.Summary(impacts));
            Assert.Equal("121 scheduled runs skipped (2026-11-23 10:00Z to 2026-11-23 20:00Z), 10 caught up by Enable-FlowByTag -CatchUp; 0 hand-scheduled runs will still run; 2 runs in flight",
                ImpactText.Describe(impacts[0]));
        }
    }
}
