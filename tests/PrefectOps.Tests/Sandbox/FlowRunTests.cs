using System;
using System.Linq;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using Xunit;

namespace PrefectOps.Tests.Sandbox
{
    /// <summary>create_flow_run, set_state orchestration and resume (section 5 of the recordings).</summary>
    public sealed class FlowRunTests : SandboxTestBase<Prefect2Sandbox>, IClassFixture<Prefect2Sandbox>
    {
        public FlowRunTests(Prefect2Sandbox f) : base(f) { f.Server.Clock.FollowRealTime(); }

        private async Task<(string Dep, string Run)> RunAsync(object? body = null)
        {
            var d = await F.DeploymentAsync(await F.FlowAsync(), new JObject { ["tags"] = new JArray("dev"), ["parameters"] = new JObject { ["x"] = 1 } });
            var r = await F.OkAsync("POST", $"/deployments/{d["id"]}/create_flow_run", body ?? new { });
            return ((string)d["id"]!, (string)r["id"]!);
        }

        private Task<(int Status, JToken? Body)> SetState(string run, object body) => F.SendAsync("POST", $"/flow_runs/{run}/set_state", body);

        [Fact]
        public async Task Create_merges_parameters_and_tags_and_honours_idempotency_key()
        {
            var d = await F.DeploymentAsync(await F.FlowAsync(), new JObject { ["tags"] = new JArray("dev"), ["parameters"] = new JObject { ["x"] = 1 } });
            var body = new { name = "my-run", parameters = new { a = 1 }, tags = new[] { "t1" }, idempotency_key = "k1" };
            var (s1, r1) = await F.SendAsync("POST", $"/deployments/{d["id"]}/create_flow_run", body);
            Assert.Equal(201, s1);
            Assert.Equal(new[] { "dev", "t1" }, r1!["tags"]!.Select(t => (string)t!).OrderBy(x => x));
            Assert.Equal(1, (int)r1["parameters"]!["x"]!);
            Assert.Equal(1, (int)r1["parameters"]!["a"]!);
            Assert.False((bool)r1["auto_scheduled"]!);
            var (s2, r2) = await F.SendAsync("POST", $"/deployments/{d["id"]}/create_flow_run", new { idempotency_key = "k1" });
            Assert.Equal(200, s2);
            Assert.Equal((string)r1["id"]!, (string)r2!["id"]!);
            var (s3, j3) = await F.SendAsync("POST", $"/deployments/{Guid.Empty}/create_flow_run", new { });
            Assert.Equal((404, "Deployment not found"), (s3, (string)j3!["detail"]!));
        }

        [Fact]
        public async Task Cancelling_a_scheduled_run_goes_straight_to_cancelled()
        {
            var (_, run) = await RunAsync();
            var (status, json) = await SetState(run, new { state = new { type = "CANCELLING" } });
            Assert.Equal(201, status);
            Assert.Equal("REJECT", (string)json!["status"]!);
            Assert.Equal("CANCELLED", (string)json["state"]!["type"]!);
            Assert.Equal("Scheduled flow run has no infrastructure to terminate.", (string)json["details"]!["reason"]!);
            Assert.Equal("CANCELLED", (string)(await F.OkAsync("GET", $"/flow_runs/{run}"))["state_type"]!);
        }

        [Fact]
        public async Task Running_run_cancels_through_cancelling_and_the_worker_finishes_it()
        {
            var (_, run) = await RunAsync();
            Assert.Equal(201, (await SetState(run, new { state = new { type = "RUNNING" } })).Status);
            var (s, j) = await SetState(run, new { state = new { type = "CANCELLING", name = "Cancelling" } });
            Assert.Equal((201, "ACCEPT"), (s, (string)j!["status"]!));
            var (s2, j2) = await SetState(run, new { state = new { type = "COMPLETED" } });
            Assert.Equal((200, "REJECT"), (s2, (string)j2!["status"]!));
            Assert.Equal("Cannot transition flows that are cancelling to a state other than Cancelled.", (string)j2["details"]!["reason"]!);
            F.Server.SetFlowRunState(Guid.Parse(run), "CANCELLED");
            var r = await F.OkAsync("GET", $"/flow_runs/{run}");
            Assert.Equal("CANCELLED", (string)r["state_type"]!);
            Assert.NotEqual(JTokenType.Null, r["end_time"]!.Type);
            var (s3, j3) = await SetState(run, new { state = new { type = "CANCELLING" } });
            Assert.Equal((200, "ABORT", "Run is already in terminal state CANCELLED."), (s3, (string)j3!["status"]!, (string)j3["details"]!["reason"]!));
            var (s4, j4) = await SetState(run, new { state = new { type = "RUNNING" }, force = true });
            Assert.Equal((201, "ACCEPT"), (s4, (string)j4!["status"]!));
        }

        [Fact]
        public async Task Resume_rules()
        {
            var (_, run) = await RunAsync();
            var (s0, j0) = await F.SendAsync("POST", $"/flow_runs/{run}/resume", new { });
            Assert.Equal(200, s0);
            Assert.Equal(JTokenType.Null, j0!["state"]!.Type);
            Assert.Equal("Cannot resume a flow run that is not paused.", (string)j0["details"]!["reason"]!);
            await SetState(run, new { state = new { type = "RUNNING" } });
            var timeout = F.Server.Clock.UtcNow.AddHours(1).ToString("o");
            Assert.Equal(201, (await SetState(run, new { state = new { type = "PAUSED", state_details = new { pause_timeout = timeout, pause_key = "k1" } } })).Status);
            var (s1, j1) = await F.SendAsync("POST", $"/flow_runs/{run}/resume", new { run_input = new { answer = 42 } });
            Assert.Equal((201, "RUNNING"), (s1, (string)j1!["state"]!["type"]!));
            var (s2, j2) = await SetState(run, new { state = new { type = "PAUSED", state_details = new { pause_key = "k1" } } });
            Assert.Equal((200, "This pause has already fired."), (s2, (string)j2!["details"]!["reason"]!));
            // A pause whose timeout passed fails the run.
            await SetState(run, new { state = new { type = "PAUSED", state_details = new { pause_timeout = timeout, pause_key = "k2" } } });
            F.Server.Clock.Advance(TimeSpan.FromHours(2));
            var (s3, j3) = await F.SendAsync("POST", $"/flow_runs/{run}/resume", new { });
            Assert.Equal((201, "REJECT", "FAILED"), (s3, (string)j3!["status"]!, (string)j3["state"]!["type"]!));
            var (s4, j4) = await F.SendAsync("POST", $"/flow_runs/{Guid.Empty}/resume", new { });
            Assert.Equal((500, "Internal Server Error"), (s4, (string)j4!["exception_message"]!));
            var history = (JArray)await F.OkAsync("GET", $"/flow_run_states/?flow_run_id={run}");
            Assert.Equal(new[] { "SCHEDULED", "RUNNING", "PAUSED", "RUNNING", "PAUSED", "FAILED" }, history.Select(h => (string)h["type"]!));
        }

        [Fact]
        public async Task Set_state_without_state_wrapper_is_422_and_unknown_run_404()
        {
            ExpectViolations = true;
            var (_, run) = await RunAsync();
            var (s, j) = await SetState(run, new { type = "RUNNING" });
            Assert.Equal(422, s);
            Assert.Equal("Invalid request received.", (string)j!["exception_message"]!);
            var (s2, j2) = await SetState(Guid.Empty.ToString(), new { state = new { type = "RUNNING" } });
            Assert.Equal((404, $"Flow run with id {Guid.Empty} not found"), (s2, (string)j2!["exception_message"]!));
        }

        [Fact]
        public async Task Filter_by_state_and_tags()
        {
            var (dep, run) = await RunAsync(new { tags = new[] { "t-filter" } });
            await SetState(run, new { state = new { type = "CANCELLED" } });
            var found = (JArray)await F.OkAsync("POST", "/flow_runs/filter", new JObject
            {
                ["flow_runs"] = new JObject { ["state"] = new JObject { ["type"] = new JObject { ["any_"] = new JArray("CANCELLED") } }, ["tags"] = new JObject { ["all_"] = new JArray("t-filter") } },
                ["deployments"] = new JObject { ["id"] = new JObject { ["any_"] = new JArray(dep) } },
            });
            Assert.Single(found);
            Assert.Equal(1, (int)await F.OkAsync("POST", "/flow_runs/count", new JObject { ["flow_runs"] = new JObject { ["id"] = new JObject { ["any_"] = new JArray(run) } } }));
        }
    }
}
