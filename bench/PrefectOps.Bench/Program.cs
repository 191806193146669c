using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Maintenance;
using PrefectOps.Core.Runs;
using PrefectOps.Sandbox;
using PrefectOps.Sandbox.Load;
using PrefectOps.Sandbox.Seeding;

namespace PrefectOps.Bench
{
    /// <summary>
    /// dotnet run -c Release --project bench/PrefectOps.Bench [-- --quick] [--runs N] [--mode latency|single-writer|both]
    /// Seeds an estate in the sandbox, then times each step through the service library, adaptive (what the cmdlets
    /// do) beside one request at a time, under a remote server's latency and under SQLite's single writer.
    /// </summary>
    public static class Program
    {
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

        public static async Task<int> Main(string[] args)
        {
            BenchOptions o;
            try { o = BenchOptions.Parse(args); }
            catch (ArgumentException ex) { Console.Error.WriteLine(ex.Message); return 2; }
            var total = Stopwatch.StartNew();
            Console.WriteLine($"# PrefectOps benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm}Z");
            Console.WriteLine($"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; runs per step: {o.Runs} (median)");

            var load = new LoadProfile { Enabled = false };
            await using var server = await StartSeededAsync(o.Estate, load);
            var report = new Report();
            if (o.Latency)
            {
                load.Latency = TimeSpan.FromMilliseconds(20);
                load.SingleWriter = false;
                await MeasureModeAsync(server, load, o, report, "20 ms latency", 0.3);
            }
            if (o.SingleWriter)
            {
                load.Latency = TimeSpan.Zero;
                load.SingleWriter = true;
                await MeasureModeAsync(server, load, o, report, "single writer (SQLite: 16 ms per write, 503 + reset when busy)", 1.1);
            }
            report.PrintModes();

            if (o.MemoryCheck)
            {
                load.Enabled = false;
                var big = await MemoryAsync(server);
                await using var small = await StartSeededAsync(EstateShape.Small, new LoadProfile { Enabled = false });
                var little = await MemoryAsync(small);
                report.PrintMemory(EstateShape.Small, little, o.Estate, big);
            }
            Console.WriteLine($"\nTotal {total.Elapsed.TotalSeconds:0} s. Peak working set of the process (client and sandbox): {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MB.");
            return 0;
        }

        private static async Task<SandboxServer> StartSeededAsync(EstateShape shape, LoadProfile load)
        {
            var server = await SandboxServer.StartAsync(new SandboxOptions { PrefectMajorVersion = 2, Load = load });
            server.Clock.Set(T0);
            var watch = Stopwatch.StartNew();
            var seed = new PrefectSeedClient(server.ApiUrl); // kept for the process: Stop-FlowRun seeds runs per measurement
            var seeder = new EstateSeeder(seed, shape);
            await seeder.SeedAsync();
            Seeders[server] = seeder;
            Console.WriteLine($"Seeded {shape} in {watch.Elapsed.TotalSeconds:0.0} s.");
            return server;
        }

        private static readonly Dictionary<SandboxServer, EstateSeeder> Seeders = new Dictionary<SandboxServer, EstateSeeder>();

        private static async Task MeasureModeAsync(SandboxServer server, LoadProfile load, BenchOptions o, Report report, string mode, double target)
        {
            var harness = new Harness(server);
            var steps = new Steps(server);
            var seeder = Seeders[server];
            var adaptive = new BulkOptions();
            var sequential = BulkOptions.Fixed(1);
            var samples = new Dictionary<(string step, bool adaptive), List<Sample>>();
            void Add(string step, bool isAdaptive, Sample s)
            {
                if (!samples.TryGetValue((step, isAdaptive), out var list)) samples[(step, isAdaptive)] = list = new List<Sample>();
                list.Add(s);
                Console.WriteLine($"  {mode,-14} {step,-34} {(isAdaptive ? "PrefectOps" : "sequential"),-10} {s.Wall.TotalSeconds,7:0.000} s  {s.Requests,5} requests  {s.Throttled,3} x 503  peak {s.PeakLimit,2}");
            }
            Console.WriteLine($"\n## {mode}");
            // Warm-up, not recorded: JIT, connection pools and the sandbox's caches, so the first timed run is not the slowest.
            load.Enabled = true;
            for (int i = 0; i < 2; i++)
            {
                await harness.MeasureAsync(adaptive, steps.GetFlowTagAsync);
                await harness.MeasureAsync(sequential, steps.GetFlowByTagAsync);
            }
            for (int run = 0; run < o.Runs; run++)
            {
                // Alternate which goes first, so neither always meets a freshly disturbed server.
                foreach (bool isAdaptive in run % 2 == 0 ? new[] { true, false } : new[] { false, true })
                {
                    var bulk = isAdaptive ? adaptive : sequential;
                    load.Enabled = true;
                    Add("Get-FlowTag (whole estate)", isAdaptive, await harness.MeasureAsync(bulk, steps.GetFlowTagAsync));
                    Add($"Get-Flow -Tag {EstateSeeder.LargestTag}", isAdaptive, await harness.MeasureAsync(bulk, steps.GetFlowByTagAsync));
                    // The same window for both variants of a run, so both catch up the same runs.
                    server.Clock.Set(T0.AddDays(run + 1));
                    Add("Disable-FlowByTag", isAdaptive, await harness.MeasureAsync(bulk, steps.DisableAsync));
                    server.Clock.Advance(TimeSpan.FromHours(2));
                    Add("Enable-FlowByTag -CatchUp", isAdaptive, await harness.MeasureAsync(bulk, steps.EnableAsync));

                    load.Enabled = false;
                    var runs = await RunsToStopAsync(server, seeder);
                    load.Enabled = true;
                    Add("Stop-FlowRun", isAdaptive, await harness.MeasureAsync(bulk, steps.StopFlowRun(runs)));
                    load.Enabled = false;
                }
            }
            report.AddMode(mode, target, samples);
        }

        private static async Task<IReadOnlyList<PrefectOps.FlowRun>> RunsToStopAsync(SandboxServer server, EstateSeeder seeder)
        {
            string tag = await seeder.SeedRunsToStopAsync();
            using var c = await PrefectConnection.OpenAsync(new ConnectionSettings(server.ApiUrl), null, CancellationToken.None);
            return await new FlowRunCatalog(c.Backend).ListRunsAsync(new FlowRunQuery { AllTags = new[] { tag } }, CancellationToken.None);
        }

        private static async Task<Dictionary<string, Sample>> MemoryAsync(SandboxServer server)
        {
            var harness = new Harness(server);
            var steps = new Steps(server);
            var result = new Dictionary<string, Sample>();
            // Best of three: the lowest peak is the one least inflated by when the GC happened to run.
            foreach (var (name, step) in new (string, Func<PrefectConnection, BulkOptions, Task<int>>)[]
                     { ("Get-FlowTag (whole estate)", steps.GetFlowTagAsync), ($"Get-Flow -Tag {EstateSeeder.LargestTag}", steps.GetFlowByTagAsync) })
            {
                Sample? best = null;
                for (int i = 0; i < 3; i++)
                {
                    var s = await harness.MeasureAsync(new BulkOptions(), step);
                    if (best == null || s.PeakHeapBytes < best.PeakHeapBytes) best = s;
                }
                result[name] = best!;
            }
            return result;
        }
    }
}
