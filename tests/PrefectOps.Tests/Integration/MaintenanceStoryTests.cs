using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Maintenance;
using Xunit;

namespace PrefectOps.Tests.Integration
{
    /// <summary>
    /// The DBA's story end to end against the sandbox: tags, disable by tag, a flow paused on purpose left alone,
    /// enable, and catch-up creating exactly the runs the schedules missed, never twice.
    /// </summary>
    public abstract class MaintenanceStoryTests
    {
        // Monday 2026-11-23 10:02 UTC = 05:02 in New York (EST, UTC-5).
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 11, 23, 10, 2, 0, TimeSpan.Zero);
        private readonly SandboxFixture _sandbox;

        protected MaintenanceStoryTests(SandboxFixture sandbox) => _sandbox = sandbox;

        private sealed class Estate
        {
            public string Tag = "";
            public Guid NewYorkCron, Interval, PausedOnPurpose, OtherTag;
        }

        private async Task<Estate> SeedAsync()
        {
            var e = new Estate { Tag = Unique.Name("server-prod") };
            var flow = await _sandbox.Seed.CreateFlowAsync(Unique.Name("orders"));
            async Task<Guid> Deploy(string name, string[] tags, string schedule, bool paused = false) =>
                Guid.Parse((string)(await _sandbox.Seed.CreateDeploymentAsync(flow, name, tags, schedule, paused))["id"]!);
            // 05:15, 06:15, 07:15 New York time: 10:15, 11:15, 12:15 UTC. Evaluated in UTC it would miss the window entirely.
            e.NewYorkCron = await Deploy("ny-cron", new[] { e.Tag, "nightly" }, "{\"cron\":\"15 5-7 * * *\",\"timezone\":\"America/New_York\"}");
            // Every hour at :40 (anchor 00:40 UTC).
            e.Interval = await Deploy("hourly", new[] { e.Tag }, "{\"interval\":3600,\"anchor_date\":\"2026-01-01T00:40:00+00:00\",\"timezone\":\"UTC\"}");
            e.PausedOnPurpose = await Deploy("paused-on-purpose", new[] { e.Tag }, "{\"cron\":\"*/10 * * * *\",\"timezone\":\"UTC\"}", paused: true);
            e.OtherTag = await Deploy("other", new[] { Unique.Name("server-dev") }, "{\"cron\":\"*/10 * * * *\",\"timezone\":\"UTC\"}");
            return e;
        }

        private async Task<(PrefectConnection, MaintenanceService)> ServiceAsync()
        {
            var connection = await _sandbox.ConnectAsync();
            return (connection, new MaintenanceService(connection.Backend, _sandbox.Clock));
        }

        /// <summary>What Disable-FlowByTag does between its ShouldProcess calls: find, plan, run.</summary>
        private static async Task<List<MaintenanceResult>> DisableAsync(MaintenanceService service, string tag, DateTimeOffset? until, string? reason)
        {
            var window = service.NewWindow("MAINTENANCE", until, reason);
            var plans = (await service.FindByTagsAsync(new[] { tag }, "MAINTENANCE", CancellationToken.None)).Select(f => service.PlanDisable(f, window)).ToList();
            var results = new List<MaintenanceResult>();
            await service.RunAsync(plans, window, 4, r => { lock (results) results.Add(r); }, CancellationToken.None);
            return results;
        }

        private static async Task<(List<MaintenancePlan> plans, List<MaintenanceResult> results)> EnableAsync(
            MaintenanceService service, string tag, int? catchUp, bool expiredOnly = false)
        {
            var plans = (await service.FindByTagsAsync(new[] { tag }, "MAINTENANCE", CancellationToken.None))
                .Select(f => service.PlanEnable(f, "MAINTENANCE", expiredOnly, catchUp)).ToList();
            var results = new List<MaintenanceResult>();
            await service.RunAsync(plans, null, 4, r => { lock (results) results.Add(r); }, CancellationToken.None);
            return (plans, results);
        }

        private async Task<List<DateTimeOffset>> ScheduledTimesAsync(Guid deployment, DateTimeOffset from, DateTimeOffset to) =>
            (await _sandbox.RunsOfAsync(deployment))
                .Where(r => (string?)r["state_type"] == "SCHEDULED")
                .Select(r => DateTimeOffset.Parse((string)r["expected_start_time"]!))
                .Where(t => t >= from && t <= to)
                .OrderBy(t => t)
                .ToList();

        private async Task<(bool paused, List<string> tags)> ServerStateAsync(Guid id)
        {
            var d = await _sandbox.DeploymentAsync(id);
            return ((bool?)d["paused"] == true, d["tags"]!.Select(t => (string)t!).ToList());
        }

        private static DateTimeOffset Utc(int hour, int minute) => new DateTimeOffset(2026, 11, 23, hour, minute, 0, TimeSpan.Zero);

        [Fact]
        public async Task The_full_DBA_story_disables_enables_and_catches_up_exactly_the_missed_runs()
        {
            _sandbox.Server.Clock.Set(T0);
            var e = await SeedAsync();
            _sandbox.Server.RunScheduler();
            var (connection, service) = await ServiceAsync();
            using var _ = connection;
            var pausedBefore = await ServerStateAsync(e.PausedOnPurpose);

            var disabled = await DisableAsync(service, e.Tag, T0.AddHours(3), "CHG-1234 patching");

            Assert.Equal(2, disabled.Count(r => r.Outcome == MaintenanceOutcome.Disabled));
            Assert.DoesNotContain(disabled, r => r.Flow.Id == e.PausedOnPurpose);
            var cron = await ServerStateAsync(e.NewYorkCron);
            Assert.True(cron.paused);
            Assert.Equal(new[] { e.Tag, "nightly", "MAINTENANCE", "MAINTENANCE:since=2026-11-23T10:02:00Z",
                "MAINTENANCE:until=2026-11-23T13:02:00Z", "MAINTENANCE:reason=CHG-1234 patching" }, cron.tags);
            Assert.Equal(pausedBefore.tags, (await ServerStateAsync(e.PausedOnPurpose)).tags);
            Assert.False((await ServerStateAsync(e.OtherTag)).paused);
            // Pausing deleted the runs the scheduler had made for the window.
            Assert.Empty(await ScheduledTimesAsync(e.NewYorkCron, T0, T0.AddDays(1)));

            var inMaintenance = await service.FindMarkedAsync(Array.Empty<string>(), "MAINTENANCE", CancellationToken.None);
            var marked = inMaintenance.Single(f => f.Id == e.NewYorkCron);
            Assert.Equal((PrefectOps.FlowStatus.Maintenance, T0, T0.AddHours(3), "CHG-1234 patching"),
                (marked.Status, marked.MaintenanceSince!.Value, marked.MaintenanceUntil!.Value, marked.MaintenanceReason));

            // Two hours of maintenance; the scheduler runs meanwhile but the flows are paused.
            _sandbox.Server.Clock.Advance(TimeSpan.FromHours(2));
            _sandbox.Server.RunScheduler();

            var (plans, enabled) = await EnableAsync(service, e.Tag, catchUp: 10);

            Assert.Equal(MaintenanceAction.SkipNotInMaintenance, plans.Single(p => p.Flow.Id == e.PausedOnPurpose).Action);
            Assert.Equal(2, enabled.Count(r => r.Outcome == MaintenanceOutcome.Enabled));
            Assert.Equal(new[] { Utc(10, 15), Utc(11, 15) }, await ScheduledTimesAsync(e.NewYorkCron, T0, T0.AddHours(2)));
            Assert.Equal(new[] { Utc(10, 40), Utc(11, 40) }, await ScheduledTimesAsync(e.Interval, T0, T0.AddHours(2)));
            Assert.Equal(2, enabled.Single(r => r.Flow.Id == e.NewYorkCron).Flow.CaughtUpRuns);
            cron = await ServerStateAsync(e.NewYorkCron);
            Assert.False(cron.paused);
            Assert.Equal(new[] { e.Tag, "nightly" }, cron.tags);
            var pausedAfter = await ServerStateAsync(e.PausedOnPurpose);
            Assert.True(pausedAfter.paused);
            Assert.Equal(pausedBefore.tags, pausedAfter.tags);

            // Again, and the server's scheduler too: no run is created twice.
            var (_, again) = await EnableAsync(service, e.Tag, catchUp: 10);
            Assert.Empty(again);
            var flow = await connection.Backend.GetFlowAsync(e.NewYorkCron, "MAINTENANCE", CancellationToken.None);
            await connection.Backend.CatchUpAsync(flow, T0, T0.AddHours(2), 10, CancellationToken.None);
            _sandbox.Server.RunScheduler();
            Assert.Equal(new[] { Utc(10, 15), Utc(11, 15) }, await ScheduledTimesAsync(e.NewYorkCron, T0, T0.AddHours(2)));
            var allTimes = (await _sandbox.RunsOfAsync(e.NewYorkCron)).Select(r => (string)r["expected_start_time"]!).ToList();
            Assert.Equal(allTimes.Count, allTimes.Distinct().Count());
            _sandbox.AssertNoContractViolations();
        }

        [Fact]
        public async Task Catch_up_keeps_only_the_most_recent_runs()
        {
            _sandbox.Server.Clock.Set(T0);
            string tag = Unique.Name("busy");
            var flow = await _sandbox.Seed.CreateFlowAsync(Unique.Name("busy"));
            var id = Guid.Parse((string)(await _sandbox.Seed.CreateDeploymentAsync(flow, "every-5", new[] { tag }, "{\"cron\":\"*/5 * * * *\",\"timezone\":\"Europe/Berlin\"}"))["id"]!);
            var (connection, service) = await ServiceAsync();
            using var _ = connection;
            await DisableAsync(service, tag, null, null);
            _sandbox.Server.Clock.Advance(TimeSpan.FromHours(2));

            var (plans, results) = await EnableAsync(service, tag, catchUp: 3);

            Assert.Contains("catch up 3 missed runs: 2026-11-23 11:50Z, 2026-11-23 11:55Z, 2026-11-23 12:00Z", plans.Single().Description);
            Assert.Equal(new[] { Utc(11, 50), Utc(11, 55), Utc(12, 0) }, await ScheduledTimesAsync(id, T0, T0.AddHours(2)));
            Assert.Equal(3, results.Single().Flow.CaughtUpRuns);
        }

        [Fact]
        public async Task Planning_an_enable_shows_the_runs_and_changes_nothing()
        {
            _sandbox.Server.Clock.Set(T0);
            var e = await SeedAsync();
            var (connection, service) = await ServiceAsync();
            using var _ = connection;
            await DisableAsync(service, e.Tag, null, null);
            _sandbox.Server.Clock.Advance(TimeSpan.FromHours(2));
            int patchesBefore = _sandbox.Server.Requests.Count("PATCH /deployments/{id}");
            int backfillsBefore = _sandbox.Server.Requests.Count("POST /deployments/{id}/schedule");

            var plans = (await service.FindByTagsAsync(new[] { e.Tag }, "MAINTENANCE", CancellationToken.None))
                .Select(f => service.PlanEnable(f, "MAINTENANCE", false, 10)).ToList();

            Assert.Contains("catch up 2 missed runs: 2026-11-23 10:15Z, 2026-11-23 11:15Z", plans.Single(p => p.Flow.Id == e.NewYorkCron).Description);
            Assert.Equal(patchesBefore, _sandbox.Server.Requests.Count("PATCH /deployments/{id}"));
            Assert.Equal(backfillsBefore, _sandbox.Server.Requests.Count("POST /deployments/{id}/schedule"));
            Assert.True((await ServerStateAsync(e.NewYorkCron)).paused);
        }

        [Fact]
        public async Task Expired_picks_only_windows_whose_until_has_passed()
        {
            _sandbox.Server.Clock.Set(T0);
            string soon = Unique.Name("soon"), later = Unique.Name("later"), open = Unique.Name("open");
            var flow = await _sandbox.Seed.CreateFlowAsync(Unique.Name("windows"));
            foreach (var tag in new[] { soon, later, open })
                await _sandbox.Seed.CreateDeploymentAsync(flow, tag, new[] { tag, "expiry-test" }, "{\"interval\":600,\"timezone\":\"UTC\"}");
            var (connection, service) = await ServiceAsync();
            using var _ = connection;
            await DisableAsync(service, soon, T0.AddHours(1), null);
            await DisableAsync(service, later, T0.AddHours(5), null);
            await DisableAsync(service, open, null, null);
            _sandbox.Server.Clock.Advance(TimeSpan.FromHours(2));

            var plans = (await service.FindMarkedAsync(Array.Empty<string>(), "MAINTENANCE", CancellationToken.None))
                .Where(f => f.Tags.Contains("expiry-test"))
                .Select(f => service.PlanEnable(f, "MAINTENANCE", expiredOnly: true, catchUpMaxRuns: null))
                .ToDictionary(p => p.Flow.DeploymentName, p => p.Action);

            Assert.Equal(MaintenanceAction.Enable, plans[soon]);
            Assert.Equal(MaintenanceAction.SkipNotExpired, plans[later]);
            Assert.Equal(MaintenanceAction.SkipNotExpired, plans[open]);
        }

        [Fact]
        public async Task A_second_DBA_on_another_connection_ends_the_window()
        {
            _sandbox.Server.Clock.Set(T0);
            var e = await SeedAsync();
            var (first, firstService) = await ServiceAsync();
            var (second, secondService) = await ServiceAsync();
            using var a = first;
            using var b = second;

            await DisableAsync(firstService, e.Tag, T0.AddHours(1), "night shift");
            _sandbox.Server.Clock.Advance(TimeSpan.FromHours(2));
            var (_, results) = await EnableAsync(secondService, e.Tag, catchUp: 10);

            Assert.Equal(2, results.Count(r => r.Outcome == MaintenanceOutcome.Enabled));
            var seenByFirst = await first.Backend.GetFlowAsync(e.NewYorkCron, "MAINTENANCE", CancellationToken.None);
            Assert.Equal(PrefectOps.FlowStatus.Active, seenByFirst.Status);
            Assert.Equal(new[] { Utc(10, 15), Utc(11, 15) }, await ScheduledTimesAsync(e.NewYorkCron, T0, T0.AddHours(2)));
        }

        [Fact]
        public async Task The_marker_says_who_took_the_flow_down_and_enable_says_whose_window_it_ends()
        {
            _sandbox.Server.Clock.Set(T0);
            var e = await SeedAsync();
            using var connection = await _sandbox.ConnectAsync();
            var log = new HttpResilienceTests.RecordingLog();
            var service = new MaintenanceService(connection.Backend, _sandbox.Clock, log);
            var window = service.NewWindow("MAINTENANCE", T0.AddHours(2), "CHG-77", @"CONTOSO\jdoe@SQLADM01");
            var plans = (await service.FindByTagsAsync(new[] { e.Tag }, "MAINTENANCE", CancellationToken.None)).Select(f => service.PlanDisable(f, window)).ToList();
            await service.RunAsync(plans, window, 4, _ => { }, CancellationToken.None);

            Assert.Contains(@"MAINTENANCE:by=CONTOSO\jdoe@SQLADM01", (await ServerStateAsync(e.Interval)).tags);
            // Another DBA, another connection: Get-Flow -InMaintenance reads it back from the server.
            using var other = await _sandbox.ConnectAsync();
            var marked = await new MaintenanceService(other.Backend, _sandbox.Clock).FindMarkedAsync(new[] { e.Tag }, "MAINTENANCE", CancellationToken.None);
            Assert.Equal(new[] { @"CONTOSO\jdoe@SQLADM01", @"CONTOSO\jdoe@SQLADM01" }, marked.Select(f => f.MaintenanceBy));

            var enable = marked.Select(f => service.PlanEnable(f, "MAINTENANCE", false, null)).ToList();
            await service.RunAsync(enable, null, 4, _ => { }, CancellationToken.None);

            var flow = marked.Single(f => f.Id == e.Interval);
            Assert.Contains($"{flow.Name}: schedule resumed and MAINTENANCE marker removed; the window CONTOSO\\jdoe@SQLADM01 opened at 2026-11-23 10:02Z (CHG-77) is over.", log.Lines);
            Assert.Null(flow.MaintenanceBy);
        }

        [Fact]
        public async Task Disabling_twice_changes_nothing_the_second_time()
        {
            _sandbox.Server.Clock.Set(T0);
            var e = await SeedAsync();
            var (connection, service) = await ServiceAsync();
            using var _ = connection;
            await DisableAsync(service, e.Tag, null, "first");
            var before = await ServerStateAsync(e.NewYorkCron);
            _sandbox.Server.Clock.Advance(TimeSpan.FromMinutes(30));

            var window = service.NewWindow("MAINTENANCE", null, "second");
            var plans = (await service.FindByTagsAsync(new[] { e.Tag }, "MAINTENANCE", CancellationToken.None)).Select(f => service.PlanDisable(f, window)).ToList();

            Assert.All(plans, p => Assert.False(p.IsChange));
            Assert.Equal(MaintenanceAction.SkipPausedOnPurpose, plans.Single(p => p.Flow.Id == e.PausedOnPurpose).Action);
            Assert.Equal(MaintenanceAction.SkipAlreadyInMaintenance, plans.Single(p => p.Flow.Id == e.NewYorkCron).Action);
            Assert.Equal(before.tags, (await ServerStateAsync(e.NewYorkCron)).tags);
        }
    }

    public sealed class MaintenanceStoryTests2 : MaintenanceStoryTests, IClassFixture<Sandbox2Fixture>
    {
        public MaintenanceStoryTests2(Sandbox2Fixture sandbox) : base(sandbox) { }
    }

    public sealed class MaintenanceStoryTests3 : MaintenanceStoryTests, IClassFixture<Sandbox3Fixture>
    {
        public MaintenanceStoryTests3(Sandbox3Fixture sandbox) : base(sandbox) { }
    }
}
