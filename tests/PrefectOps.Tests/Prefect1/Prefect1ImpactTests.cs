using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Maintenance;
using PrefectOps.Sandbox.Prefect1;
using Xunit;

namespace PrefectOps.Tests.Prefect1
{
    /// <summary>
    /// Get-MaintenanceImpact on Prefect 1: the clocks counted as catch-up evaluates them; set_schedule_inactive
    /// deletes only the Scheduled runs with auto_scheduled, so a run made by hand is listed before the disable and is
    /// still there after it.
    /// </summary>
    public sealed class Prefect1ImpactTests : IClassFixture<Prefect1Fixture>
    {
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 11, 23, 10, 2, 0, TimeSpan.Zero);
        private const string Marker = "MAINTENANCE";
        private readonly Prefect1Fixture _f;

        public Prefect1ImpactTests(Prefect1Fixture f) => _f = f;

        private async Task<IReadOnlyList<MaintenanceImpact>> PreviewAsync(string tag, DateTimeOffset until)
        {
            using var connection = await _f.ConnectAsync();
            var flows = await new MaintenanceService(connection.Backend, _f.Clock).FindByTagsAsync(new[] { tag }, Marker, CancellationToken.None);
            var (start, end) = MaintenancePreview.Window(null, until, _f.Clock);
            return await new MaintenancePreview(connection.Backend, _f.Clock).PreviewAsync(flows, start, end, CancellationToken.None);
        }

        [Fact]
        public async Task Clocks_are_counted_and_runs_made_by_hand_are_listed_and_survive_the_disable()
        {
            await _f.SetClockAsync(T0);
            string tag = Prefect1Fixture.Unique("server-prod");
            var flow = await _f.Server.SeedAsync(new Prefect1FlowSpec
            {
                Name = Prefect1Fixture.Unique("every-10m"),
                Tasks = new Dictionary<string, string[]> { ["load"] = new[] { tag } },
                Clocks = new List<JObject> { Prefect1Clocks.Cron("*/10 * * * *", "America/New_York") },
            });
            // The scheduler's horizon in Prefect 1: ten runs ahead.
            await _f.Server.RunSchedulerAsync();
            string byHand = await _f.CreateRunAsync(flow, T0.AddHours(3));
            string running = await _f.CreateRunAsync(flow);
            await _f.Server.SetFlowRunStateAsync(running, "Running");

            var impact = Assert.Single(await PreviewAsync(tag, T0.AddDays(1)));

            // 10:10 today to 10:00 tomorrow: 144 runs, where the server holds 10.
            Assert.Equal((MaintenanceImpactKind.Disable, 144, T0.AddMinutes(8), T0.AddDays(1).AddMinutes(-2), (int?)10),
                (impact.Impact, impact.ScheduledRuns, impact.FirstScheduledRun!.Value, impact.LastScheduledRun!.Value, impact.CatchUpRuns));
            var hand = Assert.Single(impact.HandScheduledRuns);
            Assert.Equal((Guid.Parse(byHand), T0.AddHours(3), false, (string?)null), (hand.Id, hand.ScheduledStart!.Value, hand.AutoScheduled, hand.CreatedBy));
            Assert.Equal(Guid.Parse(running), Assert.Single(impact.RunsInFlight).Id);

            using (var connection = await _f.ConnectAsync())
                await Prefect1MaintenanceStoryTests.DisableAsync(new MaintenanceService(connection.Backend, _f.Clock), tag, T0.AddDays(1), "CHG-1");
            var scheduled = (await _f.RunsAsync(flow.FlowGroupId)).Where(r => (string?)r["state"] == "Scheduled").ToList();
            Assert.Equal(byHand, (string)Assert.Single(scheduled)["id"]!);

            var after = Assert.Single(await PreviewAsync(tag, T0.AddDays(1)));
            Assert.Equal(MaintenanceImpactKind.InMaintenance, after.Impact);
            Assert.Equal(Guid.Parse(byHand), Assert.Single(after.HandScheduledRuns).Id);
        }
    }
}
