using System;

namespace PrefectOps.Bench
{
    /// <summary>How big the seeded estate is and how much of it each step touches.</summary>
    internal sealed class EstateShape
    {
        public int Deployments { get; init; }
        public int Flows { get; init; }
        public int Tags { get; init; }
        /// <summary>Size of the largest tag: Disable/Enable and Get-Flow -Tag work on it.</summary>
        public int LargestTag { get; init; }
        /// <summary>Background flow runs seeded once.</summary>
        public int FlowRuns { get; init; }
        /// <summary>Runs Stop-FlowRun cancels per measurement (fresh each time).</summary>
        public int RunsToStop { get; init; }

        public static readonly EstateShape Full = new EstateShape { Deployments = 5000, Flows = 250, Tags = 200, LargestTag = 1000, FlowRuns = 3000, RunsToStop = 500 };
        /// <summary>The memory comparison's other estate: its whole-estate listings (10 pages) already fill the read-ahead window.</summary>
        public static readonly EstateShape Medium = new EstateShape { Deployments = 2000, Flows = 100, Tags = 200, LargestTag = 400, FlowRuns = 1200, RunsToStop = 200 };
        public static readonly EstateShape Small = new EstateShape { Deployments = 1000, Flows = 50, Tags = 200, LargestTag = 200, FlowRuns = 600, RunsToStop = 100 };

        /// <summary>
        /// An estate for a real server: <paramref name="deployments"/> deployments of one flow per 20, 200 tags down from
        /// <paramref name="largestTag"/>, no runs seeded (the server's own scheduler makes them).
        /// </summary>
        public static EstateShape Real(int deployments, int largestTag) => new EstateShape
        {
            Deployments = deployments, Flows = Math.Max(1, deployments / 20), Tags = 200, LargestTag = largestTag, FlowRuns = 0, RunsToStop = 0,
        };

        /// <summary>Tag k (1-based) has LargestTag / k^1.3 deployments: one of 1,000, a long tail down to 1.</summary>
        public int TagSize(int k) => Math.Max(1, (int)Math.Round(LargestTag / Math.Pow(k, 1.3)));

        public override string ToString() =>
            $"{Deployments:N0} deployments of {Flows} flows, {Tags} tags ({TagSize(Tags)} to {LargestTag:N0} deployments each), {FlowRuns:N0} flow runs";
    }
}
