using System;
using System.Collections.Generic;
using System.Linq;
using PrefectOps.Core.Services;

namespace PrefectOps.Bench
{
    /// <summary>Medians per step, printed as Markdown tables (pasted into BENCHMARKS.md).</summary>
    internal sealed class Report
    {
        private readonly List<(string mode, double target, Dictionary<(string step, bool adaptive), List<Sample>> samples)> _modes =
            new List<(string, double, Dictionary<(string, bool), List<Sample>>)>();

        public void AddMode(string mode, double target, Dictionary<(string step, bool adaptive), List<Sample>> samples) =>
            _modes.Add((mode, target, samples));

        private static Sample Median(List<Sample> samples) => samples.OrderBy(s => s.Wall).ElementAt(samples.Count / 2);

        public void PrintModes()
        {
            foreach (var (mode, target, samples) in _modes)
            {
                Console.WriteLine($"\n### {mode} (target: ratio <= {target})\n");
                Console.WriteLine("| step | flows | PrefectOps | one at a time | ratio | requests | per flow | 503s | resets | peak concurrency | peak heap (with garbage) | peak held (after GC) |");
                Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
                foreach (var step in samples.Keys.Select(k => k.step).Distinct())
                {
                    var a = Median(samples[(step, true)]);
                    var s = Median(samples[(step, false)]);
                    double ratio = a.Wall.TotalSeconds / s.Wall.TotalSeconds;
                    long throttled = samples[(step, true)].Sum(x => x.Throttled);
                    long resets = samples[(step, true)].Sum(x => x.ServerResets);
                    int runs = samples[(step, true)].Count;
                    Console.WriteLine($"| {step} | {a.Flows:N0} | {a.Wall.TotalSeconds:0.00} s | {s.Wall.TotalSeconds:0.00} s | {ratio:0.00} {(ratio <= target ? "ok" : "MISSED")} | " +
                                      $"{a.Requests:N0} ({s.Requests:N0}) | {(double)a.Requests / a.Flows:0.###} | {Per(throttled, runs)} ({Per(samples[(step, false)].Sum(x => x.Throttled), runs)}) | {Per(resets, runs)} | " +
                                      $"{(a.PeakLimit == 0 ? "-" : a.PeakLimit.ToString())} | {Mb(a.PeakHeapBytes)} | {Held(a)} |");
                }
            }
            Console.WriteLine("\nPrefectOps: adaptive concurrency up to 16 (the default -ThrottleLimit). One at a time: the same library calls with a fixed throttle of 1 (the raw sequential limit). " +
                              "Requests and 503s: PrefectOps (one at a time); 503s and resets are per run, averaged. " +
                              "Heap: the client process's managed heap (the sandbox runs in a child process), PrefectOps, above a collected baseline. " +
                              "Peak heap: GC.GetTotalMemory(false), garbage included, so mostly how far the gen0 budget let it grow. " +
                              "Peak held: the heap just after the collections that happened to run during the step, an upper bound on what was held then " +
                              "(- : none ran, the step allocated less than the gen0 budget); the client-memory table measures it properly.");
        }

        private static string Per(long count, int runs) => runs == 0 ? "0" : (count / (double)runs).ToString("0.#");

        public void PrintMemory((EstateShape Shape, Dictionary<string, Sample> Samples) one, (EstateShape Shape, Dictionary<string, Sample> Samples) two)
        {
            var ((smallShape, small), (bigShape, big)) = one.Shape.Deployments <= two.Shape.Deployments ? (one, two) : (two, one);
            string sd = $"{smallShape.Deployments:N0}", bd = $"{bigShape.Deployments:N0}";
            Console.WriteLine($"\n### Client memory against estate size (no load; PrefectOps)\n");
            Console.WriteLine($"| step | flows ({sd} / {bd} deployments) | held, {sd} | held, {bd} | held x | heap, {sd} | heap, {bd} | heap x |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var step in small.Keys)
            {
                var a = small[step];
                var b = big[step];
                Console.WriteLine($"| {step} | {a.Flows:N0} / {b.Flows:N0} (x{(double)b.Flows / a.Flows:0.0}) | {Held(a)} | {Held(b)} | {Times(a.PeakHeldBytes, b.PeakHeldBytes)} | " +
                                  $"{Mb(a.PeakHeapBytes)} | {Mb(b.PeakHeapBytes)} | {Times(a.PeakHeapBytes, b.PeakHeapBytes)} |");
            }
            Console.WriteLine($"\nHeld: the client's live heap, read just after a full collection forced every {HeapSampler.CollectEveryBytes / 1048576.0:0.#} MB allocated, above a collected baseline; highest of 3 runs. " +
                              $"Pages in flight dominate it (up to {1 + PageReader.Prefetch} pages of 200 flows), so it grows with a listing only until that window is full. " +
                              "Heap: peak of GC.GetTotalMemory(false) above the same baseline, garbage included, lowest of 3 runs: what was allocated, up to the gen0 budget. " +
                              "Client process only; the sandbox runs in a child process.");
        }

        private static string Mb(long bytes) => $"{bytes / 1048576.0:0.0} MB";

        private static string Held(Sample s) => s.Collections == 0 ? "-" : Mb(s.PeakHeldBytes);

        private static string Times(long small, long big) => $"{(double)big / Math.Max(1, small):0.0}";
    }
}
