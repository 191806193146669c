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
using PrefectOps.Sandbox.Seeding;

namespace PrefectOps.Bench
{
    /// <summary>
    /// dotnet run -c Release --project bench/PrefectOps.Bench [-- --quick] [--runs N] [--mode latency,single-writer,python,python3|all] [--preview]
    /// Seeds an estate in the sandbox, then times each step through the service library, adaptive (what the cmdlets
    /// do) beside one request at a time, under a remote server's latency and under SQLite's single writer.
    /// The sandbox runs in a child process, this executable again with the hidden flag --serve-sandbox (see
    /// <see cref="SandboxChild"/>), so this process measures the client alone.
    /// </summary>
    public static class Program
    {
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

        public static async Task<int> Main(string[] args)
        {
            if (args is [SandboxChild.Flag]) return await SandboxChild.RunAsync();
            BenchOptions o;
            try { o = BenchOptions.Parse(args); }
            catch (Exception ex) when (ex is ArgumentException || ex is FormatException || ex is UriFormatException) { Console.Error.WriteLine(ex.Message); return 2; }
            if (o.ServerUrl != null) return await RealServerBench.RunAsync(o);
            var total = Stopwatch.StartNew();
            Console.WriteLine($"# PrefectOps benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm}Z");
            Console.WriteLine($"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; runs per step: {o.Runs} (median)");
            if (o.Preview)
            {
                await PreviewStep.RunAsync(o.Runs, T0);
                Console.WriteLine($"\nTotal {total.Elapsed.TotalSeconds:0} s.");
                return 0;
            }

            await using var sandbox = await StartSeededAsync(o.Estate);
            var report = new Report();
            if (o.Latency)
                await MeasureModeAsync(sandbox, () => sandbox.LatencyAsync(20), o, report, "20 ms latency", 0.3);
            if (o.SingleWriter)
                await MeasureModeAsync(sandbox, sandbox.SingleWriterAsync, o, report, "single writer (SQLite: 16 ms per write, 503 + reset when busy)", 1.1);
            if (o.Python)
                await MeasureModeAsync(sandbox, () => sandbox.PythonServerAsync(2), o, report, "one Python process (real 2.19.9's costs: 15 ms a request, 0.8 ms a deployment row, 20 ms a write, one writer)", 1.0);
            if (o.Python3)
                await MeasureModeAsync(sandbox, () => sandbox.PythonServerAsync(3), o, report, "one Python process (real 3.8.3's costs: 30 ms a request, 35 ms a deployment row, 70 ms a write, one writer)", 1.0);
            report.PrintModes();

            if (o.MemoryCheck)
            {
                Console.WriteLine("\n## client memory (no load)");
                await sandbox.LoadOffAsync();
                var main = await MemoryAsync(sandbox);
                Dictionary<string, Sample> other;
                await using (var medium = await StartSeededAsync(EstateShape.Medium))
                    other = await MemoryAsync(medium);
                report.PrintMemory((o.Estate, main), (EstateShape.Medium, other));
            }
            Console.WriteLine($"\nTotal {total.Elapsed.TotalSeconds:0} s. Peak working set: client {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MB, " +
                              $"sandbox ({o.Estate.Deployments:N0} deployments) {sandbox.PeakWorkingSetBytes / 1048576.0:0} MB.");
            return 0;
        }

        /// <summary>A sandbox child with its clock at T0 and the estate seeded through its API (its load starts off).</summary>
        private static async Task<SandboxProcess> StartSeededAsync(EstateShape shape)
        {
            var sandbox = await SandboxProcess.StartAsync();
            await sandbox.SetClockAsync(T0);
            var watch = Stopwatch.StartNew();
            var seed = new PrefectSeedClient(sandbox.ApiUrl); // kept for the process: Stop-FlowRun seeds runs per measurement
            var seeder = new EstateSeeder(seed, shape);
            await seeder.SeedAsync();
            Seeders[sandbox] = seeder;
            Console.WriteLine($"Seeded {shape} in {watch.Elapsed.TotalSeconds:0.0} s.");
            return sandbox;
        }

        /// <summary>Get-Flow -Tag with its counts placed either way, beside the same one-at-a-time baseline.</summary>
        internal const string CountFirst = "Get-Flow -Tag, counts beside the first page";
        internal const string CountLater = "Get-Flow -Tag, counts after a full first page";

        private static readonly Dictionary<SandboxProcess, EstateSeeder> Seeders = new Dictionary<SandboxProcess, EstateSeeder>();

        /// <param name="loadOn">Switches the sandbox's load on in this mode (<see cref="SandboxProcess.LoadOffAsync"/> switches it off).</param>
        private static async Task MeasureModeAsync(SandboxProcess sandbox, Func<Task> loadOn, BenchOptions o, Report report, string mode, double target)
        {
            var harness = new Harness(sandbox);
            var steps = new Steps(sandbox, await sandbox.DeploymentsAsync());
            var seeder = Seeders[sandbox];
            var adaptive = new BulkOptions();
            var sequential = BulkOptions.Fixed(1);
            var samples = new Dictionary<(string step, bool adaptive), List<Sample>>();
            void Add(string step, bool isAdaptive, Sample s)
            {
                if (!samples.TryGetValue((step, isAdaptive), out var list)) samples[(step, isAdaptive)] = list = new List<Sample>();
                list.Add(s);
                Console.WriteLine($"  {mode,-14} {step,-34} {(isAdaptive ? "PrefectOps" : "sequential"),-10} {s.Wall.TotalSeconds,7:0.000} s  {s.Requests,5} requests  {s.Throttled,3} x 503  peak {s.PeakLimit,2}  heap {s.PeakHeapBytes / 1048576.0,5:0.0} MB  held {s.PeakHeldBytes / 1048576.0,5:0.0} MB ({s.Collections} GCs)  cpu client {s.ClientCpu.TotalMilliseconds,5:0} ms, server {s.ServerCpu.TotalMilliseconds,5:0} ms");
            }
            Console.WriteLine($"\n## {mode}");
            // Warm-up, not recorded: JIT, connection pools and the sandbox's caches, so the first timed run is not the slowest.
            await loadOn();
            for (int i = 0; i < 2; i++)
            {
                await harness.MeasureAsync(adaptive, steps.GetFlowTagAsync);
                await harness.MeasureAsync(sequential, steps.GetFlowByTagAsync);
            }
            // A first Disable/Enable pair in a process is markedly slower (JIT of the maintenance and catch-up paths);
            // its window (day 0) is not one the timed runs use.
            if (!o.ReadsOnly)
            {
                await sandbox.SetClockAsync(T0);
                await harness.MeasureAsync(adaptive, steps.DisableAsync);
                await sandbox.AdvanceClockAsync(TimeSpan.FromHours(2));
                await harness.MeasureAsync(adaptive, steps.EnableAsync);
            }
            for (int run = 0; run < o.Runs; run++)
            {
                // Alternate which goes first, so neither always meets a freshly disturbed server.
                foreach (bool isAdaptive in run % 2 == 0 ? new[] { true, false } : new[] { false, true })
                {
                    var bulk = isAdaptive ? adaptive : sequential;
                    await loadOn();
                    Add("Get-FlowTag (whole estate)", isAdaptive, await harness.MeasureAsync(bulk, steps.GetFlowTagAsync));

                    Add($"Get-Flow -Tag {EstateSeeder.LargestTag}", isAdaptive, await harness.MeasureAsync(bulk, steps.GetFlowByTagAsync));
                    Add(CountFirst, isAdaptive, await harness.MeasureAsync(bulk, isAdaptive ? steps.GetFlowByTagCounting(later: false) : steps.GetFlowByTagAsync));
                    Add(CountLater, isAdaptive, await harness.MeasureAsync(bulk, isAdaptive ? steps.GetFlowByTagCounting(later: true) : steps.GetFlowByTagAsync));
                    if (o.ReadsOnly) continue;
                    // The same window for both variants of a run, so both catch up the same runs.
                    await sandbox.SetClockAsync(T0.AddDays(run + 1));
                    Add("Disable-FlowByTag", isAdaptive, await harness.MeasureAsync(bulk, steps.DisableAsync));
                    await sandbox.AdvanceClockAsync(TimeSpan.FromHours(2));
                    Add("Enable-FlowByTag -CatchUp", isAdaptive, await harness.MeasureAsync(bulk, steps.EnableAsync));

                    await sandbox.LoadOffAsync();
                    var runs = await RunsToStopAsync(sandbox, seeder);
                    await loadOn();
                    Add("Stop-FlowRun", isAdaptive, await harness.MeasureAsync(bulk, steps.StopFlowRun(runs)));
                    await sandbox.LoadOffAsync();
                }
            }
            report.AddMode(mode, target, samples);
        }

        private static async Task<IReadOnlyList<PrefectOps.FlowRun>> RunsToStopAsync(SandboxProcess sandbox, EstateSeeder seeder)
        {
            string tag = await seeder.SeedRunsToStopAsync();
            using var c = await PrefectConnection.OpenAsync(new ConnectionSettings(sandbox.ApiUrl), null, CancellationToken.None);
            return await new FlowRunCatalog(c.Backend).ListRunsAsync(new FlowRunQuery { AllTags = new[] { tag } }, CancellationToken.None);
        }

        /// <summary>
        /// Each listing three times as it runs (peak heap: the lowest, the least inflated by when the GC ran) and three
        /// times with a full collection every <see cref="HeapSampler.CollectEveryBytes"/> allocated (peak held: the
        /// highest, since a sample after a full collection can miss the peak but not overstate it).
        /// </summary>
        private static async Task<Dictionary<string, Sample>> MemoryAsync(SandboxProcess sandbox)
        {
            int deployments = await sandbox.DeploymentsAsync();
            var harness = new Harness(sandbox);
            var steps = new Steps(sandbox, deployments);
            var result = new Dictionary<string, Sample>();
            foreach (var (name, step) in new (string, Func<IPrefectBackend, BulkOptions, Task<int>>)[]
                     {
                         ("Get-FlowTag (whole estate)", steps.GetFlowTagAsync),
                         ("Get-Flow (whole estate)", steps.GetAllFlowsAsync),
                         ($"Get-Flow -Tag {EstateSeeder.LargestTag}", steps.GetFlowByTagAsync),
                     })
            {
                // Once unrecorded: a fresh sandbox child answers its first requests slowly (JIT), which changes how many pages pile up.
                await harness.MeasureAsync(new BulkOptions(), step);
                var passive = new List<Sample>();
                var collecting = new List<Sample>();
                for (int i = 0; i < 3; i++)
                {
                    passive.Add(await harness.MeasureAsync(new BulkOptions(), step));
                    collecting.Add(await harness.MeasureAsync(new BulkOptions(), step, HeapSampler.CollectEveryBytes));
                }
                var best = passive.OrderBy(s => s.PeakHeapBytes).First() with
                {
                    PeakHeldBytes = collecting.Max(s => s.PeakHeldBytes),
                    Collections = collecting.Min(s => s.Collections),
                };
                Console.WriteLine($"  memory, {deployments,5:N0} deployments  {name,-34} heap {string.Join(" ", passive.Select(s => $"{s.PeakHeapBytes / 1048576.0,5:0.0}"))} MB  " +
                                  $"held {string.Join(" ", collecting.Select(s => $"{s.PeakHeldBytes / 1048576.0,5:0.0}"))} MB ({string.Join(" ", collecting.Select(s => s.Collections))} full collections, baseline {passive[0].BaselineBytes / 1048576.0:0} MB)");
                result[name] = best;
            }
            return result;
        }
    }
}
