using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Maintenance;
using PrefectOps.Sandbox.Faults;
using Xunit;

namespace PrefectOps.Tests.Integration
{
    /// <summary>
    /// Failures half-way: every flow ends either fully done or untouched, each failure is reported with a stable
    /// ErrorId, and a re-run finishes the job.
    /// </summary>
    public abstract class MaintenanceFailureTests
    {
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 11, 23, 10, 2, 0, TimeSpan.Zero);
        private readonly SandboxFixture _sandbox;

        protected MaintenanceFailureTests(SandboxFixture sandbox) => _sandbox = sandbox;

        private async Task<(string tag, List<Guid> ids)> SeedAsync(int count)
        {
            string tag = Unique.Name("db");
            var flow = await _sandbox.Seed.CreateFlowAsync(Unique.Name("flow"));
            var ids = new List<Guid>();
            for (int i = 0; i < count; i++)
                ids.Add(Guid.Parse((string)(await _sandbox.Seed.CreateDeploymentAsync(flow, $"d{i}", new[] { tag, "keep-me" },
                    "{\"cron\":\"0 * * * *\",\"timezone\":\"Europe/Berlin\"}"))["id"]!));
            return (tag, ids);
        }

        private async Task<List<MaintenanceResult>> RunAsync(MaintenanceService service, string tag, bool enable)
        {
            var window = enable ? null : service.NewWindow("MAINTENANCE", null, "patch night");
            var flows = await service.FindByTagsAsync(new[] { tag }, "MAINTENANCE", CancellationToken.None);
            var plans = flows.Select(f => enable ? service.PlanEnable(f, "MAINTENANCE", false, 10) : service.PlanDisable(f, window!)).ToList();
            var results = new List<MaintenanceResult>();
            await service.RunAsync(plans, window, 4, r => { lock (results) results.Add(r); }, CancellationToken.None);
            return results;
        }

        private async Task<(bool paused, string[] tags)> StateAsync(Guid id)
        {
            var d = await _sandbox.DeploymentAsync(id);
            return ((bool?)d["paused"] == true, d["tags"]!.Select(t => (string)t!).ToArray());
        }

        private async Task AssertStateAsync(Guid id, bool paused, string[] tags)
        {
            var state = await StateAsync(id);
            Assert.Equal(paused, state.paused);
            Assert.Equal(tags, state.tags);
        }

        [Fact]
        public async Task A_disable_that_fails_for_one_flow_leaves_it_untouched_and_a_rerun_completes()
        {
            _sandbox.Server.Clock.Set(T0);
            var (tag, ids) = await SeedAsync(5);
            using var connection = await _sandbox.ConnectAsync();
            var service = new MaintenanceService(connection.Backend, _sandbox.Clock);
            var broken = ids[2];
            _sandbox.Server.Faults.AddFor(broken, "PATCH /deployments/{id}", FaultKind.Status, 500);
            try
            {
                var results = await RunAsync(service, tag, enable: false);

                var failure = Assert.Single(results, r => r.Outcome == MaintenanceOutcome.Failed);
                Assert.Equal(broken, failure.Flow.Id);
                Assert.Equal(ErrorIds.ServerError, failure.Error!.ErrorId);
                Assert.Contains("running the command again completes it", failure.Error.Message);
                Assert.Equal(4, results.Count(r => r.Outcome == MaintenanceOutcome.Disabled));
                await AssertStateAsync(broken, false, new[] { tag, "keep-me" });
            }
            finally
            {
                _sandbox.Server.Faults.Clear();
            }

            var rerun = await RunAsync(service, tag, enable: false);
            Assert.Equal(broken, Assert.Single(rerun).Flow.Id);
            Assert.Equal(MaintenanceOutcome.Disabled, rerun.Single().Outcome);
            foreach (var id in ids)
            {
                var state = await StateAsync(id);
                Assert.True(state.paused);
                Assert.Contains("MAINTENANCE", state.tags);
            }
        }

        [Fact]
        public async Task Transient_503s_and_resets_are_retried_and_the_disable_succeeds()
        {
            _sandbox.Server.Clock.Set(T0);
            var (tag, ids) = await SeedAsync(3);
            using var connection = await _sandbox.ConnectAsync();
            var service = new MaintenanceService(connection.Backend, _sandbox.Clock);
            _sandbox.Server.Faults.Add("PATCH /deployments/{id}", FaultKind.Status, 503, times: 2);
            _sandbox.Server.Faults.Add("PATCH /deployments/{id}", FaultKind.ResetConnection, times: 1);
            try
            {
                var results = await RunAsync(service, tag, enable: false);
                Assert.All(results, r => Assert.Equal(MaintenanceOutcome.Disabled, r.Outcome));
                Assert.True(connection.Backend.Stats.Retries >= 3);
            }
            finally
            {
                _sandbox.Server.Faults.Clear();
            }
        }

        [Fact]
        public async Task A_catch_up_that_fails_puts_the_flow_back_in_maintenance_and_a_rerun_completes()
        {
            _sandbox.Server.Clock.Set(T0);
            var (tag, ids) = await SeedAsync(4);
            using var connection = await _sandbox.ConnectAsync();
            var service = new MaintenanceService(connection.Backend, _sandbox.Clock);
            await RunAsync(service, tag, enable: false);
            var windowTags = (await StateAsync(ids[1])).tags;
            _sandbox.Server.Clock.Advance(TimeSpan.FromHours(3));
            var broken = ids[1];
            _sandbox.Server.Faults.AddFor(broken, "POST /deployments/{id}/schedule", FaultKind.Status, 500);
            try
            {
                var results = await RunAsync(service, tag, enable: true);

                var failure = Assert.Single(results, r => r.Outcome == MaintenanceOutcome.Failed);
                Assert.Equal(broken, failure.Flow.Id);
                Assert.Equal(ErrorIds.CatchUpFailed, failure.Error!.ErrorId);
                await AssertStateAsync(broken, true, windowTags);
                Assert.Equal(3, results.Count(r => r.Outcome == MaintenanceOutcome.Enabled));
            }
            finally
            {
                _sandbox.Server.Faults.Clear();
            }

            var rerun = await RunAsync(service, tag, enable: true);
            Assert.Equal(MaintenanceOutcome.Enabled, Assert.Single(rerun, r => r.Flow.Id == broken).Outcome);
            // Window 10:02 to 13:02 UTC, hourly cron (Berlin's whole-hour offset keeps it on the hour): 11:00, 12:00, 13:00 UTC.
            foreach (var id in ids)
            {
                await AssertStateAsync(id, false, new[] { tag, "keep-me" });
                var times = (await _sandbox.RunsOfAsync(id))
                    .Where(r => (string?)r["state_type"] == "SCHEDULED")
                    .Select(r => DateTimeOffset.Parse((string)r["expected_start_time"]!))
                    .Where(t => t <= T0.AddHours(3)).OrderBy(t => t).ToList();
                Assert.Equal(new[] { T0.AddMinutes(58), T0.AddMinutes(118), T0.AddMinutes(178) }, times);
            }
        }

        [Fact]
        public async Task A_change_the_server_made_but_never_confirmed_is_read_back_and_reported_as_done()
        {
            _sandbox.Server.Clock.Set(T0);
            var (tag, ids) = await SeedAsync(2);
            using var connection = await _sandbox.ConnectAsync();
            var service = new MaintenanceService(connection.Backend, _sandbox.Clock);
            // Every PATCH is applied, then the connection drops before the answer.
            _sandbox.Server.Faults.Add("PATCH /deployments/{id}", FaultKind.ResetAfterHandling);
            try
            {
                var results = await RunAsync(service, tag, enable: false);
                Assert.All(results, r => Assert.Equal(MaintenanceOutcome.Disabled, r.Outcome));
                Assert.All(results, r => Assert.Equal(PrefectOps.FlowStatus.Maintenance, r.Flow.Status));

                _sandbox.Server.Clock.Advance(TimeSpan.FromHours(1));
                var enabled = await RunAsync(service, tag, enable: true);
                Assert.All(enabled, r => Assert.Equal(MaintenanceOutcome.Enabled, r.Outcome));
            }
            finally
            {
                _sandbox.Server.Faults.Clear();
            }
            foreach (var id in ids) await AssertStateAsync(id, false, new[] { tag, "keep-me" });
        }

        [Fact]
        public async Task A_flow_deleted_between_listing_and_disabling_is_one_error_and_the_rest_go_on()
        {
            _sandbox.Server.Clock.Set(T0);
            var (tag, ids) = await SeedAsync(3);
            using var connection = await _sandbox.ConnectAsync();
            var service = new MaintenanceService(connection.Backend, _sandbox.Clock);
            var window = service.NewWindow("MAINTENANCE", null, null);
            var plans = (await service.FindByTagsAsync(new[] { tag }, "MAINTENANCE", CancellationToken.None)).Select(f => service.PlanDisable(f, window)).ToList();
            await _sandbox.Seed.SendAsync("DELETE", $"/deployments/{ids[0]}");

            var results = new List<MaintenanceResult>();
            await service.RunAsync(plans, window, 2, r => { lock (results) results.Add(r); }, CancellationToken.None);

            var failure = Assert.Single(results, r => r.Outcome == MaintenanceOutcome.Failed);
            Assert.Equal(ErrorIds.FlowNotFound, failure.Error!.ErrorId);
            Assert.Equal(PrefectErrorKind.NotFound, failure.Error.Kind);
            Assert.Equal(2, results.Count(r => r.Outcome == MaintenanceOutcome.Disabled));
        }
    }

    public sealed class MaintenanceFailureTests2 : MaintenanceFailureTests, IClassFixture<Sandbox2Fixture>
    {
        public MaintenanceFailureTests2(Sandbox2Fixture sandbox) : base(sandbox) { }
    }

    public sealed class MaintenanceFailureTests3 : MaintenanceFailureTests, IClassFixture<Sandbox3Fixture>
    {
        public MaintenanceFailureTests3(Sandbox3Fixture sandbox) : base(sandbox) { }
    }
}
