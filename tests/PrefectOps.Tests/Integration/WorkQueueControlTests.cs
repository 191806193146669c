using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Queues;
using Xunit;

namespace PrefectOps.Tests.Integration
{
    /// <summary>Get/Suspend/Resume/Set-WorkQueue at the service level: queues in several pools, the default pool, pause keeping runs.</summary>
    public abstract class WorkQueueControlTests
    {
        private readonly SandboxFixture _sandbox;

        protected WorkQueueControlTests(SandboxFixture sandbox) => _sandbox = sandbox;

        private async Task<(string a, string b)> TwoPoolsAsync()
        {
            string a = Unique.Name("prod-pool"), b = Unique.Name("dev-pool");
            await _sandbox.Seed.CreateWorkPoolAsync(a);
            await _sandbox.Seed.CreateWorkPoolAsync(b);
            await _sandbox.Seed.CreateWorkQueueAsync(a, "db-etl", concurrencyLimit: 3, priority: 1);
            await _sandbox.Seed.CreateWorkQueueAsync(a, "db-load");
            await _sandbox.Seed.CreateWorkQueueAsync(b, "db-etl");
            await _sandbox.Seed.CreateWorkQueueAsync(b, "web");
            return (a, b);
        }

        [Fact]
        public async Task Lists_queues_of_every_pool_or_one_by_wildcard_with_late_runs()
        {
            var (a, b) = await TwoPoolsAsync();
            using var connection = await _sandbox.ConnectAsync();
            var catalog = new WorkQueueCatalog(connection.Backend);

            var (all, _) = await catalog.FindAsync(new[] { "db-*" }, null, true, CancellationToken.None);
            var mine = all.Where(q => q.WorkPool == a || q.WorkPool == b).ToList();
            Assert.Equal(new[] { $"{b}/db-etl", $"{a}/db-etl", $"{a}/db-load" }, mine.Select(q => q.ToString()));
            Assert.All(mine, q => Assert.Equal(0, q.LateRuns));
            var etl = mine.Single(q => q.WorkPool == a && q.Name == "db-etl");
            Assert.Equal((false, (int?)3, (int?)1, "NOT_READY"), (etl.IsPaused, etl.ConcurrencyLimit, etl.Priority, etl.Status));

            var (inA, unmatched) = await catalog.FindAsync(new[] { "DB-*", "web", "nope-*" }, a, false, CancellationToken.None);
            Assert.Equal(new[] { "db-etl", "db-load" }, inA.Select(q => q.Name));
            Assert.Null(inA[0].LateRuns);
            // An exact name that matched nothing is reported; a wildcard that matched nothing is not.
            Assert.Equal(new[] { "web" }, unmatched);

            var ex = await Assert.ThrowsAsync<PrefectException>(() => catalog.FindAsync(null, Unique.Name("no-pool"), false, CancellationToken.None));
            Assert.Equal(ErrorIds.WorkPoolNotFound, ex.ErrorId);
            _sandbox.AssertNoContractViolations();
        }

        [Fact]
        public async Task A_name_without_pool_is_looked_up_in_the_servers_default_pool()
        {
            var (a, _) = await TwoPoolsAsync();
            string legacy = Unique.Name("legacy");
            // The legacy route creates the queue in default-agent-pool (section 6).
            await _sandbox.Seed.SendAsync("POST", "/work_queues/", new JObject { ["name"] = legacy });
            using var connection = await _sandbox.ConnectAsync();
            var control = new WorkQueueControl(connection.Backend);

            var q = await control.GetAsync(legacy, null, CancellationToken.None);
            Assert.Equal("default-agent-pool", q.WorkPool);
            var notThere = await Assert.ThrowsAsync<PrefectException>(() => control.GetAsync("db-load", null, CancellationToken.None));
            Assert.Equal((ErrorIds.WorkQueueNotFound, PrefectErrorKind.NotFound), (notThere.ErrorId, notThere.Kind));
            Assert.Contains("default work pool", notThere.Message);
            Assert.Equal(a, (await control.GetAsync("db-load", a, CancellationToken.None)).WorkPool);
            var inPool = await Assert.ThrowsAsync<PrefectException>(() => control.GetAsync("nope", a, CancellationToken.None));
            Assert.Equal(ErrorIds.WorkQueueNotFound, inPool.ErrorId);
            Assert.Equal(ErrorIds.InvalidWorkQueueName, Assert.Throws<PrefectException>(() => WorkQueueControl.ValidateName("db-*")).ErrorId);
            _sandbox.AssertNoContractViolations();
        }

        [Fact]
        public async Task Pausing_a_queue_keeps_its_scheduled_runs_which_workers_get_after_resume()
        {
            var (a, _) = await TwoPoolsAsync();
            var flow = await _sandbox.Seed.CreateFlowAsync(Unique.Name("etl"));
            var deployment = Guid.Parse((string)(await _sandbox.Seed.CreateDeploymentAsync(flow, "load", workQueue: "db-etl", workPool: a))["id"]!);
            var run = (string)(await _sandbox.Seed.CreateFlowRunAsync(deployment, _sandbox.Server.Clock.UtcNow.AddMinutes(-1)))["id"]!;
            using var connection = await _sandbox.ConnectAsync();
            var control = new WorkQueueControl(connection.Backend);
            var queue = await control.GetAsync("db-etl", a, CancellationToken.None);
            async Task<JArray> WorkerPoll() => (JArray)await _sandbox.Seed.SendAsync("POST", $"/work_pools/{a}/get_scheduled_flow_runs",
                new JObject { ["work_queue_names"] = new JArray("db-etl") });

            var paused = await control.ApplyAsync(queue, WorkQueueChange.Pause(true), CancellationToken.None);

            Assert.True(paused.Succeeded);
            Assert.Equal((true, "PAUSED"), (paused.Queue.IsPaused, paused.Queue.Status));
            Assert.Empty(await WorkerPoll());
            Assert.Equal("SCHEDULED", (string)(await _sandbox.Seed.SendAsync("GET", $"/flow_runs/{run}"))["state_type"]!);

            var resumed = await control.ApplyAsync(paused.Queue, WorkQueueChange.Pause(false), CancellationToken.None);

            Assert.False(resumed.Queue.IsPaused);
            Assert.NotEqual("PAUSED", resumed.Queue.Status);
            Assert.Equal(3, resumed.Queue.ConcurrencyLimit);
            Assert.Single(await WorkerPoll());
            _sandbox.AssertNoContractViolations();
        }

        [Fact]
        public async Task Sets_and_clears_the_concurrency_limit()
        {
            var (a, _) = await TwoPoolsAsync();
            using var connection = await _sandbox.ConnectAsync();
            var control = new WorkQueueControl(connection.Backend);
            var queue = await control.GetAsync("db-load", a, CancellationToken.None);

            var limited = await control.ApplyAsync(queue, WorkQueueChange.Limit(2), CancellationToken.None);
            Assert.Equal((int?)2, limited.Queue.ConcurrencyLimit);
            Assert.False(limited.Queue.IsPaused);
            var cleared = await control.ApplyAsync(limited.Queue, WorkQueueChange.Limit(null), CancellationToken.None);
            Assert.Null(cleared.Queue.ConcurrencyLimit);
            Assert.Equal(ErrorIds.InvalidConcurrencyLimit, Assert.Throws<PrefectException>(() => WorkQueueControl.ValidateLimit(-1)).ErrorId);
            WorkQueueControl.ValidateLimit(0);
            _sandbox.AssertNoContractViolations();
        }

        [Fact]
        public async Task A_queue_deleted_meanwhile_is_a_per_queue_error()
        {
            var (a, _) = await TwoPoolsAsync();
            using var connection = await _sandbox.ConnectAsync();
            var control = new WorkQueueControl(connection.Backend);
            var queue = await control.GetAsync("db-load", a, CancellationToken.None);
            await _sandbox.Seed.SendAsync("DELETE", $"/work_queues/{queue.Id}");

            var result = await control.ApplyAsync(queue, WorkQueueChange.Pause(true), CancellationToken.None);

            Assert.Equal(ErrorIds.WorkQueueNotFound, result.Error!.ErrorId);
            _sandbox.AssertNoContractViolations();
        }
    }

    public sealed class WorkQueueControlTests2 : WorkQueueControlTests, IClassFixture<Sandbox2Fixture>
    {
        public WorkQueueControlTests2(Sandbox2Fixture sandbox) : base(sandbox) { }
    }

    public sealed class WorkQueueControlTests3 : WorkQueueControlTests, IClassFixture<Sandbox3Fixture>
    {
        public WorkQueueControlTests3(Sandbox3Fixture sandbox) : base(sandbox) { }
    }
}
