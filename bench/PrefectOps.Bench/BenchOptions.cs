using System;

namespace PrefectOps.Bench
{
    /// <summary>Command line: --quick (a smaller estate), --runs N (default 3), --mode latency|single-writer|both, --reads-only, --preview.</summary>
    internal sealed class BenchOptions
    {
        public bool Quick { get; private set; }
        public int Runs { get; private set; } = 3;
        public bool Latency { get; private set; } = true;
        public bool SingleWriter { get; private set; } = true;
        public bool MemoryCheck { get; private set; } = true;
        /// <summary>Only the two listings (Get-FlowTag, Get-Flow -Tag): a quick check while working on paging.</summary>
        public bool ReadsOnly { get; private set; }
        /// <summary>Only Get-MaintenanceImpact: 1,000 flows on five-minute schedules, a 7-day window (an estate of its own).</summary>
        public bool Preview { get; private set; }

        public EstateShape Estate => Quick ? EstateShape.Small : EstateShape.Full;

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
                        string mode = Next();
                        o.Latency = mode == "latency" || mode == "both";
                        o.SingleWriter = mode == "single-writer" || mode == "both";
                        if (!o.Latency && !o.SingleWriter) throw new ArgumentException("--mode takes latency, single-writer or both.");
                        break;
                    case "--no-memory-check": o.MemoryCheck = false; break;
                    case "--reads-only": o.ReadsOnly = true; break;
                    case "--preview": o.Preview = true; break;
                    default: throw new ArgumentException($"Unknown argument {args[i]}. Usage: [--quick] [--runs N] [--mode latency|single-writer|both] [--no-memory-check] [--reads-only] [--preview]");
                }
            }
            return o;
        }
    }
}
