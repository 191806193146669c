using System.Linq;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using Xunit;

namespace PrefectOps.Tests.Sandbox
{
    /// <summary>Work queues and pools (section 6).</summary>
    public sealed class WorkQueueTests : SandboxTestBase<Prefect2Sandbox>, IClassFixture<Prefect2Sandbox>
    {
        public WorkQueueTests(Prefect2Sandbox f) : base(f) { }

        [Fact]
        public async Task Pause_and_limit_a_legacy_queue()
        {
            var name = SandboxFixture.Unique("q");
            var (s, q) = await F.SendAsync("POST", "/work_queues/", new { name, description = "d", concurrency_limit = 5, priority = 1 });
            Assert.Equal(201, s);
            Assert.Equal("default-agent-pool", (string)q!["work_pool_name"]!);
            Assert.Equal(409, (await F.SendAsync("POST", "/work_queues/", new { name })).Status);
            string id = (string)q["id"]!;
            Assert.Equal(204, (await F.SendAsync("PATCH", $"/work_queues/{id}", new { is_paused = true })).Status);
            var read = await F.OkAsync("GET", $"/work_queues/{id}");
            Assert.Equal((true, "PAUSED"), ((bool)read["is_paused"]!, (string)read["status"]!));
            Assert.Equal(204, (await F.SendAsync("PATCH", $"/work_queues/{id}", new JObject { ["concurrency_limit"] = null })).Status);
            Assert.Equal(JTokenType.Null, (await F.OkAsync("GET", $"/work_queues/{id}"))["concurrency_limit"]!.Type);
            var (s2, j2) = await F.SendAsync("PATCH", $"/work_queues/{id}", new { concurrency_limit = -1 });
            Assert.Equal(422, s2);
            Assert.Equal("value_error.validation", (string)j2!["exception_detail"]![0]!["type"]!);
            var status = await F.OkAsync("GET", $"/work_queues/{id}/status");
            Assert.False((bool)status["healthy"]!);
            var byName = (JArray)await F.OkAsync("POST", "/work_queues/filter", new JObject { ["work_queues"] = new JObject { ["name"] = new JObject { ["any_"] = new JArray(name) } } });
            Assert.Single(byName);
        }

        [Fact]
        public async Task Not_found_bodies_are_the_recorded_ones()
        {
            var zero = "00000000-0000-0000-0000-000000000000";
            Assert.Equal("work queue not found", (string)(await F.SendAsync("GET", $"/work_queues/{zero}")).Body!["detail"]!);
            Assert.Equal("Work Queue <built-in function id> not found", (string)(await F.SendAsync("PATCH", $"/work_queues/{zero}", new { is_paused = true })).Body!["detail"]!);
            Assert.Equal($"Work queue with id {zero} not found.", (string)(await F.SendAsync("POST", $"/work_queues/{zero}/get_runs", new { })).Body!["exception_message"]!);
            Assert.Equal("Work pool \"nope\" not found.", (string)(await F.SendAsync("GET", "/work_pools/nope")).Body!["detail"]!);
        }

        [Fact]
        public async Task Pools_queues_and_deployments_on_them()
        {
            var pool = SandboxFixture.Unique("pool");
            Assert.Equal(201, (await F.SendAsync("POST", "/work_pools/", new { name = pool, type = "process", concurrency_limit = 10 })).Status);
            Assert.Equal(409, (await F.SendAsync("POST", "/work_pools/", new { name = pool, type = "process" })).Status);
            Assert.Equal(201, (await F.SendAsync("POST", $"/work_pools/{pool}/queues", new { name = "high", priority = 1 })).Status);
            var queues = (JArray)await F.OkAsync("POST", $"/work_pools/{pool}/queues/filter", new { });
            Assert.Equal(new[] { "high", "default" }, queues.Select(q => (string)q["name"]!));
            Assert.Equal(204, (await F.SendAsync("PATCH", $"/work_pools/{pool}/queues/high", new { is_paused = true })).Status);
            Assert.True((bool)(await F.OkAsync("GET", $"/work_pools/{pool}/queues/high"))["is_paused"]!);
            Assert.Equal($"Work pool queue '{pool}/nope' not found.", (string)(await F.SendAsync("GET", $"/work_pools/{pool}/queues/nope")).Body!["detail"]!);
            Assert.Equal(204, (await F.SendAsync("PATCH", $"/work_pools/{pool}", new { is_paused = true })).Status);
            Assert.Equal("PAUSED", (string)(await F.OkAsync("GET", $"/work_pools/{pool}"))["status"]!);

            var flow = await F.FlowAsync();
            var d = await F.DeploymentAsync(flow, new JObject { ["work_pool_name"] = pool, ["work_queue_name"] = "brand-new" });
            Assert.Equal((pool, "brand-new"), ((string)d["work_pool_name"]!, (string)d["work_queue_name"]!));
            Assert.Equal(200, (await F.SendAsync("GET", $"/work_pools/{pool}/queues/brand-new")).Status);
            var legacy = await F.DeploymentAsync(flow, new JObject { ["work_queue_name"] = SandboxFixture.Unique("auto") });
            Assert.Equal("default-agent-pool", (string)legacy["work_pool_name"]!);
            Assert.Equal(200, (await F.SendAsync("GET", $"/work_queues/name/{legacy["work_queue_name"]}")).Status);
            var (s, j) = await F.SendAsync("POST", "/deployments/", new { name = "bad", flow_id = flow, work_pool_name = "nope" });
            Assert.Equal((404, "Work pool \"nope\" not found."), (s, (string)j!["detail"]!));
        }
    }
}
