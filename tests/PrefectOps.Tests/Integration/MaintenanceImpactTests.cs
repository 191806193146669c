using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Maintenance;
using Xunit;

namespace PrefectOps.Tests.Integration
{
    /// <summary>
    /// Get-MaintenanceImpact against the sandbox: the scheduler has made its horizon of runs, somebody has scheduled
    /// runs by hand, one runs now. The preview counts the week from the schedules, lists the hand-made runs (which a
    /// disable indeed leaves in place) and the run in flight, and reads none of the scheduler's runs where no flow
    /// has a hand-made one.
    /// </summary>
    public abstract class MaintenanceImpactTests
    {
        // Monday 2026-11-23 10:02 UTC.
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 11, 23, 10, 2, 0, TimeSpan.Zero);
        private const string FiveMinutes = "{\"interval\":300,\"anchor_date\":\"2026-01-01T00:00:00+00:00\",\"timezone\":\"UTC\"}";
        private readonly SandboxFixture _sandbox;

        protected MaintenanceImpactTests(SandboxFixture sandbox) => _sandbox = sandbox;

        private async Task<(string tag, Guid[] fiveMinute, Guid paused, Guid noSchedule)> SeedAsync(int fiveMinuteFlows)
        {
            string tag = Unique.Name("server-prod");
            var flow = await _sandbox.Seed.CreateFlowAsync(Unique.Name("etl"));
            async Task<Guid> Deploy(string name, string? schedule, bool paused = false) =>
                Guid.Parse((string)(await _sandbox.Seed.CreateDeploymentAsync(flow, name, new[] { tag }, schedule, paused))["id"]!);
            var five = new Guid[fiveMinuteFlows];
            for (int i = 0; i < five.Length; i++) five[i] = await Deploy($"every-5m-{i}", FiveMinutes);
            var paused = await Deploy("paused-on-purpose", "{\"cron\":\"0 * * * *\",\"timezone\":\"UTC\"}", paused: true);
            var none = await Deploy("no-schedule", null);
            // A scheduler that keeps 100 runs ahead (PREFECT_API_SERVICES_SCHEDULER_MIN_RUNS=100; the default is 3
            // runs and an hour): up to 18:20 today for each five-minute flow, made as the scheduler makes them.
            foreach (var id in five)
                await _sandbox.Seed.SendAsync("POST", $"/deployments/{id}/schedule", new JObject
                {
                    ["start_time"] = T0.ToString("o"), ["end_time"] = T0.AddDays(100).ToString("o"),
                    ["min_runs"] = 100, ["max_runs"] = 100, ["min_time"] = 0,
                });
            return (tag, five, paused, none);
        }

        private async Task<(IReadOnlyList<MaintenanceImpact> impacts, int filterRequests)> PreviewAsync(string tag, DateTimeOffset until)
        {
            using var connection = await _sandbox.ConnectAsync();
            var flows = await new MaintenanceService(connection.Backend, _sandbox.Clock).FindByTagsAsync(new[] { tag }, "MAINTENANCE", CancellationToken.None);
            var preview = new MaintenancePreview(connection.Backend, _sandbox.Clock);
            var (start, end) = MaintenancePreview.Window(null, until, _sandbox.Clock);
            int before = _sandbox.Server.Requests.Count("POST /flow_runs/filter");
            var impacts = await preview.PreviewAsync(flows, start, end, CancellationToken.None);
            return (impacts, _sandbox.Server.Requests.Count("POST /flow_runs/filter") - before);
        }

        [Fact]
        public async Task A_week_is_counted_from_the_schedules_and_the_schedulers_runs_are_not_read()
        {
            _sandbox.Server.Clock.Set(T0);
            var e = await SeedAsync(3);

            var (impacts, filterRequests) = await PreviewAsync(e.tag, T0.AddDays(7));

            var five = impacts.Single(i => i.Id == e.fiveMinute[0]);
            // 10:05 today to 10:00 a week later: 7 x 288 runs, where the server holds 100 (300 for the three flows).
            Assert.Equal((MaintenanceImpactKind.Disable, 2016, T0.AddMinutes(3), T0.AddDays(7).AddMinutes(-2), (int?)10),
                (five.Impact, five.ScheduledRuns, five.FirstScheduledRun!.Value, five.LastScheduledRun!.Value, five.CatchUpRuns));
            Assert.Equal(MaintenanceImpactKind.PausedOnPurpose, impacts.Single(i => i.Id == e.paused).Impact);
            Assert.Equal(MaintenanceImpactKind.NoSchedule, impacts.Single(i => i.Id == e.noSchedule).Impact);
            Assert.All(impacts, i => Assert.Empty(i.HandScheduledRuns));
            // No hand-made run anywhere: the two counts agree and no scheduled run is read; one page for the runs in flight.
            Assert.Equal(1, filterRequests);
            _sandbox.AssertNoContractViolations();
        }

        [Fact]
        public async Task Hand_scheduled_runs_are_listed_with_who_made_them_and_survive_the_disable()
        {
            _sandbox.Server.Clock.Set(T0);
            var e = await SeedAsync(4);
            var byHand = Guid.Parse((string)(await _sandbox.Seed.CreateFlowRunAsync(e.fiveMinute[2], T0.AddHours(2)))["id"]!);
            _sandbox.Server.SetFlowRunCreatedBy(byHand, "USER", "jdoe");
            var onPaused = Guid.Parse((string)(await _sandbox.Seed.CreateFlowRunAsync(e.paused, T0.AddHours(5)))["id"]!);
            await _sandbox.Seed.CreateFlowRunAsync(e.fiveMinute[2], T0.AddDays(10)); // after the window
            var running = Guid.Parse((string)(await _sandbox.Seed.CreateFlowRunAsync(e.fiveMinute[0]))["id"]!);
            _sandbox.Server.SetFlowRunState(running, "RUNNING");

            var (impacts, filterRequests) = await PreviewAsync(e.tag, T0.AddDays(7));

            var withRun = impacts.Single(i => i.Id == e.fiveMinute[2]);
            var hand = Assert.Single(withRun.HandScheduledRuns);
            Assert.Equal((byHand, T0.AddHours(2), false, "jdoe (user)"), (hand.Id, hand.ScheduledStart!.Value, hand.AutoScheduled, hand.CreatedBy));
            Assert.Equal(onPaused, Assert.Single(impacts.Single(i => i.Id == e.paused).HandScheduledRuns).Id);
            Assert.Equal(running, Assert.Single(impacts.Single(i => i.Id == e.fiveMinute[0]).RunsInFlight).Id);
            Assert.Equal(2016, withRun.ScheduledRuns);
            Assert.Equal("6 flows: 8,064 scheduled runs skipped, 2 hand-scheduled runs will still run, 1 run in flight; 1 paused on purpose, 1 without a schedule.",
                ImpactText.Summary(impacts));
            // The 400 scheduler runs are narrowed by counts (halving the flows) to two sets that each hold a hand-made
            // run and fit one page: one page each, and one page of runs in flight.
            Assert.Equal(3, filterRequests);

            // Disable them: the pause deletes the scheduler's runs and leaves the hand-made ones, as the preview said.
            using (var connection = await _sandbox.ConnectAsync())
            {
                var service = new MaintenanceService(connection.Backend, _sandbox.Clock);
                var window = service.NewWindow("MAINTENANCE", T0.AddDays(7), "CHG-9");
                var plans = (await service.FindByTagsAsync(new[] { e.tag }, "MAINTENANCE", CancellationToken.None)).Select(f => service.PlanDisable(f, window)).ToList();
                await service.RunAsync(plans, window, 4, _ => { }, CancellationToken.None);
            }
            var left = (await _sandbox.RunsOfAsync(e.fiveMinute[2])).Where(r => (string?)r["state_type"] == "SCHEDULED").ToList();
            Assert.Equal(2, left.Count);
            Assert.All(left, r => Assert.False((bool)r["auto_scheduled"]!));
            var after = (await PreviewAsync(e.tag, T0.AddDays(7))).impacts;
            Assert.Equal(MaintenanceImpactKind.InMaintenance, after.Single(i => i.Id == e.fiveMinute[2]).Impact);
            Assert.Equal(byHand, Assert.Single(after.Single(i => i.Id == e.fiveMinute[2]).HandScheduledRuns).Id);
            _sandbox.AssertNoContractViolations();
        }

        [Fact]
        public async Task A_window_must_end_after_it_starts()
        {
            _sandbox.Server.Clock.Set(T0);
            var ex = Assert.Throws<PrefectException>(() => MaintenancePreview.Window(T0.AddHours(2), T0.AddHours(1), _sandbox.Clock));
            Assert.Equal(ErrorIds.InvalidMaintenanceWindow, ex.ErrorId);
            // A start already past counts from now, in whole seconds as the marker records it.
            Assert.Equal(T0, MaintenancePreview.Window(T0.AddDays(-1), T0.AddHours(1), _sandbox.Clock).start);
            await Task.CompletedTask;
        }
    }

    public sealed class MaintenanceImpactTests2 : MaintenanceImpactTests, IClassFixture<Sandbox2Fixture>
    {
        public MaintenanceImpactTests2(Sandbox2Fixture sandbox) : base(sandbox) { }
    }

    public sealed class MaintenanceImpactTests3 : MaintenanceImpactTests, IClassFixture<Sandbox3Fixture>
    {
        public MaintenanceImpactTests3(Sandbox3Fixture sandbox) : base(sandbox) { }
    }
}
