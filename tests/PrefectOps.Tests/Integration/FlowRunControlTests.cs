using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Runs;
using PrefectOps.Core.Services;
using PrefectOps.Core.Util;
using PrefectOps.Sandbox.Faults;
using Xunit;

namespace PrefectOps.Tests.Integration
{
    /// <summary>
    /// Get-FlowRun, Stop-FlowRun and Resume-FlowRun at the service level, against every transition of the recordings
    /// (section 5) these commands can trigger, the odd ones included.
    /// </summary>
    public abstract class FlowRunControlTests
    {
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        private readonly SandboxFixture _sandbox;

        protected FlowRunControlTests(SandboxFixture sandbox) => _sandbox = sandbox;

        private sealed class Estate
        {
            public string Tag = "", FlowName = "";
            public Guid Deployment, Other;
        }

        private async Task<Estate> SeedAsync()
        {
            _sandbox.Server.Clock.Set(T0);
            var e = new Estate { Tag = Unique.Name("server-prod"), FlowName = Unique.Name("orders") };
            var flow = await _sandbox.Seed.CreateFlowAsync(e.FlowName);
            e.Deployment = Guid.Parse((string)(await _sandbox.Seed.CreateDeploymentAsync(flow, "nightly", new[] { e.Tag }))["id"]!);
            e.Other = Guid.Parse((string)(await _sandbox.Seed.CreateDeploymentAsync(flow, "other", new[] { Unique.Name("dev") }))["id"]!);
            return e;
        }

        private async Task<Guid> RunAsync(Guid deployment, params string[] states)
        {
            var id = Guid.Parse((string)(await _sandbox.Seed.CreateFlowRunAsync(deployment, T0.AddMinutes(5)))["id"]!);
            foreach (var s in states) await _sandbox.Seed.SetStateAsync(id, s);
            return id;
        }

        private async Task PauseAsync(Guid run, DateTimeOffset timeout, bool reschedule = false, JObject? keyset = null)
        {
            var details = new JObject { ["pause_timeout"] = timeout.ToString("o"), ["pause_reschedule"] = reschedule };
            if (keyset != null) details["run_input_keyset"] = keyset;
            await _sandbox.Seed.SendAsync("POST", $"/flow_runs/{run}/set_state",
                new JObject { ["state"] = new JObject { ["type"] = "PAUSED", ["state_details"] = details } });
        }

        private async Task<string> ServerStateAsync(Guid run) =>
            (string)(await _sandbox.Seed.SendAsync("GET", $"/flow_runs/{run}"))["state"]!["type"]!;

        private async Task<(PrefectConnection, FlowRunControl)> ControlAsync()
        {
            var connection = await _sandbox.ConnectAsync();
            return (connection, new FlowRunControl(connection.Backend));
        }

        private static async Task<FlowRun> Read(PrefectConnection c, Guid id) => await c.Backend.GetFlowRunAsync(id, CancellationToken.None);

        [Fact]
        public async Task Reads_runs_by_deployment_tag_state_and_time_with_names_as_Get_Flow_gives_them()
        {
            var e = await SeedAsync();
            var running = await RunAsync(e.Deployment, "PENDING", "RUNNING");
            var scheduled = await RunAsync(e.Deployment);
            var late = await RunAsync(e.Deployment);
            _sandbox.Server.SetFlowRunState(late, "SCHEDULED", "Late");
            var done = await RunAsync(e.Deployment, "PENDING", "RUNNING", "COMPLETED");
            var otherRunning = await RunAsync(e.Other, "PENDING", "RUNNING");
            using var connection = await _sandbox.ConnectAsync();
            var catalog = new FlowRunCatalog(connection.Backend);

            async Task<HashSet<Guid>> Ids(FlowRunQuery q) => (await catalog.ListRunsAsync(q, CancellationToken.None)).Select(r => r.Id).ToHashSet();
            FlowRunQuery States(params string[] names)
            {
                var (types, stateNames) = RunStateNames.ToFilter(names);
                return new FlowRunQuery { DeploymentIds = new[] { e.Deployment }, StateTypes = types, StateNames = stateNames };
            }

            Assert.Equal(new HashSet<Guid> { running, scheduled, late, done }, await Ids(new FlowRunQuery { DeploymentIds = new[] { e.Deployment } }));
            Assert.Equal(new HashSet<Guid> { running, scheduled, late }, await Ids(States("running", "SCHEDULED")));
            Assert.Equal(new HashSet<Guid> { running, late }, await Ids(States("Running", "late")));
            Assert.Equal(new HashSet<Guid> { late }, await Ids(States("Late")));
            Assert.Equal(new HashSet<Guid> { running, scheduled, late, done }, await Ids(new FlowRunQuery { AllTags = new[] { e.Tag } }));
            Assert.Equal(new HashSet<Guid> { running, otherRunning }, await Ids(new FlowRunQuery { Ids = new[] { running, otherRunning } }));
            Assert.Empty(await Ids(new FlowRunQuery { DeploymentIds = new[] { e.Deployment }, Since = T0.AddMinutes(6) }));
            Assert.Equal(4, (await Ids(new FlowRunQuery { DeploymentIds = new[] { e.Deployment }, Since = T0, Before = T0.AddMinutes(5) })).Count);
            Assert.Throws<PrefectException>(() => RunStateNames.ToFilter(new[] { "Runing" }));

            var run = await Read(connection, running);
            Assert.Equal(("Running", "RUNNING", e.FlowName, $"{e.FlowName}/nightly", e.Deployment, T0.AddMinutes(5)),
                (run.State, run.StateType, run.FlowName, run.DeploymentName, run.DeploymentId!.Value, run.ScheduledStart!.Value));
            Assert.Contains(e.Tag, run.Tags);
            Assert.NotNull(run.StartTime);
            Assert.Equal("Late", (await Read(connection, late)).State);
            var ex = await Assert.ThrowsAsync<PrefectException>(() => Read(connection, Guid.NewGuid()));
            Assert.Equal(ErrorIds.FlowRunNotFound, ex.ErrorId);
            _sandbox.AssertNoContractViolations();
        }

        [Fact]
        public async Task A_running_or_pending_run_goes_to_Cancelling_one_not_started_or_suspended_straight_to_Cancelled()
        {
            var e = await SeedAsync();
            var running = await RunAsync(e.Deployment, "PENDING", "RUNNING");
            var pending = await RunAsync(e.Deployment, "PENDING");
            var scheduled = await RunAsync(e.Deployment);
            var suspended = await RunAsync(e.Deployment, "PENDING", "RUNNING");
            await PauseAsync(suspended, T0.AddHours(1), reschedule: true);
            var (connection, control) = await ControlAsync();
            using var _ = connection;

            var results = new Dictionary<Guid, CancelResult>();
            foreach (var id in new[] { running, pending, scheduled, suspended })
                results[id] = await control.CancelAsync(await Read(connection, id), CancellationToken.None);

            Assert.Equal(CancelOutcome.Cancelling, results[running].Outcome);
            Assert.Equal(CancelOutcome.Cancelling, results[pending].Outcome);
            // Scheduled (or suspended) -> CANCELLING is written as CANCELLED and answered 201 REJECT ("no infrastructure to terminate").
            Assert.Equal(CancelOutcome.Cancelled, results[scheduled].Outcome);
            Assert.Equal(CancelOutcome.Cancelled, results[suspended].Outcome);
            Assert.All(results.Values, r => Assert.Null(r.Error));
            Assert.Equal(("CANCELLING", "Cancelling"), (results[running].Run.StateType, results[running].Run.State));
            Assert.Equal("CANCELLED", results[scheduled].Run.StateType);
            Assert.Equal(new[] { "CANCELLING", "CANCELLING", "CANCELLED", "CANCELLED" },
                new[] { await ServerStateAsync(running), await ServerStateAsync(pending), await ServerStateAsync(scheduled), await ServerStateAsync(suspended) });
            _sandbox.AssertNoContractViolations();
        }

        [Fact]
        public async Task A_run_paused_in_its_process_is_refused_with_the_servers_reason_and_how_to_stop_it()
        {
            var e = await SeedAsync();
            var paused = await RunAsync(e.Deployment, "PENDING", "RUNNING");
            await PauseAsync(paused, T0.AddHours(1));
            var (connection, control) = await ControlAsync();
            using var _ = connection;

            var result = await control.CancelAsync(await Read(connection, paused), CancellationToken.None);

            // Recorded on 2.19.9 and 3.8.3: REJECT "This run cannot transition to the StateType.CANCELLING state from the StateType.PAUSED state."
            Assert.Equal(CancelOutcome.Failed, result.Outcome);
            Assert.Equal(ErrorIds.FlowRunCancelRejected, ((PrefectException)result.Error!).ErrorId);
            Assert.Contains("cannot transition to the StateType.CANCELLING state from the StateType.PAUSED state", result.Error!.Message);
            Assert.Contains("Resume-FlowRun", result.Error.Message);
            Assert.Equal("PAUSED", await ServerStateAsync(paused));
            _sandbox.AssertNoContractViolations();
        }

        [Fact]
        public async Task Finished_runs_give_a_warning_and_a_cancelling_run_stays_cancelling_without_error()
        {
            var e = await SeedAsync();
            var completed = await RunAsync(e.Deployment, "PENDING", "RUNNING", "COMPLETED");
            var failed = await RunAsync(e.Deployment, "PENDING", "RUNNING", "FAILED");
            var cancelled = await RunAsync(e.Deployment, "PENDING", "RUNNING", "CANCELLING", "CANCELLED");
            var cancelling = await RunAsync(e.Deployment, "PENDING", "RUNNING", "CANCELLING");
            var (connection, control) = await ControlAsync();
            using var _ = connection;

            foreach (var id in new[] { completed, failed, cancelled })
            {
                // Answered 200 ABORT "Run is already in terminal state ...": nothing written.
                var result = await control.CancelAsync(await Read(connection, id), CancellationToken.None);
                Assert.Equal(CancelOutcome.AlreadyFinal, result.Outcome);
                Assert.Null(result.Error);
                Assert.Contains("already ended", result.Warning);
            }
            // Cancelling -> CANCELLING is a 200 REJECT that keeps CANCELLING: the cancel is under way, not an error.
            var again = await control.CancelAsync(await Read(connection, cancelling), CancellationToken.None);
            Assert.Equal((CancelOutcome.Cancelling, (PrefectException?)null), (again.Outcome, again.Error));
            Assert.Equal(new[] { "COMPLETED", "FAILED", "CANCELLED", "CANCELLING" },
                new[] { await ServerStateAsync(completed), await ServerStateAsync(failed), await ServerStateAsync(cancelled), await ServerStateAsync(cancelling) });
            _sandbox.AssertNoContractViolations();
        }

        [Fact]
        public async Task A_cancel_retried_after_a_lost_answer_still_reports_what_happened()
        {
            var e = await SeedAsync();
            var running = await RunAsync(e.Deployment, "PENDING", "RUNNING");
            var scheduled = await RunAsync(e.Deployment);
            var (connection, control) = await ControlAsync();
            using var _ = connection;
            var runningBefore = await Read(connection, running);
            var scheduledBefore = await Read(connection, scheduled);
            // The server writes the state, then the connection drops: the client cannot tell and sends it again.
            _sandbox.Server.Faults.Add("POST /flow_runs/{id}/set_state", FaultKind.ResetAfterHandling, times: 2);
            _sandbox.Server.Requests.Reset();

            var r1 = await control.CancelAsync(runningBefore, CancellationToken.None);
            var r2 = await control.CancelAsync(scheduledBefore, CancellationToken.None);
            _sandbox.Server.Faults.Clear();

            Assert.Equal(4, _sandbox.Server.Requests.Count("POST /flow_runs/{id}/set_state"));
            // Second answers: REJECT keeping CANCELLING, and ABORT "already in terminal state CANCELLED".
            Assert.Equal((CancelOutcome.Cancelling, (PrefectException?)null), (r1.Outcome, r1.Error));
            Assert.Equal((CancelOutcome.Cancelled, (PrefectException?)null), (r2.Outcome, r2.Error));
            Assert.Equal(("CANCELLING", "CANCELLED"), (await ServerStateAsync(running), await ServerStateAsync(scheduled)));
            _sandbox.AssertNoContractViolations();
        }

        [Fact]
        public async Task Cancelling_an_unknown_run_fails_with_FlowRunNotFound()
        {
            var (connection, control) = await ControlAsync();
            using var _ = connection;
            var result = await control.CancelAsync(new FlowRun(), CancellationToken.None);
            Assert.Equal(CancelOutcome.Failed, result.Outcome);
            Assert.Equal(ErrorIds.FlowRunNotFound, result.Error!.ErrorId);
            Assert.Equal(PrefectErrorKind.NotFound, result.Error.Kind);
        }

        /// <summary>A clock the waiter's pauses move forward, so waiting takes no time.</summary>
        private sealed class FakeTime : IClock
        {
            public DateTimeOffset UtcNow { get; private set; } = T0;
            public int Pauses;
            public Task Delay(TimeSpan d, CancellationToken ct)
            {
                Pauses++;
                UtcNow += d;
                return Task.CompletedTask;
            }
        }

        [Fact]
        public async Task Wait_returns_each_run_as_it_ends_once_the_worker_has_stopped_it()
        {
            var e = await SeedAsync();
            var running = await RunAsync(e.Deployment, "PENDING", "RUNNING");
            var scheduled = await RunAsync(e.Deployment);
            var (connection, control) = await ControlAsync();
            using var _ = connection;
            var results = new[] { await control.CancelAsync(await Read(connection, running), CancellationToken.None),
                                  await control.CancelAsync(await Read(connection, scheduled), CancellationToken.None) };
            // The worker reports Cancelled when the client reads the run the third time.
            _sandbox.Server.FinishCancellingAfterReads(running, 3);
            var time = new FakeTime();
            var ended = new List<FlowRun>();

            var stillGoing = await new FlowRunWaiter(connection.Backend, time, time.Delay)
                .WaitAsync(results.Select(r => r.Run), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(2), ended.Add, null, CancellationToken.None);

            Assert.Empty(stillGoing);
            Assert.Equal(new[] { scheduled, running }, ended.Select(r => r.Id));
            Assert.Equal("CANCELLED", ended[1].StateType);
            Assert.NotNull(ended[1].EndTime);
            Assert.Equal(2, time.Pauses);
            Assert.Equal(T0.AddSeconds(10), time.UtcNow);
            _sandbox.AssertNoContractViolations();
        }

        [Fact]
        public async Task Wait_times_out_naming_the_runs_still_going()
        {
            var e = await SeedAsync();
            var stuck = await RunAsync(e.Deployment, "PENDING", "RUNNING");
            var (connection, control) = await ControlAsync();
            using var _ = connection;
            var result = await control.CancelAsync(await Read(connection, stuck), CancellationToken.None);
            var time = new FakeTime();

            var stillGoing = await new FlowRunWaiter(connection.Backend, time, time.Delay)
                .WaitAsync(new[] { result.Run }, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(12), _ => Assert.Fail("never ends"), null, CancellationToken.None);

            Assert.Equal(stuck, stillGoing.Single().Id);
            Assert.Equal(T0.AddSeconds(12), time.UtcNow);
            Assert.Equal(3, time.Pauses); // 5 s, 5 s, then the last 2 s up to the timeout
            var error = FlowRunWaiter.TimedOut(stillGoing, TimeSpan.FromSeconds(12));
            Assert.Equal(ErrorIds.FlowRunWaitTimedOut, error.ErrorId);
            Assert.Contains(stuck.ToString(), error.Message);
            Assert.Contains(result.Run.Name, error.Message);
            Assert.Contains("Cancelling", error.Message);
            Assert.Throws<PrefectException>(() => FlowRunWaiter.Validate(TimeSpan.Zero, TimeSpan.FromSeconds(1)));
            _sandbox.AssertNoContractViolations();
        }

        [Fact]
        public async Task Resume_sends_paused_runs_on_and_suspended_ones_back_to_their_worker()
        {
            var e = await SeedAsync();
            var paused = await RunAsync(e.Deployment, "PENDING", "RUNNING");
            await PauseAsync(paused, T0.AddHours(1));
            var suspended = await RunAsync(e.Deployment, "PENDING", "RUNNING");
            await PauseAsync(suspended, T0.AddHours(1), reschedule: true);
            var (connection, control) = await ControlAsync();
            using var _ = connection;

            var r1 = await control.ResumeAsync(paused, null, CancellationToken.None);
            // Run input without a keyset is ignored by the server, and not an error.
            var r2 = await control.ResumeAsync(suspended, new JObject { ["approved"] = true }, CancellationToken.None);

            Assert.True(r1.Resumed);
            Assert.Equal(("RUNNING", "Running"), (r1.Run.StateType, r1.Run.State));
            Assert.True(r2.Resumed);
            Assert.Equal(("SCHEDULED", "Resuming"), (r2.Run.StateType, r2.Run.State));
            Assert.Equal(("RUNNING", "SCHEDULED"), (await ServerStateAsync(paused), await ServerStateAsync(suspended)));
            _sandbox.AssertNoContractViolations();
        }

        [Fact]
        public async Task Resume_gives_input_to_a_run_that_waits_for_it()
        {
            var e = await SeedAsync();
            var waiting = await RunAsync(e.Deployment, "PENDING", "RUNNING");
            var keyset = new JObject { ["description"] = "d-key", ["response"] = "r-key", ["schema"] = "s-key" };
            await PauseAsync(waiting, T0.AddHours(1), keyset: keyset);
            _sandbox.Server.SetFlowRunInput(waiting, "s-key", "{\"type\":\"object\"}");
            var noSchema = await RunAsync(e.Deployment, "PENDING", "RUNNING");
            await PauseAsync(noSchema, T0.AddHours(1), keyset: keyset);
            var (connection, control) = await ControlAsync();
            using var _ = connection;

            var input = new JObject { ["approved"] = true, ["tag"] = "server-prod" };
            var ok = await control.ResumeAsync(waiting, input, CancellationToken.None);
            var refused = await control.ResumeAsync(noSchema, input, CancellationToken.None);

            Assert.True(ok.Resumed);
            Assert.Equal(input.ToString(Newtonsoft.Json.Formatting.None), _sandbox.Server.Inspect(s => s.FlowRuns[waiting].Inputs["r-key"]));
            Assert.Equal(ErrorIds.FlowRunResumeRejected, refused.Error!.ErrorId);
            Assert.Contains("Run input schema not found.", refused.Error.Message);
            Assert.Equal("PAUSED", await ServerStateAsync(noSchema));
            _sandbox.AssertNoContractViolations();
        }

        [Fact]
        public async Task Resume_checks_first_unknown_ids_and_runs_not_paused_never_reach_the_server()
        {
            var e = await SeedAsync();
            var running = await RunAsync(e.Deployment, "PENDING", "RUNNING");
            var (connection, control) = await ControlAsync();
            using var _ = connection;
            _sandbox.Server.Requests.Reset();

            var unknown = await control.ResumeAsync(Guid.NewGuid(), null, CancellationToken.None);
            var notPaused = await control.ResumeAsync(running, null, CancellationToken.None);

            // The server answers 500 to resume of an unknown id: the read before it answers 404 instead.
            Assert.Equal((ErrorIds.FlowRunNotFound, PrefectErrorKind.NotFound), (unknown.Error!.ErrorId, unknown.Error.Kind));
            Assert.Equal(ErrorIds.FlowRunNotPaused, notPaused.Error!.ErrorId);
            Assert.Contains("Running", notPaused.Error.Message);
            Assert.Equal(0, _sandbox.Server.Requests.Count("POST /flow_runs/{id}/resume"));
            Assert.Equal("RUNNING", await ServerStateAsync(running));
            _sandbox.AssertNoContractViolations();
        }

        [Fact]
        public async Task Resume_after_the_pause_timed_out_fails_the_run_and_says_so()
        {
            var e = await SeedAsync();
            var run = await RunAsync(e.Deployment, "PENDING", "RUNNING");
            await PauseAsync(run, T0.AddMinutes(30));
            _sandbox.Server.Clock.Advance(TimeSpan.FromHours(1));
            var (connection, control) = await ControlAsync();
            using var _ = connection;

            var result = await control.ResumeAsync(run, null, CancellationToken.None);

            Assert.Equal(ErrorIds.FlowRunPauseTimedOut, result.Error!.ErrorId);
            Assert.Contains("2026-11-23 10:30:00Z", result.Error.Message);
            Assert.Contains("never resumed", result.Error.Message);
            Assert.Equal("FAILED", await ServerStateAsync(run));
            _sandbox.AssertNoContractViolations();
        }

        [Fact]
        public async Task Flows_by_tag_to_their_running_and_scheduled_runs_to_stop()
        {
            var e = await SeedAsync();
            var running = await RunAsync(e.Deployment, "PENDING", "RUNNING");
            var scheduled = await RunAsync(e.Deployment);
            var done = await RunAsync(e.Deployment, "PENDING", "RUNNING", "COMPLETED");
            var otherTag = await RunAsync(e.Other, "PENDING", "RUNNING");
            var (connection, control) = await ControlAsync();
            using var _ = connection;

            // Get-Flow -Tag x | Get-FlowRun -State Running,Scheduled | Stop-FlowRun
            var flows = await new FlowCatalog(connection.Backend).ListFlowsAsync(new FlowQuery { AllTags = new[] { e.Tag } }, null, CancellationToken.None);
            var (types, names) = RunStateNames.ToFilter(new[] { "Running", "Scheduled" });
            var runs = await new FlowRunCatalog(connection.Backend).ListRunsAsync(
                new FlowRunQuery { DeploymentIds = flows.Select(f => f.Id).ToList(), StateTypes = types, StateNames = names }, CancellationToken.None);
            var results = new List<CancelResult>();
            foreach (var run in runs) results.Add(await control.CancelAsync(run, CancellationToken.None));

            Assert.Equal(new HashSet<Guid> { running, scheduled }, results.Select(r => r.Run.Id).ToHashSet());
            Assert.Equal(CancelOutcome.Cancelling, results.Single(r => r.Run.Id == running).Outcome);
            Assert.Equal(CancelOutcome.Cancelled, results.Single(r => r.Run.Id == scheduled).Outcome);
            Assert.Equal(("COMPLETED", "RUNNING"), (await ServerStateAsync(done), await ServerStateAsync(otherTag)));
            _sandbox.AssertNoContractViolations();
        }

        [Fact]
        public async Task Pages_past_the_200_row_limit()
        {
            var e = await SeedAsync();
            var created = new HashSet<Guid>();
            for (int i = 0; i < 205; i++)
                created.Add(Guid.Parse((string)(await _sandbox.Seed.CreateFlowRunAsync(e.Deployment, T0.AddMinutes(i)))["id"]!));
            using var connection = await _sandbox.ConnectAsync();
            _sandbox.Server.Requests.Reset();

            var runs = await new FlowRunCatalog(connection.Backend).ListRunsAsync(new FlowRunQuery { DeploymentIds = new[] { e.Deployment } }, CancellationToken.None);
            var (found, missing) = await new FlowRunCatalog(connection.Backend).GetRunsAsync(created.Concat(new[] { Guid.Empty }).ToList(), CancellationToken.None);

            Assert.Equal(created, runs.Select(r => r.Id).ToHashSet());
            Assert.Equal(205, runs.Count);
            Assert.Equal(205, found.Count);
            Assert.Equal(new[] { Guid.Empty }, missing);
            // 205 runs by filter: two pages, plus up to Prefetch - 1 asked past the end; by id: two slices, no page past them.
            Assert.InRange(_sandbox.Server.Requests.Count("POST /flow_runs/filter"), 4, 4 + PrefectOps.Core.Services.PageReader.Prefetch - 1);
            _sandbox.AssertNoContractViolations();
        }
    }

    public sealed class FlowRunControlTests2 : FlowRunControlTests, IClassFixture<Sandbox2Fixture>
    {
        public FlowRunControlTests2(Sandbox2Fixture sandbox) : base(sandbox) { }
    }

    public sealed class FlowRunControlTests3 : FlowRunControlTests, IClassFixture<Sandbox3Fixture>
    {
        public FlowRunControlTests3(Sandbox3Fixture sandbox) : base(sandbox) { }
    }
}
