using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Maintenance;
using PrefectOps.Core.Services;
using PrefectOps.Sandbox.Prefect1;
using Xunit;

namespace PrefectOps.Tests.Prefect1
{
    /// <summary>
    /// The DBA's story on Prefect 1, through the same MaintenanceService as REST: tags on tasks, flow groups with
    /// cron (time zone), interval and dates clocks, labels restored exactly, descriptions intact, catch-up creating
    /// exactly the missed runs with create_flow_run, never twice.
    /// </summary>
    public sealed class Prefect1MaintenanceStoryTests : IClassFixture<Prefect1Fixture>
    {
        // Monday 2026-11-23 10:02 UTC = 05:02 in New York (EST, UTC-5).
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 11, 23, 10, 2, 0, TimeSpan.Zero);
        private const string Marker = "MAINTENANCE";
        private readonly Prefect1Fixture _f;

        public Prefect1MaintenanceStoryTests(Prefect1Fixture f) => _f = f;

        internal sealed class Estate
        {
            public string Tag = "";
            public Prefect1SeededFlow NewYorkCron = null!, Hourly = null!, Dates = null!, PausedOnPurpose = null!, OtherTag = null!;
        }

        private static DateTimeOffset Utc(int hour, int minute) => new DateTimeOffset(2026, 11, 23, hour, minute, 0, TimeSpan.Zero);

        internal static async Task<Estate> SeedAsync(Prefect1Fixture f)
        {
            var e = new Estate { Tag = Prefect1Fixture.Unique("server-prod") };
            // 05:15, 06:15, 07:15 New York time: 10:15, 11:15, 12:15 UTC. Evaluated in UTC it would miss the window.
            e.NewYorkCron = await f.Server.SeedAsync(new Prefect1FlowSpec
            {
                Name = Prefect1Fixture.Unique("ny-cron"),
                Tasks = new Dictionary<string, string[]> { ["extract"] = new[] { e.Tag, "nightly" }, ["load"] = new[] { e.Tag } },
                Clocks = new List<JObject> { Prefect1Clocks.Cron("15 5-7 * * *", "America/New_York") },
            });
            await f.SetLabelsAsync(e.NewYorkCron.FlowGroupId, "prod", "sql01");
            await f.SetDescriptionAsync(e.NewYorkCron.FlowGroupId, "Rebuilds the **order** indexes.\nOwner: DBA team.");
            // Every hour at :40 UTC (interval in microseconds, anchored 00:40), with its own parameters; no label override.
            e.Hourly = await f.Server.SeedAsync(new Prefect1FlowSpec
            {
                Name = Prefect1Fixture.Unique("hourly"),
                Tasks = new Dictionary<string, string[]> { ["sync"] = new[] { e.Tag } },
                Clocks = new List<JObject> { Prefect1Clocks.Interval(TimeSpan.FromHours(1), new DateTime(2026, 1, 1, 0, 40, 0), "UTC", new JObject { ["mode"] = "full" }) },
                Labels = new[] { "etl-agent" },
            });
            e.Dates = await f.Server.SeedAsync(new Prefect1FlowSpec
            {
                Name = Prefect1Fixture.Unique("dates"),
                Tasks = new Dictionary<string, string[]> { ["close"] = new[] { e.Tag } },
                Clocks = new List<JObject> { Prefect1Clocks.Dates(new[] { new DateTime(2026, 11, 23, 10, 32, 0), new DateTime(2026, 11, 23, 11, 32, 0), new DateTime(2026, 11, 23, 15, 0, 0) }) },
            });
            e.PausedOnPurpose = await f.Server.SeedAsync(new Prefect1FlowSpec
            {
                Name = Prefect1Fixture.Unique("paused-on-purpose"),
                Tasks = new Dictionary<string, string[]> { ["t"] = new[] { e.Tag } },
                Clocks = new List<JObject> { Prefect1Clocks.Cron("*/10 * * * *") },
                SetScheduleActive = false,
            });
            e.OtherTag = await f.Server.SeedAsync(new Prefect1FlowSpec
            {
                Name = Prefect1Fixture.Unique("other"),
                Tasks = new Dictionary<string, string[]> { ["t"] = new[] { Prefect1Fixture.Unique("server-dev") } },
                Clocks = new List<JObject> { Prefect1Clocks.Cron("*/10 * * * *") },
            });
            return e;
        }

        private async Task<(PrefectConnection, MaintenanceService)> ServiceAsync()
        {
            var connection = await _f.ConnectAsync();
            return (connection, new MaintenanceService(connection.Backend, _f.Clock));
        }

        internal static async Task<List<MaintenanceResult>> DisableAsync(MaintenanceService service, string tag, DateTimeOffset? until, string? reason)
        {
            var window = service.NewWindow(Marker, until, reason);
            var plans = (await service.FindByTagsAsync(new[] { tag }, Marker, CancellationToken.None)).Select(f => service.PlanDisable(f, window)).ToList();
            var results = new List<MaintenanceResult>();
            await service.RunAsync(plans, window, 4, r => { lock (results) results.Add(r); }, CancellationToken.None);
            return results;
        }

        internal static async Task<(List<MaintenancePlan> plans, List<MaintenanceResult> results)> EnableAsync(
            MaintenanceService service, string tag, int? catchUp, bool expiredOnly = false)
        {
            var plans = (await service.FindByTagsAsync(new[] { tag }, Marker, CancellationToken.None))
                .Select(f => service.PlanEnable(f, Marker, expiredOnly, catchUp)).ToList();
            var results = new List<MaintenanceResult>();
            await service.RunAsync(plans, null, 4, r => { lock (results) results.Add(r); }, CancellationToken.None);
            return (plans, results);
        }

        [Fact]
        public async Task The_full_DBA_story_on_Prefect_1()
        {
            await _f.SetClockAsync(T0);
            var e = await SeedAsync(_f);
            await _f.Server.RunSchedulerAsync();
            var (connection, service) = await ServiceAsync();
            using var _ = connection;
            var pausedBefore = await _f.GroupAsync(e.PausedOnPurpose.FlowGroupId);

            // Tags are the union of the tasks' tags; Get-FlowTag counts as REST does.
            var tags = await new FlowCatalog(connection.Backend).GetTagsAsync(Marker, CancellationToken.None);
            var prod = tags.Single(t => t.Name == e.Tag);
            Assert.Equal((4, 3, 1, 0), (prod.FlowCount, prod.ActiveCount, prod.PausedCount, prod.MaintenanceCount));
            var ny = await connection.Backend.GetFlowAsync(Guid.Parse(e.NewYorkCron.FlowGroupId), Marker, CancellationToken.None);
            Assert.Equal(e.NewYorkCron.Name, ny.Name);
            Assert.Equal(new[] { "nightly", e.Tag }.OrderBy(t => t, StringComparer.Ordinal), ny.Tags);
            Assert.Equal("cron 15 5-7 * * * (America/New_York)", ny.Schedule);

            var disabled = await DisableAsync(service, e.Tag, T0.AddHours(3), "CHG-1234 patching");

            Assert.Equal(3, disabled.Count(r => r.Outcome == MaintenanceOutcome.Disabled));
            Assert.DoesNotContain(disabled, r => r.Flow.Id == Guid.Parse(e.PausedOnPurpose.FlowGroupId));
            var cron = await _f.GroupAsync(e.NewYorkCron.FlowGroupId);
            Assert.False(cron.active);
            Assert.Equal(new[] { "prod", "sql01", Marker }, cron.labels.Select(l => (string)l!));
            string description = (string)cron.description!;
            Assert.StartsWith("Rebuilds the **order** indexes.\nOwner: DBA team.\n\n<!-- prefectops:maintenance {", description);
            Assert.Contains("**In maintenance** (MAINTENANCE) since 2026-11-23 10:02Z until 2026-11-23 13:02Z: CHG-1234 patching.", description);
            Assert.Equal(new[] { Marker }, (await _f.GroupAsync(e.Hourly.FlowGroupId)).labels.Select(l => (string)l!));
            Assert.Equal(pausedBefore.ToString(), (await _f.GroupAsync(e.PausedOnPurpose.FlowGroupId)).ToString());
            Assert.True((await _f.GroupAsync(e.OtherTag.FlowGroupId)).active);
            // Pausing deleted the runs the scheduler had made for the window.
            Assert.Empty(await _f.RunTimesAsync(e.NewYorkCron.FlowGroupId, T0, T0.AddDays(1)));

            // Get-Flow reads the window back from the server (another connection, nothing cached).
            using (var reader = await _f.ConnectAsync())
            {
                var marked = await new MaintenanceService(reader.Backend, _f.Clock).FindMarkedAsync(Array.Empty<string>(), Marker, CancellationToken.None);
                var m = marked.Single(x => x.Id == Guid.Parse(e.NewYorkCron.FlowGroupId));
                Assert.Equal((FlowStatus.Maintenance, T0, T0.AddHours(3), "CHG-1234 patching"),
                    (m.Status, m.MaintenanceSince!.Value, m.MaintenanceUntil!.Value, m.MaintenanceReason));
                Assert.Equal(new[] { "nightly", e.Tag }.OrderBy(t => t, StringComparer.Ordinal), m.Tags);
            }

            // Two hours of maintenance; the scheduler runs meanwhile but the flows are paused.
            await _f.AdvanceClockAsync(TimeSpan.FromHours(2));
            await _f.Server.RunSchedulerAsync();

            var (plans, enabled) = await EnableAsync(service, e.Tag, catchUp: 10);

            Assert.Equal(MaintenanceAction.SkipNotInMaintenance, plans.Single(p => p.Flow.Id == Guid.Parse(e.PausedOnPurpose.FlowGroupId)).Action);
            Assert.Equal(3, enabled.Count(r => r.Outcome == MaintenanceOutcome.Enabled));
            Assert.Equal(new[] { Utc(10, 15), Utc(11, 15) }, await _f.RunTimesAsync(e.NewYorkCron.FlowGroupId, T0, T0.AddHours(2)));
            Assert.Equal(new[] { Utc(10, 40), Utc(11, 40) }, await _f.RunTimesAsync(e.Hourly.FlowGroupId, T0, T0.AddHours(2)));
            Assert.Equal(new[] { Utc(10, 32), Utc(11, 32) }, await _f.RunTimesAsync(e.Dates.FlowGroupId, T0, T0.AddHours(2)));
            Assert.Equal(2, enabled.Single(r => r.Flow.Id == Guid.Parse(e.NewYorkCron.FlowGroupId)).Flow.CaughtUpRuns);

            // The caught-up runs look like the scheduler's: the clock's parameters, the labels as restored, our key.
            var nyRuns = (await _f.RunsAsync(e.NewYorkCron.FlowGroupId)).Where(r => DateTimeOffset.Parse((string)r["scheduled_start_time"]!) <= T0.AddHours(2)).ToList();
            Assert.All(nyRuns, r => Assert.Equal(new[] { "prod", "sql01" }, r["labels"]!.Select(l => (string)l!)));
            Assert.Equal($"prefectops-catchup:{e.NewYorkCron.FlowGroupId}:2026-11-23T10:15:00.000000Z", (string)nyRuns[0]["idempotency_key"]!);
            var hourlyRun = (await _f.RunsAsync(e.Hourly.FlowGroupId)).First();
            Assert.Equal("full", (string)hourlyRun["parameters"]!["mode"]!);
            Assert.Equal(new[] { "etl-agent" }, hourlyRun["labels"]!.Select(l => (string)l!));

            // Labels exactly as they were: an override stays that override, "no override" is null again.
            cron = await _f.GroupAsync(e.NewYorkCron.FlowGroupId);
            Assert.True(cron.active);
            Assert.Equal(new[] { "prod", "sql01" }, cron.labels.Select(l => (string)l!));
            Assert.Equal("Rebuilds the **order** indexes.\nOwner: DBA team.", (string)cron.description!);
            var hourly = await _f.GroupAsync(e.Hourly.FlowGroupId);
            Assert.Equal((true, JTokenType.Null, JTokenType.Null), (hourly.active, hourly.labels.Type, hourly.description.Type));
            Assert.Equal(pausedBefore.ToString(), (await _f.GroupAsync(e.PausedOnPurpose.FlowGroupId)).ToString());

            // Again, and the server's scheduler too: no run is created twice.
            var (_, again) = await EnableAsync(service, e.Tag, catchUp: 10);
            Assert.Empty(again);
            var flow = await connection.Backend.GetFlowAsync(Guid.Parse(e.NewYorkCron.FlowGroupId), Marker, CancellationToken.None);
            await connection.Backend.CatchUpAsync(flow, T0, T0.AddHours(2), 10, CancellationToken.None);
            await _f.Server.RunSchedulerAsync();
            Assert.Equal(new[] { Utc(10, 15), Utc(11, 15) }, await _f.RunTimesAsync(e.NewYorkCron.FlowGroupId, T0, T0.AddHours(2)));
            foreach (var group in new[] { e.NewYorkCron, e.Hourly, e.Dates })
            {
                var times = (await _f.RunsAsync(group.FlowGroupId)).Select(r => (string)r["scheduled_start_time"]!).ToList();
                Assert.Equal(times.Count, times.Distinct().Count());
            }
            // After the window the scheduler carries on from now: the dates clock's last date comes from it.
            Assert.Contains(Utc(15, 0), await _f.RunTimesAsync(e.Dates.FlowGroupId, T0, T0.AddDays(1)));
        }

        [Fact]
        public async Task Expired_picks_only_windows_whose_until_has_passed()
        {
            await _f.SetClockAsync(T0);
            string soon = Prefect1Fixture.Unique("soon"), later = Prefect1Fixture.Unique("later"), open = Prefect1Fixture.Unique("open");
            var ids = new Dictionary<string, string>();
            foreach (var tag in new[] { soon, later, open })
                ids[tag] = (await _f.Server.SeedAsync(new Prefect1FlowSpec
                {
                    Name = tag,
                    Tasks = new Dictionary<string, string[]> { ["t"] = new[] { tag, "expiry-test" } },
                    Clocks = new List<JObject> { Prefect1Clocks.Interval(TimeSpan.FromMinutes(10)) },
                })).FlowGroupId;
            var (connection, service) = await ServiceAsync();
            using var _ = connection;
            await DisableAsync(service, soon, T0.AddHours(1), null);
            await DisableAsync(service, later, T0.AddHours(5), null);
            await DisableAsync(service, open, null, null);
            await _f.AdvanceClockAsync(TimeSpan.FromHours(2));

            var plans = (await service.FindMarkedAsync(new[] { "expiry-test" }, Marker, CancellationToken.None))
                .Select(f => service.PlanEnable(f, Marker, expiredOnly: true, catchUpMaxRuns: null))
                .ToDictionary(p => p.Flow.Name, p => p.Action);

            Assert.Equal(MaintenanceAction.Enable, plans[soon]);
            Assert.Equal(MaintenanceAction.SkipNotExpired, plans[later]);
            Assert.Equal(MaintenanceAction.SkipNotExpired, plans[open]);
        }

        [Fact]
        public async Task A_second_DBA_on_another_connection_ends_the_window()
        {
            await _f.SetClockAsync(T0);
            var e = await SeedAsync(_f);
            var (first, firstService) = await ServiceAsync();
            var (second, secondService) = await ServiceAsync();
            using var a = first;
            using var b = second;

            await DisableAsync(firstService, e.Tag, T0.AddHours(1), "night shift");
            await _f.AdvanceClockAsync(TimeSpan.FromHours(2));
            var (_, results) = await EnableAsync(secondService, e.Tag, catchUp: 10);

            Assert.Equal(3, results.Count(r => r.Outcome == MaintenanceOutcome.Enabled));
            var seenByFirst = await first.Backend.GetFlowAsync(Guid.Parse(e.NewYorkCron.FlowGroupId), Marker, CancellationToken.None);
            Assert.Equal(FlowStatus.Active, seenByFirst.Status);
            Assert.Equal(new[] { Utc(10, 15), Utc(11, 15) }, await _f.RunTimesAsync(e.NewYorkCron.FlowGroupId, T0, T0.AddHours(2)));
            Assert.Equal(new[] { "prod", "sql01" }, (await _f.GroupAsync(e.NewYorkCron.FlowGroupId)).labels.Select(l => (string)l!));
        }

        [Fact]
        public async Task Disabling_twice_changes_nothing_the_second_time()
        {
            await _f.SetClockAsync(T0);
            var e = await SeedAsync(_f);
            var (connection, service) = await ServiceAsync();
            using var _ = connection;
            await DisableAsync(service, e.Tag, null, "first");
            var before = await _f.GroupAsync(e.NewYorkCron.FlowGroupId);
            await _f.AdvanceClockAsync(TimeSpan.FromMinutes(30));

            var window = service.NewWindow(Marker, null, "second");
            var plans = (await service.FindByTagsAsync(new[] { e.Tag }, Marker, CancellationToken.None)).Select(f => service.PlanDisable(f, window)).ToList();

            Assert.All(plans, p => Assert.False(p.IsChange));
            Assert.Equal(MaintenanceAction.SkipPausedOnPurpose, plans.Single(p => p.Flow.Id == Guid.Parse(e.PausedOnPurpose.FlowGroupId)).Action);
            Assert.Equal(MaintenanceAction.SkipAlreadyInMaintenance, plans.Single(p => p.Flow.Id == Guid.Parse(e.NewYorkCron.FlowGroupId)).Action);
            Assert.Equal(before.ToString(), (await _f.GroupAsync(e.NewYorkCron.FlowGroupId)).ToString());
        }

        [Fact]
        public async Task An_rrule_clock_gets_a_clear_warning_and_no_guessed_runs()
        {
            await _f.SetClockAsync(T0);
            string tag = Prefect1Fixture.Unique("rrule");
            var weekly = await _f.Server.SeedAsync(new Prefect1FlowSpec
            {
                Name = Prefect1Fixture.Unique("weekly"),
                Tasks = new Dictionary<string, string[]> { ["t"] = new[] { tag } },
                Clocks = new List<JObject> { Prefect1Clocks.RRule("FREQ=HOURLY"), Prefect1Clocks.Cron("30 * * * *") },
            });
            var (connection, service) = await ServiceAsync();
            using var _ = connection;
            await DisableAsync(service, tag, null, null);
            await _f.AdvanceClockAsync(TimeSpan.FromHours(2));

            var (plans, results) = await EnableAsync(service, tag, catchUp: 10);

            var result = results.Single();
            Assert.Equal(MaintenanceOutcome.Enabled, result.Outcome);
            Assert.Contains("rrule (Prefect 1 RRuleClock)", result.Warning);
            Assert.Contains("no missed runs are created for it", result.Warning);
            // The cron clock beside it is caught up; nothing is invented for the rrule.
            Assert.Equal(new[] { Utc(10, 30), Utc(11, 30) }, await _f.RunTimesAsync(weekly.FlowGroupId, T0, T0.AddHours(2)));
        }
    }
}
