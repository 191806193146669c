using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Queues;
using PrefectOps.Core.Runs;
using PrefectOps.Sandbox.Prefect1;
using Xunit;

namespace PrefectOps.Tests.Prefect1
{
    /// <summary>Get-FlowRun, Stop-FlowRun and Resume-FlowRun on Prefect 1, and the work-queue commands refusing clearly.</summary>
    public sealed class Prefect1RunAndQueueTests : IClassFixture<Prefect1Fixture>
    {
        private readonly Prefect1Fixture _f;

        public Prefect1RunAndQueueTests(Prefect1Fixture f) => _f = f;

        private sealed class Runs
        {
            public Prefect1SeededFlow Flow = null!;
            public string Tag = "";
            public string Running = "", Scheduled = "", WaitingOnTask = "", Finished = "", PausedTask = "";
        }

        private async Task<Runs> SeedAsync()
        {
            var r = new Runs { Tag = Prefect1Fixture.Unique("runs") };
            r.Flow = await _f.Server.SeedAsync(new Prefect1FlowSpec
            {
                Name = Prefect1Fixture.Unique("adhoc-export"),
                Tasks = new Dictionary<string, string[]> { ["export"] = new[] { r.Tag }, ["approve"] = Array.Empty<string>() },
            });
            r.Running = await _f.CreateRunAsync(r.Flow);
            await _f.Server.SetFlowRunStateAsync(r.Running, "Running");
            r.Scheduled = await _f.CreateRunAsync(r.Flow, DateTimeOffset.UtcNow.AddDays(2));
            r.WaitingOnTask = await _f.CreateRunAsync(r.Flow);
            await _f.Server.SetFlowRunStateAsync(r.WaitingOnTask, "Running");
            var tasks = await _f.Server.QueryOkAsync("query($r: uuid!) { task_run(where: {flow_run_id: {_eq: $r}}, order_by: [{id: asc}]) { id } }", new JObject { ["r"] = r.WaitingOnTask });
            r.PausedTask = (string)tasks["task_run"]![0]!["id"]!;
            await _f.Server.SetTaskRunStateAsync(r.PausedTask, "Paused", "waiting for approval");
            r.Finished = await _f.CreateRunAsync(r.Flow);
            await _f.Server.SetFlowRunStateAsync(r.Finished, "Success");
            return r;
        }

        private static Dictionary<Guid, FlowRun> ById(IEnumerable<FlowRun> runs) => runs.ToDictionary(x => x.Id);

        [Fact]
        public async Task Get_FlowRun_maps_Prefect_1_states_and_filters_by_flow_tag_and_state()
        {
            var r = await SeedAsync();
            using var connection = await _f.ConnectAsync();
            var catalog = new FlowRunCatalog(connection.Backend);
            var group = Guid.Parse(r.Flow.FlowGroupId);

            var all = ById(await catalog.ListRunsAsync(new FlowRunQuery { DeploymentIds = new[] { group } }, CancellationToken.None));
            Assert.Equal(4, all.Count);
            Assert.Equal(("RUNNING", "Running"), (all[Guid.Parse(r.Running)].StateType, all[Guid.Parse(r.Running)].State));
            Assert.Equal(("SCHEDULED", "Scheduled"), (all[Guid.Parse(r.Scheduled)].StateType, all[Guid.Parse(r.Scheduled)].State));
            Assert.Equal(("PAUSED", "Paused"), (all[Guid.Parse(r.WaitingOnTask)].StateType, all[Guid.Parse(r.WaitingOnTask)].State));
            Assert.Equal(("COMPLETED", "Completed"), (all[Guid.Parse(r.Finished)].StateType, all[Guid.Parse(r.Finished)].State));
            var running = all[Guid.Parse(r.Running)];
            Assert.Equal((r.Flow.Name, group, r.Flow.Name), (running.FlowName, running.DeploymentId!.Value, running.DeploymentName));
            Assert.Equal(new[] { r.Tag }, running.Tags);

            var paused = await catalog.ListRunsAsync(new FlowRunQuery { AllTags = new[] { r.Tag }, StateTypes = new[] { "PAUSED" } }, CancellationToken.None);
            Assert.Equal(Guid.Parse(r.WaitingOnTask), Assert.Single(paused).Id);
            var runningOnly = await catalog.ListRunsAsync(new FlowRunQuery { DeploymentIds = new[] { group }, StateTypes = new[] { "RUNNING" } }, CancellationToken.None);
            Assert.Equal(Guid.Parse(r.Running), Assert.Single(runningOnly).Id);
            var byId = await catalog.GetRunsAsync(new[] { Guid.Parse(r.Scheduled), Guid.NewGuid() }, CancellationToken.None);
            Assert.Single(byId.found);
            Assert.Single(byId.missing);
            var later = await catalog.ListRunsAsync(new FlowRunQuery { DeploymentIds = new[] { group }, Since = DateTimeOffset.UtcNow.AddDays(1) }, CancellationToken.None);
            Assert.Equal(Guid.Parse(r.Scheduled), Assert.Single(later).Id);
        }

        [Fact]
        public async Task Get_FlowRun_pages_past_one_page()
        {
            var flow = await _f.Server.SeedAsync(new Prefect1FlowSpec { Name = Prefect1Fixture.Unique("many") });
            for (int i = 0; i < 205; i++) await _f.CreateRunAsync(flow, DateTimeOffset.UtcNow.AddDays(1).AddMinutes(i));
            using var connection = await _f.ConnectAsync();
            var runs = await new FlowRunCatalog(connection.Backend).ListRunsAsync(new FlowRunQuery { DeploymentIds = new[] { Guid.Parse(flow.FlowGroupId) } }, CancellationToken.None);
            Assert.Equal(205, runs.Select(x => x.Id).Distinct().Count());
        }

        [Fact]
        public async Task Stop_FlowRun_cancels_Running_to_Cancelling_and_Scheduled_to_Cancelled()
        {
            var r = await SeedAsync();
            using var connection = await _f.ConnectAsync();
            var control = new FlowRunControl(connection.Backend);

            var running = await control.CancelAsync(await control.GetAsync(Guid.Parse(r.Running), CancellationToken.None), CancellationToken.None);
            var scheduled = await control.CancelAsync(await control.GetAsync(Guid.Parse(r.Scheduled), CancellationToken.None), CancellationToken.None);
            var finished = await control.CancelAsync(await control.GetAsync(Guid.Parse(r.Finished), CancellationToken.None), CancellationToken.None);

            Assert.Equal((CancelOutcome.Cancelling, "Cancelling"), (running.Outcome, running.Run.State));
            Assert.Equal((CancelOutcome.Cancelled, "Cancelled"), (scheduled.Outcome, scheduled.Run.State));
            Assert.Equal(CancelOutcome.AlreadyFinal, finished.Outcome);
            var server = await _f.Server.QueryOkAsync("query($a: uuid!, $b: uuid!) { a: flow_run_by_pk(id: $a) { state } b: flow_run_by_pk(id: $b) { state } }",
                new JObject { ["a"] = r.Running, ["b"] = r.Scheduled });
            Assert.Equal(("Cancelling", "Cancelled"), ((string)server["a"]!["state"]!, (string)server["b"]!["state"]!));

            // Again: a Cancelling run stays Cancelling, nothing new is written.
            var again = await control.CancelAsync(await control.GetAsync(Guid.Parse(r.Running), CancellationToken.None), CancellationToken.None);
            Assert.Equal(CancelOutcome.Cancelling, again.Outcome);
            var missing = await Assert.ThrowsAsync<PrefectException>(() => control.GetAsync(Guid.NewGuid(), CancellationToken.None));
            Assert.Equal(ErrorIds.FlowRunNotFound, missing.ErrorId);
        }

        [Fact]
        public async Task Resume_FlowRun_resumes_the_paused_task_runs_and_refuses_run_input()
        {
            var r = await SeedAsync();
            using var connection = await _f.ConnectAsync();
            var control = new FlowRunControl(connection.Backend);

            var refused = Assert.Throws<PrefectException>(() => FlowRunControl.RequireRunInputSupport(connection.Backend, new JObject { ["approved"] = true }));
            Assert.Equal((ErrorIds.RunInputNotSupported, PrefectErrorKind.NotSupported), (refused.ErrorId, refused.Kind));
            Assert.Contains("Prefect 1", refused.Message);
            FlowRunControl.RequireRunInputSupport(connection.Backend, null);

            var notPaused = await control.ResumeAsync(Guid.Parse(r.Running), null, CancellationToken.None);
            Assert.Equal(ErrorIds.FlowRunNotPaused, notPaused.Error!.ErrorId);

            var resumed = await control.ResumeAsync(Guid.Parse(r.WaitingOnTask), null, CancellationToken.None);
            Assert.True(resumed.Resumed, resumed.Error?.Message);
            var task = await _f.Server.QueryOkAsync("query($t: uuid!) { task_run_by_pk(id: $t) { state state_message } }", new JObject { ["t"] = r.PausedTask });
            Assert.Equal("Resume", (string)task["task_run_by_pk"]!["state"]!);
            Assert.Equal("RUNNING", (await control.GetAsync(Guid.Parse(r.WaitingOnTask), CancellationToken.None)).StateType);

            // Resumed already: a second resume is "not paused", not a second Resume state.
            var twice = await control.ResumeAsync(Guid.Parse(r.WaitingOnTask), null, CancellationToken.None);
            Assert.Equal(ErrorIds.FlowRunNotPaused, twice.Error!.ErrorId);
        }

        [Fact]
        public async Task Work_queue_commands_refuse_clearly_naming_the_backend_before_any_request()
        {
            using var connection = await _f.ConnectAsync();
            int before = (int)(await _f.Server.RequestCountsAsync())["total"]!;

            var list = await Assert.ThrowsAsync<PrefectException>(() => new WorkQueueCatalog(connection.Backend).FindAsync(null, null, true, CancellationToken.None));
            var one = await Assert.ThrowsAsync<PrefectException>(() => new WorkQueueControl(connection.Backend).GetAsync("default", null, CancellationToken.None));

            foreach (var ex in new[] { list, one })
            {
                Assert.Equal((ErrorIds.WorkQueuesNotSupported, PrefectErrorKind.NotSupported), (ex.ErrorId, ex.Kind));
                Assert.Contains("Prefect 1", ex.Message);
                Assert.Contains("Disable-FlowByTag", ex.Message);
            }
            Assert.Equal(before, (int)(await _f.Server.RequestCountsAsync())["total"]!);
        }
    }
}
