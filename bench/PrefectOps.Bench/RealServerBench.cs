using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Http;
using PrefectOps.Core.Maintenance;
using PrefectOps.Core.Rest;
using PrefectOps.Sandbox.Seeding;

namespace PrefectOps.Bench
{
    /// <summary>
    /// --server-url: the steps against a real Prefect (../shared/prefect-server), each beside its raw limit measured in
    /// the same run (<see cref="RawLimit"/>: the requests PrefectOps needed, counts left out, sent one after another and
    /// at several at once: 2 and 8 for listings, 2 and 4 for changes). The estate is seeded through the API once and reused by later runs on the same server.
    /// Disable opens its window two hours back (the real server's clock cannot be moved), so Enable -CatchUp has runs
    /// to create; each run restores the estate.
    /// </summary>
    internal static class RealServerBench
    {
        private static readonly int[] Concurrencies = { 2, 8 };

        public static async Task<int> RunAsync(BenchOptions o)
        {
            var total = Stopwatch.StartNew();
            var target = new RealServerTarget(o.ServerUrl!);
            using var probe = await PrefectConnection.OpenAsync(new ConnectionSettings(o.ServerUrl!), null, CancellationToken.None);
            var rest = probe.Backend as RestBackend ?? throw new InvalidOperationException($"{o.ServerUrl} is not a Prefect 2.x/3.x server.");
            Console.WriteLine($"# PrefectOps benchmark against real Prefect {rest.ServerVersion} at {o.ServerUrl} (server pid {target.Pid?.ToString() ?? "unknown"}), {DateTime.UtcNow:yyyy-MM-dd HH:mm}Z");
            Console.WriteLine($"{Environment.ProcessorCount} cores, load average {LoadAverage()}; runs per step: {o.Runs} (median)");

            var shape = EstateShape.Real(o.Deployments ?? (rest.MajorVersion >= 3 ? 400 : 1000), o.LargestTag ?? (rest.MajorVersion >= 3 ? 100 : 200));
            int deployments = await SeedOnceAsync(o.ServerUrl!, shape, (int)(await rest.CountFlowsAsync(new FlowQuery(), CancellationToken.None) ?? 0));
            if (o.SeedOnly) return 0;

            RequestRecorder? recorder = null;
            using var raw = new RawLimit(o.ServerUrl!);
            var harness = new Harness(target, async () =>
            {
                // PrefectOps as Connect-Prefect builds it, its requests recorded for the raw limit.
                await raw.SettleAsync();
                recorder = new RequestRecorder { ApiRoot = o.ServerUrl };
                var http = new PrefectHttpClient(o.ServerUrl!, null, new HttpOptions(), recorder);
                // As Connect-Prefect does before any command: the connection learns what a round trip costs.
                await http.GetAsync("/health", CancellationToken.None);
                return new RestBackend(http, rest.ServerVersion, rest.ApiVersion, rest.MajorVersion);
            });
            var clock = new ShiftedClock();
            var steps = new Steps(clock, deployments);
            var rows = new List<Row>();

            var samples = new Dictionary<string, Row>();
            // Alternating which goes first, so neither always meets a freshly disturbed server; the raw limit sends the
            // requests PrefectOps' latest run of the step recorded.
            async Task<Row> Listing(string name, Func<IPrefectBackend, BulkOptions, Task<int>> step, bool poFirst)
            {
                var row = new Row(name);
                var earlier = samples.TryGetValue(name, out var seen) ? seen.Recorded : Array.Empty<RecordedRequest>();
                if (!poFirst && earlier.Count > 0) await MeasureRawAsync(row, raw, target, earlier);
                row.PrefectOps.Add(await harness.MeasureAsync(new BulkOptions(), step));
                row.Recorded = recorder!.Requests;
                if (poFirst || earlier.Count == 0) await MeasureRawAsync(row, raw, target, row.Recorded);
                return row;
            }

            Console.WriteLine("\nWarm-up (not recorded)");
            await harness.MeasureAsync(new BulkOptions(), steps.GetFlowTagAsync);
            await raw.ReplayAsync(RawLimit.Needed(recorder!.Requests), 1, target);
            await harness.MeasureAsync(new BulkOptions(), steps.GetFlowByTagAsync);
            for (int run = 0; run < o.Runs; run++)
            {
                bool poFirst = run % 2 == 0;
                Merge(samples, await Listing("Get-FlowTag (whole estate)", steps.GetFlowTagAsync, poFirst));

                Merge(samples, await Listing($"Get-Flow -Tag {EstateSeeder.LargestTag}", steps.GetFlowByTagAsync, poFirst));
                Merge(samples, await Listing(Program.CountFirst, steps.GetFlowByTagCounting(later: false), poFirst));
                Merge(samples, await Listing(Program.CountLater, steps.GetFlowByTagCounting(later: true), poFirst));
                if (o.ReadsOnly) continue;

                // The raw limit sends what PrefectOps recorded (the same windows, the same runs to create): in the first
                // run after PrefectOps' pair, then alternating, before it with the previous run's recording, so that
                // neither always meets the server's own periodic work (its scheduler holds SQLite for seconds).
                var disable = new Row("Disable-FlowByTag");
                var enable = new Row("Enable-FlowByTag -CatchUp");
                bool rawFirst = !poFirst && samples.ContainsKey(disable.Step);
                async Task RawPairsAsync(IReadOnlyList<RecordedRequest> disabling, IReadOnlyList<RecordedRequest> enabling)
                {
                    foreach (int c in new[] { 1, 2, 4 })
                    {
                        Add(disable, c, await raw.ReplayAsync(RawLimit.Needed(disabling), c, target));
                        Add(enable, c, await raw.ReplayAsync(RawLimit.Needed(enabling), c, target));
                    }
                }
                if (rawFirst) await RawPairsAsync(samples[disable.Step].Recorded, samples[enable.Step].Recorded);
                clock.Offset = TimeSpan.FromHours(-2);
                disable.PrefectOps.Add(await harness.MeasureAsync(new BulkOptions(), steps.DisableAsync));
                disable.Recorded = recorder!.Requests;
                clock.Offset = TimeSpan.Zero;
                enable.PrefectOps.Add(await harness.MeasureAsync(new BulkOptions(), steps.EnableAsync));
                enable.Recorded = recorder!.Requests;
                if (!rawFirst) await RawPairsAsync(disable.Recorded, enable.Recorded);
                Merge(samples, disable);
                Merge(samples, enable);
                Console.WriteLine($"  run {run + 1} done, {total.Elapsed.TotalSeconds:0} s, load average {LoadAverage()}");
            }
            Print(rest.ServerVersion, samples.Values.ToList());
            Console.WriteLine($"\nTotal {total.Elapsed.TotalSeconds:0} s; load average at the end {LoadAverage()}.");
            return 0;
        }

        /// <summary>The recorded requests sent one at a time and at each concurrency (beyond twice the requests there is nothing to gain).</summary>
        private static async Task MeasureRawAsync(Row row, RawLimit raw, IBenchTarget target, IReadOnlyList<RecordedRequest> recorded)
        {
            var needed = RawLimit.Needed(recorded);
            int chains = needed.Count;
            foreach (int c in new[] { 1 }.Concat(Concurrencies.Where(c => c < chains * 2)))
                Add(row, c, await raw.ReplayAsync(needed, c, target));
        }

        private static void Add(Row row, int concurrency, RawLimit.Result result)
        {
            if (!row.Raw.TryGetValue(concurrency, out var list)) row.Raw[concurrency] = list = new List<RawLimit.Result>();
            list.Add(result);
            Console.WriteLine($"  {row.Step,-30} raw x{concurrency,-2} {result.Wall.TotalSeconds,8:0.000} s  {result.Requests,5} requests  {result.Throttled,3} x 503  server cpu {result.ServerCpu.TotalMilliseconds,6:0} ms");
        }

        private static void Merge(Dictionary<string, Row> all, Row row)
        {
            foreach (var s in row.PrefectOps)
                Console.WriteLine($"  {row.Step,-30} PrefectOps {s.Wall.TotalSeconds,8:0.000} s  {s.Requests,5} requests  {s.Throttled,3} x 503  peak {s.PeakLimit,2}  cpu client {s.ClientCpu.TotalMilliseconds,5:0} ms, server {s.ServerCpu.TotalMilliseconds,6:0} ms");
            if (!all.TryGetValue(row.Step, out var into)) { all[row.Step] = row; return; }
            into.PrefectOps.AddRange(row.PrefectOps);
            foreach (var (c, list) in row.Raw)
                if (into.Raw.TryGetValue(c, out var l)) l.AddRange(list); else into.Raw[c] = list;
            into.Recorded = row.Recorded;
        }

        private static void Print(string version, List<Row> rows)
        {
            Console.WriteLine($"\n### real Prefect {version} (target: ratio <= 1.0 against the better raw limit)\n");
            Console.WriteLine("| step | flows | PrefectOps | raw, one at a time | raw, best concurrency | ratio (one at a time) | ratio (best) | requests PrefectOps (raw) | 503s | server CPU PrefectOps (raw) |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var row in rows)
            {
                var po = row.PrefectOps.OrderBy(s => s.Wall).ElementAt(row.PrefectOps.Count / 2);
                var seq = Median(row.Raw[1]);
                var (bestC, best) = row.Raw.Select(kv => (kv.Key, Median(kv.Value))).OrderBy(x => x.Item2.Wall).First();
                double rSeq = po.Wall.TotalSeconds / seq.Wall.TotalSeconds, rBest = po.Wall.TotalSeconds / best.Wall.TotalSeconds;
                Console.WriteLine($"| {row.Step} | {po.Flows:N0} | {po.Wall.TotalSeconds:0.00} s | {seq.Wall.TotalSeconds:0.00} s | {best.Wall.TotalSeconds:0.00} s (x{bestC}) | " +
                                  $"{rSeq:0.00} | {rBest:0.00} {(rBest <= 1.0 ? "ok" : "MISSED")} | {po.Requests:N0} ({seq.Requests:N0}) | {row.PrefectOps.Sum(s => s.Throttled) / (double)row.PrefectOps.Count:0.#} | " +
                                  $"{po.ServerCpu.TotalSeconds:0.00} s ({seq.ServerCpu.TotalSeconds:0.00} s) |");
            }
        }

        private static RawLimit.Result Median(List<RawLimit.Result> results) => results.OrderBy(r => r.Wall).ElementAt(results.Count / 2);

        /// <summary>Seeds the estate unless the server already holds exactly it (an earlier run); refuses a server holding anything else.</summary>
        private static async Task<int> SeedOnceAsync(Uri apiUrl, EstateShape shape, int present)
        {
            if (present == shape.Deployments) { Console.WriteLine($"Estate present: {present:N0} deployments."); return present; }
            if (present != 0) throw new InvalidOperationException($"{apiUrl} holds {present:N0} deployments, not the {shape.Deployments:N0} of the estate: use a server with a new database (the kit's reset.sh).");
            var watch = Stopwatch.StartNew();
            using var seed = new PrefectSeedClient(apiUrl);
            await new EstateSeeder(seed, shape, parallelism: 2).SeedAsync();
            Console.WriteLine($"Seeded {shape} in {watch.Elapsed.TotalSeconds:0} s ({shape.Deployments / watch.Elapsed.TotalMinutes:0} deployments a minute).");
            return shape.Deployments;
        }

        private static string LoadAverage()
        {
            try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
            catch (IOException) { return "unknown"; }
        }

        private sealed class Row
        {
            public Row(string step) => Step = step;
            public string Step { get; }
            public List<Sample> PrefectOps { get; } = new List<Sample>();
            public Dictionary<int, List<RawLimit.Result>> Raw { get; } = new Dictionary<int, List<RawLimit.Result>>();
            public IReadOnlyList<RecordedRequest> Recorded { get; set; } = Array.Empty<RecordedRequest>();
        }
    }
}
