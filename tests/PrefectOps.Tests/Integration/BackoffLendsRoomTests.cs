using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Http;
using PrefectOps.Core.Maintenance;
using PrefectOps.Core.Model;
using PrefectOps.Core.Util;
using PrefectOps.Sandbox;
using PrefectOps.Sandbox.Faults;
using PrefectOps.Sandbox.Seeding;
using Xunit;

namespace PrefectOps.Tests.Integration
{
    /// <summary>
    /// A flow whose write is pushed back (503) waits out its backoff without its room in the bulk run, so even at one
    /// request at a time the other flows go on meanwhile (a SQLite server is not left idle for the backoff).
    /// </summary>
    public sealed class BackoffLendsRoomTests
    {
        /// <summary>Guards the waits below against a regression that would hang; nothing waits for time to pass.</summary>
        private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

        [Fact]
        public async Task Other_flows_are_disabled_while_a_pushed_back_one_waits()
        {
            var backoff = new HeldBackoff();
            await using var server = await SandboxServer.StartAsync(new SandboxOptions { PrefectMajorVersion = 2 });
            string tag = await SeedAsync(server, 5);
            using var connection = await OpenAsync(server, backoff);
            var (service, window, plans) = await PlanDisableAsync(connection, tag);
            server.Faults.Add("PATCH /deployments/{id}", FaultKind.Status, 503, times: 1);
            var results = new List<MaintenanceResult>();
            var fourDone = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            int peak = 0;
            var options = BulkOptions.Fixed(1);
            options.Finished = limiter => peak = limiter.PeakLimit;

            var run = service.RunAsync(plans, window, options, r =>
            {
                lock (results)
                {
                    results.Add(r);
                    if (results.Count == 4) fourDone.TrySetResult(true);
                }
            }, CancellationToken.None);

            await backoff.Started.Task.WaitAsync(Guard);
            // The pushed-back flow is still in its backoff: the four others went through one at a time meanwhile.
            await fourDone.Task.WaitAsync(Guard);
            Assert.False(run.IsCompleted);
            backoff.Release();
            await run.WaitAsync(Guard);

            Assert.Equal(5, results.Count);
            Assert.All(results, r => Assert.Equal(MaintenanceOutcome.Disabled, r.Outcome));
            Assert.Equal(1, peak);
            Assert.Empty(server.ContractViolations);
        }

        [Fact]
        public async Task Cancelled_during_a_lent_backoff_the_run_ends_cleanly()
        {
            var backoff = new HeldBackoff();
            await using var server = await SandboxServer.StartAsync(new SandboxOptions { PrefectMajorVersion = 3 });
            string tag = await SeedAsync(server, 3);
            using var connection = await OpenAsync(server, backoff);
            var (service, window, plans) = await PlanDisableAsync(connection, tag);
            // Every write is pushed back: the first flow waits in its backoff, the others wait for room behind it.
            server.Faults.Add("PATCH /deployments/{id}", FaultKind.Status, 503);
            using var ctrlC = new CancellationTokenSource();

            var run = service.RunAsync(plans, window, BulkOptions.Fixed(1), _ => { }, ctrlC.Token);
            await backoff.Started.Task.WaitAsync(Guard);
            ctrlC.Cancel();

            // Cancellation, not "Exit without Enter" from a room given back twice.
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Guard));
        }

        private static async Task<(MaintenanceService, MaintenanceWindow, List<MaintenancePlan>)> PlanDisableAsync(PrefectConnection connection, string tag)
        {
            var service = new MaintenanceService(connection.Backend, new SystemClock());
            var window = service.NewWindow("MAINTENANCE", null, null);
            var plans = (await service.FindByTagsAsync(new[] { tag }, "MAINTENANCE", CancellationToken.None)).Select(f => service.PlanDisable(f, window)).ToList();
            return (service, window, plans);
        }

        private static async Task<string> SeedAsync(SandboxServer server, int count)
        {
            using var seed = new PrefectSeedClient(server.ApiUrl);
            string tag = Unique.Name("db");
            var flow = await seed.CreateFlowAsync(Unique.Name("flow"));
            for (int i = 0; i < count; i++) await seed.CreateDeploymentAsync(flow, $"d{i}", new[] { tag });
            return tag;
        }

        private static Task<PrefectConnection> OpenAsync(SandboxServer server, HeldBackoff backoff)
        {
            var http = SandboxFixture.FastHttp();
            http.DelayAsync = backoff.WaitAsync;
            return PrefectConnection.OpenAsync(new ConnectionSettings(server.ApiUrl) { Http = http }, null, CancellationToken.None);
        }

        /// <summary>The first backoff lasts until the test releases it; later ones pass at once.</summary>
        private sealed class HeldBackoff
        {
            private readonly TaskCompletionSource<bool> _released = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            private int _calls;

            public TaskCompletionSource<bool> Started { get; } = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

            public void Release() => _released.TrySetResult(true);

            public async Task WaitAsync(TimeSpan delay, CancellationToken ct)
            {
                if (Interlocked.Increment(ref _calls) != 1) return;
                Started.TrySetResult(true);
                await _released.Task.WaitAsync(ct);
            }
        }
    }
}
