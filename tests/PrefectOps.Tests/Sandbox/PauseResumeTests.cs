using System;
using System.Linq;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using Xunit;

namespace PrefectOps.Tests.Sandbox
{
    internal static class PauseHelpers
    {
        public static readonly DateTimeOffset Noon = new DateTimeOffset(2031, 3, 10, 12, 0, 0, TimeSpan.Zero);

        public static JObject EveryFiveMinutes(params string[] tags) => new JObject
        {
            ["schedules"] = new JArray(new JObject { ["schedule"] = new JObject { ["cron"] = "*/5 * * * *", ["timezone"] = "UTC" }, ["active"] = true }),
            ["tags"] = new JArray(tags),
        };

        /// <summary>Scheduler at 12:00 (runs 12:00..13:00), then the clock moves to 12:30 so six runs are late.</summary>
        public static async Task<(string Id, string ManualRunId, string RunningRunId)> ScheduledWithLateRunsAsync(SandboxFixture f)
        {
            f.Server.Clock.Set(Noon);
            var dep = await f.DeploymentAsync(await f.FlowAsync(), EveryFiveMinutes("server-prod"));
            string id = (string)dep["id"]!;
            f.Server.RunScheduler();
            f.Server.Clock.Set(Noon.AddMinutes(32));
            var manual = await f.OkAsync("POST", $"/deployments/{id}/create_flow_run", new JObject
            {
                ["state"] = new JObject { ["type"] = "SCHEDULED", ["state_details"] = new JObject { ["scheduled_time"] = "2031-03-10T12:45:00Z" } },
            });
            var runs = await f.RunsOfAsync(id);
            var running = runs.First(r => (bool)r["auto_scheduled"]!);
            f.Server.SetFlowRunState(Guid.Parse((string)running["id"]!), "RUNNING"); // the worker picked this one up
            return (id, (string)manual["id"]!, (string)running["id"]!);
        }
    }

    /// <summary>2.x: pausing deletes every auto-scheduled SCHEDULED run (late ones too); resuming creates nothing.</summary>
    public sealed class PauseResume2Tests : SandboxTestBase<Prefect2Sandbox>, IClassFixture<Prefect2Sandbox>
    {
        public PauseResume2Tests(Prefect2Sandbox f) : base(f) { }

        [Theory]
        [InlineData("POST", "set_schedule_inactive", null)]
        [InlineData("POST", "pause_deployment", null)]
        [InlineData("PATCH", "", "{\"paused\": true}")]
        [InlineData("PATCH", "", "{\"is_schedule_active\": false}")]
        [InlineData("PATCH", "", "{\"description\": \"any patch at all\"}")]
        public async Task Pausing_or_any_patch_deletes_all_auto_scheduled_runs_still_scheduled(string method, string action, string? body)
        {
            var (id, manual, running) = await PauseHelpers.ScheduledWithLateRunsAsync(F);
            Assert.Equal(14, (await F.RunsOfAsync(id)).Count);
            var path = action == "" ? $"/deployments/{id}" : $"/deployments/{id}/{action}";
            var (status, json) = await F.SendAsync(method, path, body == null ? null : JToken.Parse(body));
            Assert.Equal(method == "POST" ? 200 : 204, status);
            if (method == "POST") Assert.Equal(JTokenType.Null, json!.Type);
            var left = (await F.RunsOfAsync(id)).Select(r => (string)r["id"]!).OrderBy(x => x).ToArray();
            Assert.Equal(new[] { manual, running }.OrderBy(x => x).ToArray(), left);
        }

        [Fact]
        public async Task Resume_creates_nothing_until_the_next_scheduler_pass()
        {
            var (id, _, _) = await PauseHelpers.ScheduledWithLateRunsAsync(F);
            await F.OkAsync("POST", $"/deployments/{id}/set_schedule_inactive");
            F.Server.Clock.Set(PauseHelpers.Noon.AddHours(3));
            await F.OkAsync("POST", $"/deployments/{id}/set_schedule_active");
            Assert.Equal(2, (await F.RunsOfAsync(id)).Count);
            F.Server.RunScheduler();
            var runs = await F.RunsOfAsync(id);
            // Only future runs (15:00..16:00); the missed 12:30..15:00 window is not caught up.
            Assert.Equal(2 + 13, runs.Count);
            Assert.DoesNotContain(runs, r => (bool)r["auto_scheduled"]! && (string)r["state_type"]! == "SCHEDULED"
                && DateTimeOffset.Parse((string)r["expected_start_time"]!) < PauseHelpers.Noon.AddHours(3));
        }

        [Fact]
        public async Task One_patch_pauses_and_tags_then_the_reverse_patch_resumes_and_untags()
        {
            var (id, _, _) = await PauseHelpers.ScheduledWithLateRunsAsync(F);
            var (st, _) = await F.SendAsync("PATCH", $"/deployments/{id}", new JObject { ["is_schedule_active"] = false, ["tags"] = new JArray("server-prod", "MAINTENANCE") });
            Assert.Equal(204, st);
            var d = await F.OkAsync("GET", $"/deployments/{id}");
            Assert.False((bool)d["is_schedule_active"]!);
            Assert.True((bool)d["paused"]!);
            Assert.False((bool)d["schedules"]![0]!["active"]!);
            Assert.Equal(new[] { "server-prod", "MAINTENANCE" }, d["tags"]!.Select(t => (string)t!));
            Assert.Equal(2, (await F.RunsOfAsync(id)).Count);

            (st, _) = await F.SendAsync("PATCH", $"/deployments/{id}", new JObject { ["is_schedule_active"] = true, ["tags"] = new JArray("server-prod") });
            Assert.Equal(204, st);
            d = await F.OkAsync("GET", $"/deployments/{id}");
            Assert.True((bool)d["is_schedule_active"]!);
            Assert.False((bool)d["paused"]!);
            Assert.True((bool)d["schedules"]![0]!["active"]!);
            Assert.Equal(new[] { "server-prod" }, d["tags"]!.Select(t => (string)t!));
        }

        [Fact]
        public async Task Flags_stay_in_step_as_recorded()
        {
            F.Server.Clock.Set(PauseHelpers.Noon);
            var d0 = await F.DeploymentAsync(await F.FlowAsync(), PauseHelpers.EveryFiveMinutes());
            string id = (string)d0["id"]!;
            string sid = (string)d0["schedules"]![0]!["id"]!;
            await F.OkAsync("POST", $"/deployments/{id}/set_schedule_inactive");
            var d = await F.OkAsync("GET", $"/deployments/{id}");
            Assert.Equal((false, true, false, sid), ((bool)d["is_schedule_active"]!, (bool)d["paused"]!, (bool)d["schedules"]![0]!["active"]!, (string)d["schedules"]![0]!["id"]!));
            await F.OkAsync("POST", $"/deployments/{id}/set_schedule_active");
            // PATCH paused: schedule untouched (active stays true), flags follow.
            await F.OkAsync("PATCH", $"/deployments/{id}", new { paused = true });
            d = await F.OkAsync("GET", $"/deployments/{id}");
            Assert.Equal((false, true, true), ((bool)d["is_schedule_active"]!, (bool)d["paused"]!, (bool)d["schedules"]![0]!["active"]!));
            await F.OkAsync("PATCH", $"/deployments/{id}", new { paused = false });
            // PATCH is_schedule_active re-creates the single schedule (new id) with active = value.
            await F.OkAsync("PATCH", $"/deployments/{id}", new { is_schedule_active = false });
            d = await F.OkAsync("GET", $"/deployments/{id}");
            Assert.Equal((false, true, false), ((bool)d["is_schedule_active"]!, (bool)d["paused"]!, (bool)d["schedules"]![0]!["active"]!));
            Assert.NotEqual(sid, (string)d["schedules"]![0]!["id"]!);
        }

        [Fact]
        public async Task Several_schedules_make_legacy_pause_a_422_but_patch_paused_works()
        {
            var d0 = await F.DeploymentAsync(await F.FlowAsync(), PauseHelpers.EveryFiveMinutes());
            string id = (string)d0["id"]!;
            await F.OkAsync("POST", $"/deployments/{id}/schedules", new JArray(new JObject { ["schedule"] = new JObject { ["interval"] = 3600, ["timezone"] = "UTC" }, ["active"] = false }));
            foreach (var action in new[] { "set_schedule_inactive", "pause_deployment" })
            {
                var (status, json) = await F.SendAsync("POST", $"/deployments/{id}/{action}");
                Assert.Equal(422, status);
                Assert.Contains("has multiple schedules", (string)json!["detail"]![0]!);
            }
            var (s2, j2) = await F.SendAsync("PATCH", $"/deployments/{id}", new { is_schedule_active = true });
            Assert.Equal(422, s2);
            Assert.Equal($"Error updating deployment: Deployment UUID('{id}') has multiple schedules. Please use the UI or update your client to adjust this deployment's schedules.", (string)j2!["detail"]![0]!);
            Assert.Equal(204, (await F.SendAsync("PATCH", $"/deployments/{id}", new { paused = true })).Status);
            Assert.True((bool)(await F.OkAsync("GET", $"/deployments/{id}"))["paused"]!);
        }
    }

    /// <summary>3.x: pause and PATCH delete only future auto-scheduled runs; set_schedule_* do not exist.</summary>
    public sealed class PauseResume3Tests : SandboxTestBase<Prefect3Sandbox>, IClassFixture<Prefect3Sandbox>
    {
        public PauseResume3Tests(Prefect3Sandbox f) : base(f) { }

        [Theory]
        [InlineData("POST", "pause_deployment", null)]
        [InlineData("PATCH", "", "{\"paused\": true, \"tags\": [\"server-prod\", \"MAINTENANCE\"]}")]
        public async Task Pausing_deletes_only_future_auto_scheduled_runs(string method, string action, string? body)
        {
            var (id, manual, running) = await PauseHelpers.ScheduledWithLateRunsAsync(F);
            var path = action == "" ? $"/deployments/{id}" : $"/deployments/{id}/{action}";
            var (status, _) = await F.SendAsync(method, path, body == null ? null : JToken.Parse(body));
            Assert.Equal(method == "POST" ? 200 : 204, status);
            var left = await F.RunsOfAsync(id);
            // 12:05..12:30 are late (12:00 is running) and stay, with the manual and the running run.
            Assert.Equal(6 + 2, left.Count);
            Assert.Contains(left, r => (string)r["id"]! == manual);
            Assert.Contains(left, r => (string)r["id"]! == running);
            var d = await F.OkAsync("GET", $"/deployments/{id}");
            Assert.True((bool)d["paused"]!);
            Assert.Null(d["is_schedule_active"]);
            Assert.True((bool)d["schedules"]![0]!["active"]!);
        }

        [Fact]
        public async Task Legacy_schedule_routes_are_404_and_flagged()
        {
            ExpectViolations = true;
            var d0 = await F.DeploymentAsync(await F.FlowAsync(), PauseHelpers.EveryFiveMinutes());
            var (status, json) = await F.SendAsync("POST", $"/deployments/{d0["id"]}/set_schedule_inactive");
            Assert.Equal(404, status);
            Assert.Equal("Not Found", (string)json!["detail"]!);
            Assert.NotEmpty(F.Server.ContractViolations);
        }

        [Fact]
        public async Task Scheduler_idempotency_key_carries_the_schedule_id()
        {
            F.Server.Clock.Set(PauseHelpers.Noon);
            var d0 = await F.DeploymentAsync(await F.FlowAsync(), PauseHelpers.EveryFiveMinutes());
            F.Server.RunScheduler();
            var runs = await F.RunsOfAsync((string)d0["id"]!);
            Assert.Equal(13, runs.Count);
            Assert.Equal($"scheduled {d0["id"]} {d0["schedules"]![0]!["id"]} 2031-03-10 12:00:00+00:00", (string)runs[0]["idempotency_key"]!);
        }
    }
}
