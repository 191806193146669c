using System;
using System.Collections.Generic;
using System.Linq;

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
                Console.WriteLine("| step | flows | PrefectOps | one at a time | ratio | requests | per flow | 503s | resets | peak concurrency | peak heap |");
                Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
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
                                      $"{(a.PeakLimit == 0 ? "-" : a.PeakLimit.ToString())} | {a.PeakHeapBytes / 1048576.0:0.0} MB |");
                }
            }
            Console.WriteLine("\nPrefectOps: adaptive concurrency up to 16 (the default -ThrottleLimit). One at a time: the same library calls with a fixed throttle of 1 (the raw sequential limit). " +
                              "Requests and 503s: PrefectOps (one at a time); 503s and resets are per run, averaged. Peak heap: managed heap above a collected baseline, client and in-process sandbox together.");
        }

        private static string Per(long count, int runs) => runs == 0 ? "0" : (count / (double)runs).ToString("0.#");

        public void PrintMemory(EstateShape smallShape, Dictionary<string, Sample> small, EstateShape bigShape, Dictionary<string, Sample> big)
        {
            Console.WriteLine($"\n### Memory against estate size (no load; lowest peak of 3)\n");
            Console.WriteLine($"| step | {smallShape.Deployments:N0} deployments | {bigShape.Deployments:N0} deployments | flows x{(double)bigShape.Deployments / smallShape.Deployments:0} | heap x |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            foreach (var step in small.Keys)
            {
                var a = small[step];
                var b = big[step];
                Console.WriteLine($"| {step} | {a.PeakHeapBytes / 1048576.0:0.0} MB ({a.Flows:N0} flows) | {b.PeakHeapBytes / 1048576.0:0.0} MB ({b.Flows:N0} flows) | " +
                                  $"{(double)b.Flows / a.Flows:0.0} | {(double)b.PeakHeapBytes / Math.Max(1, a.PeakHeapBytes):0.0} |");
            }
        }
    }
}
