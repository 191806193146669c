using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Maintenance;
using PrefectOps.Core.Queues;
using PrefectOps.Core.Runs;
using PrefectOps.Sandbox;
using PrefectOps.Sandbox.Faults;
using PrefectOps.Sandbox.Seeding;
using Xunit;
using Xunit.Abstractions;

namespace PrefectOps.Tests.Integration
{
    /// <summary>
    /// The fault matrix for the run and queue commands: Stop-FlowRun, Resume-FlowRun, Suspend-, Resume- and
    /// Set-WorkQueue over 100 items each, a fault on half of the requests that change them. Each item ends done or
    /// untouched, is reported truly, and a re-run without faults completes.
    /// </summary>
    public abstract class FaultMatrixRunsAndQueuesTests
    {
        private const int Items = 100;
        private static readonly string[] KnownErrorIds = typeof(ErrorIds).GetFields().Select(f => (string)f.GetValue(null)!).ToArray();
        private readonly ITestOutputHelper _output;

        protected FaultMatrixRunsAndQueuesTests(ITestOutputHelper output) => _output = output;
        protected abstract int Major { get; }

        /// <summary>One operation: how to seed an item, change it, and read whether it is done or untouched.</summary>
        private sealed class Operation
        {
            public string Name = "";
            public string[] Routes = Array.Empty<string>();
            public Func<Task<List<Guid>>> Seed = null!;
            public Func<Guid, Task<(bool ok, PrefectException? error)>> Apply = null!;
            public Func<Guid, Task<(bool done, bool untouched, string text)>> Read = null!;
        }

        [Fact]
        public async Task Every_run_and_queue_ends_done_or_untouched_and_a_rerun_completes()
        {
            int major = Major;
            await using var server = await SandboxServer.StartAsync(new SandboxOptions { PrefectMajorVersion = major });
            using var seed = new PrefectSeedClient(server.ApiUrl);
            using var connection = await FaultCatalog.ConnectAsync(server, TimeSpan.FromMilliseconds(250)); // 100 ms: three attempts of an unfaulted GET all timed out once on a busy 2-core machine
            var runs = new FlowRunControl(connection.Backend);
            var queues = new WorkQueueControl(connection.Backend);
            var flowId = await seed.CreateFlowAsync(Unique.Name("mx"));
            var deployment = Guid.Parse((string)(await seed.CreateDeploymentAsync(flowId, Unique.Name("mx")))["id"]!);

            async Task<List<Guid>> RunsIn(string state)
            {
                var ids = new List<Guid>();
                for (int i = 0; i < Items; i++)
                {
                    var id = Guid.Parse((string)(await seed.CreateFlowRunAsync(deployment))["id"]!);
                    server.SetFlowRunState(id, state);
                    ids.Add(id);
                }
                return ids;
            }
            async Task<List<Guid>> Queues(bool paused, int? limit)
            {
                string pool = Unique.Name("pool");
                await seed.CreateWorkPoolAsync(pool);
                var ids = new List<Guid>();
                for (int i = 0; i < Items; i++)
                {
                    var q = await seed.CreateWorkQueueAsync(pool, $"q{i:000}", limit);
                    var id = Guid.Parse((string)q["id"]!);
                    if (paused) await seed.SendAsync("PATCH", $"/work_queues/{id}", new JObject { ["is_paused"] = true });
                    ids.Add(id);
                }
                return ids;
            }
            async Task<string> RunState(Guid id) => (string)(await seed.SendAsync("GET", $"/flow_runs/{id}"))["state_type"]!;
            async Task<JObject> Queue(Guid id) => (JObject)await seed.SendAsync("GET", $"/work_queues/{id}");
            async Task<(bool, PrefectException?)> ChangeQueue(Guid id, WorkQueueChange change)
            {
                var queue = await connection.Backend.GetWorkQueueAsync(id, CancellationToken.None);
                var r = await queues.ApplyAsync(queue, change, CancellationToken.None);
                return (r.Succeeded, r.Error);
            }

            var operations = new[]
            {
                new Operation
                {
                    Name = "Stop-FlowRun", Routes = new[] { "POST /flow_runs/{id}/set_state" }, Seed = () => RunsIn("RUNNING"),
                    Apply = async id =>
                    {
                        var r = await runs.CancelAsync(await runs.GetAsync(id, CancellationToken.None), CancellationToken.None);
                        return (r.Outcome != CancelOutcome.Failed, r.Error);
                    },
                    Read = async id => { var s = await RunState(id); return (s == "CANCELLING", s == "RUNNING", s); },
                },
                new Operation
                {
                    Name = "Resume-FlowRun", Routes = new[] { "POST /flow_runs/{id}/resume" }, Seed = () => RunsIn("PAUSED"),
                    Apply = async id => { var r = await runs.ResumeAsync(id, null, CancellationToken.None); return (r.Resumed, r.Error); },
                    Read = async id => { var s = await RunState(id); return (s == "RUNNING", s == "PAUSED", s); },
                },
                new Operation
                {
                    Name = "Suspend-WorkQueue", Routes = new[] { "PATCH /work_queues/{id}" }, Seed = () => Queues(false, null),
                    Apply = id => ChangeQueue(id, WorkQueueChange.Pause(true)),
                    Read = async id => { bool p = (bool)(await Queue(id))["is_paused"]!; return (p, !p, $"is_paused={p}"); },
                },
                new Operation
                {
                    Name = "Resume-WorkQueue", Routes = new[] { "PATCH /work_queues/{id}" }, Seed = () => Queues(true, null),
                    Apply = id => ChangeQueue(id, WorkQueueChange.Pause(false)),
                    Read = async id => { bool p = (bool)(await Queue(id))["is_paused"]!; return (!p, p, $"is_paused={p}"); },
                },
                new Operation
                {
                    Name = "Set-WorkQueue", Routes = new[] { "PATCH /work_queues/{id}" }, Seed = () => Queues(false, 2),
                    Apply = id => ChangeQueue(id, WorkQueueChange.Limit(5)),
                    Read = async id => { var l = (int?)(await Queue(id))["concurrency_limit"]; return (l == 5, l == 2, $"limit={l}"); },
                },
            };

            var matrix = new StringBuilder($"Prefect {major}.x, {Items} items, fault on 50% of the requests that change them, 3 attempts each\n");
            matrix.AppendLine($"{"fault",-16}| " + string.Join("| ", operations.Select(o => $"{o.Name,-30}")));
            var problems = new List<string>();
            var seeded = new Dictionary<string, List<Guid>>();
            foreach (var (faultName, make) in FaultCatalog.All.Where(f => !f.name.StartsWith("404", StringComparison.Ordinal)))
            {
                var cells = new List<string>();
                foreach (var op in operations)
                {
                    var ids = await op.Seed();
                    cells.Add(await CellAsync(server, op, ids, faultName, make, problems));
                }
                matrix.AppendLine($"{faultName,-16}| " + string.Join("| ", cells.Select(c => $"{c,-30}")));
            }
            _output.WriteLine(matrix.ToString());
            Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
            Assert.Empty(server.ContractViolations);
        }

        private static async Task<string> CellAsync(SandboxServer server, Operation op, List<Guid> ids, string faultName,
            Func<string, FaultRule> make, List<string> problems)
        {
            string cell = $"{faultName} / {op.Name}";
            server.Faults.Clear();
            foreach (var route in op.Routes)
            {
                var rule = make(route);
                rule.Probability = 0.5;
                server.Faults.Add(rule);
            }
            var results = new Dictionary<Guid, (bool ok, PrefectException? error)>();
            try
            {
                await BulkRunner.RunAsync(ids, 4, async (id, ct) => (id, await op.Apply(id)), r => { lock (results) results[r.id] = r.Item2; }, CancellationToken.None);
            }
            finally
            {
                server.Faults.Clear();
            }

            int done = 0, clean = 0;
            foreach (var id in ids)
            {
                var (ok, error) = results[id];
                if (!ok && (error == null || !KnownErrorIds.Contains(error.ErrorId)))
                    problems.Add($"{cell}: {id} failed without a known ErrorId ({error?.ErrorId})");
                var (isDone, untouched, text) = await op.Read(id);
                if (isDone && ok) done++;
                else if (untouched && !ok) clean++;
                else problems.Add($"{cell}: {id} is {text} but was reported {(ok ? "done" : error!.ErrorId)}");
            }

            bool complete = true;
            foreach (var id in ids)
            {
                var before = await op.Read(id);
                if (before.done) continue;
                var (ok, error) = await op.Apply(id);
                var after = await op.Read(id);
                if (!ok || !after.done) { complete = false; problems.Add($"{cell}: re-run left {id} {after.text} ({error?.ErrorId})"); }
            }
            return $"done {done}, clean {clean}, re-run {(complete ? "ok" : "INCOMPLETE")}";
        }
    }

    // One class per version so that xunit runs the two matrices side by side.
    public sealed class FaultMatrixRunsAndQueuesTests2 : FaultMatrixRunsAndQueuesTests
    {
        public FaultMatrixRunsAndQueuesTests2(ITestOutputHelper output) : base(output) { }
        protected override int Major => 2;
    }

    public sealed class FaultMatrixRunsAndQueuesTests3 : FaultMatrixRunsAndQueuesTests
    {
        public FaultMatrixRunsAndQueuesTests3(ITestOutputHelper output) : base(output) { }
        protected override int Major => 3;
    }
}
