using System;
using System.Linq;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using Xunit;

namespace PrefectOps.Tests.Sandbox
{
    /// <summary>POST /deployments/{id}/schedule: inclusive window, idempotent, active schedules only, always 200 null.</summary>
    public sealed class Backfill2Tests : SandboxTestBase<Prefect2Sandbox>, IClassFixture<Prefect2Sandbox>
    {
        private static readonly DateTimeOffset Noon = new DateTimeOffset(2031, 3, 10, 12, 0, 0, TimeSpan.Zero);

        public Backfill2Tests(Prefect2Sandbox f) : base(f) { f.Server.Clock.Set(Noon); }

        private async Task<string> QuarterHourlyAsync()
        {
            var d = await F.DeploymentAsync(await F.FlowAsync(), new JObject
            {
                ["schedule"] = new JObject { ["cron"] = "*/15 * * * *", ["timezone"] = "UTC" },
                ["tags"] = new JArray("server-prod"),
            });
            return (string)d["id"]!;
        }

        private async Task<int> BackfillAsync(string id, JObject body)
        {
            var (status, json) = await F.SendAsync("POST", $"/deployments/{id}/schedule", body);
            Assert.Equal(200, status);
            Assert.Equal(JTokenType.Null, json!.Type);
            return (await F.RunsOfAsync(id)).Count;
        }

        private static JObject Window(string start, string? end = null, int? maxRuns = null)
        {
            var o = new JObject { ["start_time"] = start };
            if (end != null) o["end_time"] = end;
            if (maxRuns != null) o["max_runs"] = maxRuns;
            return o;
        }

        [Fact]
        public async Task Past_window_is_inclusive_and_repeating_creates_nothing()
        {
            var id = await QuarterHourlyAsync();
            Assert.Equal(5, await BackfillAsync(id, Window("2031-03-10T10:00:00Z", "2031-03-10T11:00:00Z")));
            Assert.Equal(5, await BackfillAsync(id, Window("2031-03-10T10:00:00Z", "2031-03-10T11:00:00Z")));
            var runs = await F.RunsOfAsync(id);
            Assert.Equal("2031-03-10T10:00:00+00:00", (string)runs[0]["expected_start_time"]!);
            Assert.Equal("2031-03-10T11:00:00+00:00", (string)runs[4]["expected_start_time"]!);
            Assert.All(runs, r => Assert.True((bool)r["auto_scheduled"]!));
            Assert.All(runs, r => Assert.StartsWith($"scheduled {id} ", (string)r["idempotency_key"]!));
        }

        [Fact]
        public async Task Max_runs_and_start_only_defaults()
        {
            var id = await QuarterHourlyAsync();
            Assert.Equal(3, await BackfillAsync(id, Window("2031-03-09T10:00:00Z", "2031-03-09T11:00:00Z", maxRuns: 3)));
            // Only start_time: end = start + 100 days, but the loop stops at >= 3 runs and >= start + 1 h.
            Assert.Equal(3 + 5, await BackfillAsync(id, Window("2031-03-08T10:00:00Z")));
        }

        [Fact]
        public async Task Backfill_does_not_duplicate_scheduler_runs()
        {
            var id = await QuarterHourlyAsync();
            F.Server.RunScheduler(); // 12:00 .. 13:00
            Assert.Equal(5, (await F.RunsOfAsync(id)).Count);
            Assert.Equal(5 + 2, await BackfillAsync(id, Window("2031-03-10T11:30:00Z", "2031-03-10T12:30:00Z")));
        }

        [Fact]
        public async Task Inactive_schedule_blocks_backfill_but_paused_does_not()
        {
            var id = await QuarterHourlyAsync();
            await F.OkAsync("POST", $"/deployments/{id}/set_schedule_inactive");
            Assert.Equal(0, await BackfillAsync(id, Window("2031-03-10T10:00:00Z", "2031-03-10T11:00:00Z")));
            await F.OkAsync("POST", $"/deployments/{id}/set_schedule_active");
            await F.OkAsync("PATCH", $"/deployments/{id}", new { paused = true });
            Assert.Equal(5, await BackfillAsync(id, Window("2031-03-10T10:00:00Z", "2031-03-10T11:00:00Z")));
            // In 2.x a later PATCH deletes the backfilled runs again.
            await F.OkAsync("PATCH", $"/deployments/{id}", new { paused = false });
            Assert.Empty(await F.RunsOfAsync(id));
        }

        [Fact]
        public async Task Unknown_deployment_is_200_null_and_bad_time_is_422()
        {
            Assert.Equal(0, await BackfillAsync(Guid.NewGuid().ToString(), Window("2031-03-10T10:00:00Z")));
            ExpectViolations = true;
            var (status, json) = await F.SendAsync("POST", $"/deployments/{Guid.NewGuid()}/schedule", new { start_time = "not-a-date" });
            Assert.Equal(422, status);
            Assert.Equal("Invalid request received.", (string)json!["exception_message"]!);
        }
    }
}
