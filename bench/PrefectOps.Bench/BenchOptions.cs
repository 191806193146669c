using System;
using System.Linq;

namespace PrefectOps.Bench
{
    /// <summary>
    /// Command line: --quick (a smaller estate), --runs N (default 3), --mode latency,single-writer,python,python3 (both: the first two; all: the first three), --reads-only, --preview;
    /// --server-url URL measures against a real Prefect instead (--deployments N, --largest-tag N size its estate).
    /// </summary>
    internal sealed class BenchOptions
    {
        public bool Quick { get; private set; }
        public int Runs { get; private set; } = 3;
        public bool Latency { get; private set; } = true;
        public bool SingleWriter { get; private set; } = true;
        public bool Python { get; private set; } = true;
        /// <summary>The sandbox with real 3.8.3's costs (not in "all": its writes take minutes).</summary>
        public bool Python3 { get; private set; }
        public bool MemoryCheck { get; private set; } = true;
        /// <summary>Only the two listings (Get-FlowTag, Get-Flow -Tag): a quick check while working on paging.</summary>
        public bool ReadsOnly { get; private set; }
        /// <summary>Only Get-MaintenanceImpact: 1,000 flows on five-minute schedules, a 7-day window (an estate of its own).</summary>
        public bool Preview { get; private set; }

        public EstateShape Estate => Quick ? EstateShape.Small : EstateShape.Full;

        /// <summary>A real Prefect's API URL: measure against it instead of the sandbox (see <see cref="RealServerBench"/>).</summary>
        public Uri? ServerUrl { get; private set; }
        /// <summary>Real server: the estate's size (default 1,000 on 2.x, 400 on 3.x) and its largest tag's (200, 100).</summary>
        public int? Deployments { get; private set; }
        public int? LargestTag { get; private set; }
        /// <summary>Real server: seed the estate (if it is not there) and stop.</summary>
        public bool SeedOnly { get; private set; }

        public static BenchOptions Parse(string[] args)
        {
            var o = new BenchOptions();
            for (int i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--quick": o.Quick = true; break;
                    case "--runs":
                        o.Runs = int.Parse(Next());
                        if (o.Runs < 1 || o.Runs > 20) throw new ArgumentException("--runs takes 1 to 20.");
                        break;
                    case "--mode":
                        var modes = Next().Split(',');
                        bool all = modes.Contains("all");
                        o.Latency = all || modes.Contains("latency") || modes.Contains("both");
                        o.SingleWriter = all || modes.Contains("single-writer") || modes.Contains("both");
                        o.Python = all || modes.Contains("python");
                        o.Python3 = modes.Contains("python3");
                        if (!o.Latency && !o.SingleWriter && !o.Python && !o.Python3) throw new ArgumentException("--mode takes latency, single-writer, python, python3 (comma-separated), both or all.");
                        break;
                    case "--no-memory-check": o.MemoryCheck = false; break;
                    case "--reads-only": o.ReadsOnly = true; break;
                    case "--server-url": o.ServerUrl = new Uri(Next().TrimEnd('/')); break;
                    case "--deployments": o.Deployments = int.Parse(Next()); break;
                    case "--largest-tag": o.LargestTag = int.Parse(Next()); break;
                    case "--seed-only": o.SeedOnly = true; break;
                    case "--preview": o.Preview = true; break;
                    default: throw new ArgumentException($"Unknown argument {args[i]}. Usage: [--quick] [--runs N] [--mode latency,single-writer,python,python3|both|all] [--no-memory-check] [--reads-only] [--preview] [--server-url URL [--deployments N] [--largest-tag N] [--seed-only]]");
                }
            }
            return o;
        }
    }
}
