using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Maintenance;
using PrefectOps.Core.Model;
using PrefectOps.Core.Services;
using PrefectOps.Core.Util;
using PrefectOps.Sandbox.Seeding;

namespace PrefectOps.Bench
{
    /// <summary>
    /// Get-MaintenanceImpact -Tag preview-5m -Until (a week): 1,000 flows on five-minute schedules (half crons in New
    /// York, half intervals), the server's scheduler having made its horizon of runs for each (an hour ahead, 13 runs:
    /// Prefect's minimums), a few runs made by hand and a few running.
    /// Measures the client's CPU for the whole call (listing, counting, reading, evaluating 2 million run times) under a
    /// remote server's 20 ms latency, and counts the requests: the scheduler's runs must be counted, not read.
    /// </summary>
    internal static class PreviewStep
    {
        private const string Tag = "preview-5m";
        private const int Flows = 1000, HandMade = 5, Running = 5;

        public static async Task RunAsync(int runs, DateTimeOffset t0)
        {
            await using var sandbox = await SandboxProcess.StartAsync();
            await sandbox.SetClockAsync(t0);
            var watch = Stopwatch.StartNew();
            using (var seed = new PrefectSeedClient(sandbox.ApiUrl))
                await SeedAsync(seed, t0);
            int horizon = await sandbox.RunSchedulerAsync();
            Console.WriteLine($"Seeded {Flows:N0} five-minute flows, {HandMade} runs by hand, {Running} running; the scheduler made {horizon:N0} runs, in {watch.Elapsed.TotalSeconds:0.0} s.");

            var clock = new FixedClock(t0);
            int skipped = 0, handMade = 0, inFlight = 0;
            async Task<int> Preview(PrefectConnection c)
            {
                var flows = await new FlowCatalog(c.Backend).ListFlowsAsync(new FlowQuery { AllTags = new[] { Tag }, Marker = MaintenanceTags.DefaultMarker }, null, CancellationToken.None);
                var (start, until) = MaintenancePreview.Window(null, t0.AddDays(7), clock);
                var impacts = await new MaintenancePreview(c.Backend, clock).PreviewAsync(flows, start, until, CancellationToken.None);
                (skipped, handMade, inFlight) = (impacts.Sum(i => i.ScheduledRuns), impacts.Sum(i => i.HandScheduledRuns.Length), impacts.Sum(i => i.RunsInFlight.Length));
                return impacts.Count;
            }

            await sandbox.LatencyAsync(20);
            await MeasureAsync(sandbox, Preview); // warm-up (JIT), not recorded
            var samples = new List<Measured>();
            for (int i = 0; i < runs; i++)
            {
                var s = await MeasureAsync(sandbox, Preview);
                samples.Add(s);
                Console.WriteLine($"  preview  {s.Wall.TotalSeconds,6:0.000} s  cpu client {s.ClientCpu.TotalMilliseconds,5:0} ms, server {s.ServerCpu.TotalMilliseconds,5:0} ms  {s.Requests} requests");
            }
            if (handMade != HandMade || inFlight != Running)
                throw new InvalidOperationException($"The preview found {handMade} hand-made and {inFlight} running runs; {HandMade} and {Running} were seeded.");

            var median = samples.OrderBy(x => x.ClientCpu).ElementAt(samples.Count / 2);
            Console.WriteLine("\n| step | flows | run times counted | hand-made found | in flight | wall | client CPU | server CPU | requests |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            Console.WriteLine($"| Get-MaintenanceImpact, 7 days, 20 ms latency | {median.Flows:N0} | {skipped:N0} | {handMade} | {inFlight} | {median.Wall.TotalSeconds:0.00} s | " +
                              $"{median.ClientCpu.TotalMilliseconds:0} ms | {median.ServerCpu.TotalMilliseconds:0} ms | {median.Requests} |");
            Console.WriteLine($"\nMedian of {samples.Count} by client CPU; client CPU min {samples.Min(x => x.ClientCpu.TotalMilliseconds):0} ms, max {samples.Max(x => x.ClientCpu.TotalMilliseconds):0} ms.");
        }

        private static async Task SeedAsync(PrefectSeedClient seed, DateTimeOffset t0)
        {
            var flow = await seed.CreateFlowAsync("preview-flow");
            var ids = new Guid[Flows];
            using var gate = new SemaphoreSlim(8);
            await Task.WhenAll(Enumerable.Range(0, Flows).Select(async i =>
            {
                await gate.WaitAsync();
                try
                {
                    // Half crons in New York, half intervals: both evaluation paths, as an estate has them.
                    string schedule = i % 2 == 0
                        ? $"{{\"cron\":\"{i % 5}-59/5 * * * *\",\"timezone\":\"America/New_York\"}}"
                        : $"{{\"interval\":300,\"anchor_date\":\"2026-01-01T00:0{i % 5}:00+00:00\",\"timezone\":\"UTC\"}}";
                    ids[i] = Guid.Parse((string)(await seed.CreateDeploymentAsync(flow, $"five-minutes-{i:D4}", new[] { Tag }, schedule))["id"]!);
                }
                finally { gate.Release(); }
            }));
            for (int i = 0; i < HandMade; i++) await seed.CreateFlowRunAsync(ids[i * 197], t0.AddHours(1 + i));
            for (int i = 0; i < Running; i++)
            {
                var run = await seed.CreateFlowRunAsync(ids[i * 191 + 3]);
                await seed.SetStateAsync(Guid.Parse((string)run["id"]!), "RUNNING", force: true);
            }
        }

        private sealed record Measured(TimeSpan Wall, TimeSpan ClientCpu, TimeSpan ServerCpu, long Requests, int Flows);

        /// <summary>
        /// One call on a fresh connection. Not the Harness: its heap sampler wakes every millisecond, which over a call
        /// that waits seconds for the sandbox would be counted as client CPU.
        /// </summary>
        private static async Task<Measured> MeasureAsync(SandboxProcess sandbox, Func<PrefectConnection, Task<int>> step)
        {
            using var connection = await PrefectConnection.OpenAsync(new ConnectionSettings(sandbox.ApiUrl), null, CancellationToken.None);
            GC.Collect();
            long requests = connection.Backend.Stats.Requests;
            var (serverCpu, clientCpu) = (sandbox.CpuTime, Process.GetCurrentProcess().TotalProcessorTime);
            var watch = Stopwatch.StartNew();
            int flows = await step(connection);
            var wall = watch.Elapsed;
            clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpu;
            serverCpu = sandbox.CpuTime - serverCpu;
            return new Measured(wall, clientCpu, serverCpu, connection.Backend.Stats.Requests - requests, flows);
        }

        private sealed class FixedClock : IClock
        {
            public FixedClock(DateTimeOffset now) => UtcNow = now;
            public DateTimeOffset UtcNow { get; }
        }
    }
}
