using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Http;
using PrefectOps.Core.Maintenance;
using PrefectOps.Sandbox;

namespace PrefectOps.Bench
{
    /// <summary>Runs one step on a fresh connection (as a new Connect-Prefect) and records what it cost.</summary>
    internal sealed class Harness
    {
        private readonly SandboxServer _server;

        public Harness(SandboxServer server) => _server = server;

        /// <param name="step">Does the work with the connection and the bulk options; returns the number of flows (or runs) it handled.</param>
        public async Task<Sample> MeasureAsync(BulkOptions bulk, Func<PrefectConnection, BulkOptions, Task<int>> step)
        {
            // Default HTTP options: the retries and backoff a user gets.
            using var connection = await PrefectConnection.OpenAsync(new ConnectionSettings(_server.ApiUrl), null, CancellationToken.None);
            var stats = connection.Backend.Stats;
            long requests = stats.Requests, throttled = stats.Throttled, resets = _server.Options.Load?.Counters.Resets ?? 0;
            int peakLimit = 0;
            var options = new BulkOptions { MaxConcurrency = bulk.MaxConcurrency, Adaptive = bulk.Adaptive, Finished = l => peakLimit = Math.Max(peakLimit, l.PeakLimit) };
            using var heap = new HeapSampler();
            var watch = Stopwatch.StartNew();
            int flows = await step(connection, options);
            watch.Stop();
            return new Sample(watch.Elapsed, flows, stats.Requests - requests, stats.Throttled - throttled,
                (_server.Options.Load?.Counters.Resets ?? 0) - resets, peakLimit, heap.PeakAboveBaseline);
        }
    }
}
