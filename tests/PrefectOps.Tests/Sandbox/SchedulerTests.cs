using System;
using System.Linq;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using Xunit;

namespace PrefectOps.Tests.Sandbox
{
    /// <summary>The scheduler service (RunScheduler) in 2.x mode: min 3 runs and 1 hour, idempotency, paused deployments.</summary>
    public sealed class SchedulerTests : SandboxTestBase<Prefect2Sandbox>, IClassFixture<Prefect2Sandbox>
    {
        private static readonly DateTimeOffset Noon = new DateTimeOffset(2031, 3, 10, 12, 0, 0, TimeSpan.Zero);

        public SchedulerTests(Prefect2Sandbox f) : base(f) { f.Server.Clock.Set(Noon); }

        private static JObject Cron(string cron, string tz = "UTC") => new JObject
        {
            ["schedules"] = new JArray(new JObject { ["schedule"] = new JObject { ["cron"] = cron, ["timezone"] = tz }, ["active"] = true }),
            ["tags"] = new JArray("server-prod", "nightly"),
        };

        [Fact]
        public async Task Scheduler_fills_at_least_three_runs_and_one_hour_ahead_without_duplicates()
        {
            var dep = await F.DeploymentAsync(await F.FlowAsync(), Cron("*/5 * * * *"));
            string id = (string)dep["id"]!;
            F.Server.RunScheduler();
            var runs = await F.RunsOfAsync(id);
            // 12:00 (inclusive) .. 13:00: the loop stops at the first date with >= 3 runs and >= start + 1 h.
            Assert.Equal(13, runs.Count);
            var first = runs[0];
            Assert.Equal("2031-03-10T12:00:00+00:00", (string)first["expected_start_time"]!);
            Assert.True((bool)first["auto_scheduled"]!);
            Assert.Equal(new[] { "auto-scheduled", "server-prod", "nightly" }, first["tags"]!.Select(t => (string)t!));
            Assert.Equal("SCHEDULED", (string)first["state_type"]!);
            Assert.Equal("Scheduled", (string)first["state_name"]!);
            Assert.Equal("2031-03-10T12:00:00+00:00", (string)first["state"]!["state_details"]!["scheduled_time"]!);
            Assert.Equal($"scheduled {id} 2031-03-10T12:00:00+00:00", (string)first["idempotency_key"]!);

            F.Server.RunScheduler();
            Assert.Equal(13, (await F.RunsOfAsync(id)).Count);
            F.Server.Clock.Advance(TimeSpan.FromMinutes(10));
            F.Server.RunScheduler();
            Assert.Equal(15, (await F.RunsOfAsync(id)).Count); // 13:05 and 13:10 added, nothing duplicated
        }

        [Fact]
        public async Task Idempotency_key_uses_the_schedule_time_zone_like_pendulum()
        {
            var dep = await F.DeploymentAsync(await F.FlowAsync(), Cron("0 * * * *", "America/New_York"));
            F.Server.RunScheduler();
            var runs = await F.RunsOfAsync((string)dep["id"]!);
            Assert.Equal(3, runs.Count);
            Assert.Equal($"scheduled {dep["id"]} 2031-03-10T08:00:00-04:00", (string)runs[0]["idempotency_key"]!);
        }

        [Fact]
        public async Task Paused_or_inactive_deployments_and_inactive_schedules_get_no_runs()
        {
            var flow = await F.FlowAsync();
            var paused = await F.DeploymentAsync(flow, new JObject(Cron("*/5 * * * *").Properties()) { ["paused"] = true });
            var inactive = await F.DeploymentAsync(flow, new JObject { ["schedule"] = new JObject { ["cron"] = "*/5 * * * *" }, ["is_schedule_active"] = false });
            var scheduleOff = await F.DeploymentAsync(flow, new JObject
            {
                ["schedules"] = new JArray(new JObject { ["schedule"] = new JObject { ["interval"] = 600 }, ["active"] = false }),
            });
            var none = await F.DeploymentAsync(flow, new JObject());
            F.Server.RunScheduler();
            foreach (var d in new[] { paused, inactive, scheduleOff, none })
                Assert.Empty(await F.RunsOfAsync((string)d["id"]!));
        }
    }
}
