using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Maintenance;
using PrefectOps.Sandbox.Prefect1;
using Xunit;

namespace PrefectOps.Tests.Prefect1
{
    /// <summary>
    /// Disable and enable are three mutations each on Prefect 1. For every step and every way a request can fail
    /// (an error answer, a dropped connection before or after the server acted, Cloud's API_ERROR, a broken answer),
    /// the flow that meets the failure ends untouched, the others done, and a re-run without faults completes the job
    /// without creating any run twice.
    /// </summary>
    public sealed class Prefect1FaultTests : IClassFixture<Prefect1Fixture>
    {
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 11, 23, 10, 2, 0, TimeSpan.Zero);
        private const string Marker = "MAINTENANCE";
        private readonly Prefect1Fixture _f;

        public Prefect1FaultTests(Prefect1Fixture f) => _f = f;

        public static readonly string[] Kinds = { "status500", "status503", "reset", "reset_after", "api_error", "malformed" };
        public static readonly string[] DisableSteps = { "PrefectOpsSetDescription", "PrefectOpsSetLabels", "PrefectOpsPauseSchedule" };
        public static readonly string[] EnableSteps = { "PrefectOpsCatchUpRun", "PrefectOpsResumeSchedule", "PrefectOpsSetLabels", "PrefectOpsSetDescription" };

        public static IEnumerable<object[]> DisableCases => Kinds.SelectMany(k => DisableSteps.Select(s => new object[] { k, s }));
        public static IEnumerable<object[]> EnableCases => Kinds.SelectMany(k => EnableSteps.Select(s => new object[] { k, s }));

        /// <summary>
        /// Faults for <paramref name="flow"/>'s requests only: while one flow waits out a backoff, the others go on, so
        /// an untargeted fault could land on any of them.
        /// </summary>
        private Task AddFaultAsync(string kind, string operation, int times, Prefect1SeededFlow flow)
        {
            var ids = new[] { flow.FlowId, flow.FlowGroupId };
            return kind switch
            {
                "status500" => _f.Server.AddFaultAsync(operation, "status", 500, times, onlyWith: ids),
                "status503" => _f.Server.AddFaultAsync(operation, "status", 503, times, onlyWith: ids),
                "api_error" => _f.Server.AddFaultAsync(operation, "resolver_error", times: times, code: "API_ERROR", onlyWith: ids),
                _ => _f.Server.AddFaultAsync(operation, kind, times: times, onlyWith: ids),
            };
        }

        private async Task<(string tag, List<Prefect1SeededFlow> flows)> SeedAsync()
        {
            string tag = Prefect1Fixture.Unique("fault");
            var flows = new List<Prefect1SeededFlow>();
            for (int i = 0; i < 3; i++)
            {
                var flow = await _f.Server.SeedAsync(new Prefect1FlowSpec
                {
                    Name = $"{tag}-{i}",
                    Tasks = new Dictionary<string, string[]> { ["t"] = new[] { tag } },
                    Clocks = new List<JObject> { Prefect1Clocks.Cron("0 * * * *") },
                });
                // One group with a label override and a description, one with neither, one with an empty override.
                if (i == 0) { await _f.SetLabelsAsync(flow.FlowGroupId, "prod"); await _f.SetDescriptionAsync(flow.FlowGroupId, "Nightly load."); }
                if (i == 2) await _f.SetLabelsAsync(flow.FlowGroupId);
                flows.Add(flow);
            }
            return (tag, flows);
        }

        private async Task<List<MaintenanceResult>> RunAsync(MaintenanceService service, string tag, bool enable)
        {
            var window = enable ? null : service.NewWindow(Marker, T0.AddHours(4), "fault test");
            var plans = (await service.FindByTagsAsync(new[] { tag }, Marker, CancellationToken.None))
                .Select(f => enable ? service.PlanEnable(f, Marker, false, 10) : service.PlanDisable(f, window!)).ToList();
            var results = new List<MaintenanceResult>();
            await service.RunAsync(plans, window, 1, results.Add, CancellationToken.None);
            return results;
        }

        private async Task<List<string>> StatesAsync(List<Prefect1SeededFlow> flows)
        {
            var states = new List<string>();
            foreach (var f in flows) states.Add((await _f.GroupAsync(f.FlowGroupId)).ToString());
            return states;
        }

        private static bool IsMarkedAndPaused((bool active, JToken labels, JToken description) g) =>
            !g.active && g.labels.Any(l => (string?)l == Marker) && ((string?)g.description ?? "").Contains("<!-- prefectops:maintenance");

        [Theory]
        [MemberData(nameof(DisableCases))]
        public async Task A_failed_disable_step_leaves_the_flow_untouched_and_a_rerun_completes(string kind, string step)
        {
            await _f.Server.ClearFaultsAsync();
            await _f.SetClockAsync(T0);
            var (tag, flows) = await SeedAsync();
            var before = await StatesAsync(flows);
            using var connection = await _f.ConnectAsync(maxAttempts: 2);
            var service = new MaintenanceService(connection.Backend, _f.Clock);

            await AddFaultAsync(kind, step, times: 2, flows[0]);
            var results = await RunAsync(service, tag, enable: false);
            await _f.Server.ClearFaultsAsync();

            var failed = Assert.Single(results, r => r.Outcome == MaintenanceOutcome.Failed);
            Assert.Equal(Guid.Parse(flows[0].FlowGroupId), failed.Flow.Id);
            Assert.Equal(2, results.Count(r => r.Outcome == MaintenanceOutcome.Disabled));
            var after = await StatesAsync(flows);
            for (int i = 0; i < flows.Count; i++)
            {
                var group = await _f.GroupAsync(flows[i].FlowGroupId);
                if (Guid.Parse(flows[i].FlowGroupId) == failed.Flow.Id) Assert.Equal(before[i], after[i]);
                else Assert.True(IsMarkedAndPaused(group), $"{kind}/{step}: {flows[i].Name} should be in maintenance: {after[i]}");
            }

            var rerun = await RunAsync(service, tag, enable: false);
            Assert.Equal(MaintenanceOutcome.Disabled, Assert.Single(rerun).Outcome);
            foreach (var f in flows) Assert.True(IsMarkedAndPaused(await _f.GroupAsync(f.FlowGroupId)));
        }

        [Theory]
        [MemberData(nameof(EnableCases))]
        public async Task A_failed_enable_step_leaves_the_flow_in_maintenance_and_a_rerun_completes(string kind, string step)
        {
            await _f.Server.ClearFaultsAsync();
            await _f.SetClockAsync(T0);
            var (tag, flows) = await SeedAsync();
            var original = await StatesAsync(flows);
            using var connection = await _f.ConnectAsync(maxAttempts: 2);
            var service = new MaintenanceService(connection.Backend, _f.Clock);
            Assert.All(await RunAsync(service, tag, enable: false), r => Assert.Equal(MaintenanceOutcome.Disabled, r.Outcome));
            await _f.AdvanceClockAsync(TimeSpan.FromHours(2)); // 11:00 and 12:00 missed
            var inMaintenance = await StatesAsync(flows);

            await AddFaultAsync(kind, step, times: 2, flows[0]);
            var results = await RunAsync(service, tag, enable: true);
            await _f.Server.ClearFaultsAsync();

            var failed = Assert.Single(results, r => r.Outcome == MaintenanceOutcome.Failed);
            Assert.Equal(Guid.Parse(flows[0].FlowGroupId), failed.Flow.Id);
            Assert.NotEqual(ErrorIds.CatchUpFailedFlowEnabled, failed.Error!.ErrorId);
            Assert.Equal(2, results.Count(r => r.Outcome == MaintenanceOutcome.Enabled));
            var after = await StatesAsync(flows);
            for (int i = 0; i < flows.Count; i++)
                Assert.Equal(Guid.Parse(flows[i].FlowGroupId) == failed.Flow.Id ? inMaintenance[i] : original[i], after[i]);

            var rerun = await RunAsync(service, tag, enable: true);
            Assert.Equal(MaintenanceOutcome.Enabled, Assert.Single(rerun).Outcome);
            Assert.Equal(original, await StatesAsync(flows));
            foreach (var f in flows)
                Assert.Equal(new[] { T0.AddMinutes(58), T0.AddMinutes(118) }, await _f.RunTimesAsync(f.FlowGroupId, T0, T0.AddHours(2)));
        }
    
        [Fact]
        public async Task When_the_undo_fails_too_the_flow_is_left_marked_never_paused_without_the_marker_and_enable_mends_it()
        {
            await _f.Server.ClearFaultsAsync();
            await _f.SetClockAsync(T0);
            var (tag, flows) = await SeedAsync();
            var original = await StatesAsync(flows);
            using var connection = await _f.ConnectAsync(maxAttempts: 2);
            var service = new MaintenanceService(connection.Backend, _f.Clock);

            // The pause fails without an answer, and so does every attempt to switch the schedule back on.
            await AddFaultAsync("status500", "PrefectOpsPauseSchedule", times: 2, flows[0]);
            await AddFaultAsync("status500", "PrefectOpsResumeSchedule", times: 6, flows[0]);
            var results = await RunAsync(service, tag, enable: false);
            await _f.Server.ClearFaultsAsync();

            var failed = Assert.Single(results, r => r.Outcome == MaintenanceOutcome.Failed);
            Assert.Equal(ErrorIds.MaintenanceUndoFailed, failed.Error!.ErrorId);
            Assert.Contains("Run Enable-FlowByTag", failed.Error.Message);
            var left = await connection.Backend.GetFlowAsync(failed.Flow.Id, Marker, CancellationToken.None);
            Assert.Equal(FlowStatus.Maintenance, left.Status);

            var enabled = await RunAsync(service, tag, enable: true);
            Assert.All(enabled, r => Assert.Equal(MaintenanceOutcome.Enabled, r.Outcome));
            Assert.Equal(original, await StatesAsync(flows));
        }
    }
}
