using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Maintenance;

namespace PrefectOps.Bench
{
    /// <summary>Runs one step on a fresh connection (as a new Connect-Prefect) and records what it cost.</summary>
    internal sealed class Harness
    {
        private readonly SandboxProcess _sandbox;

        public Harness(SandboxProcess sandbox) => _sandbox = sandbox;

        /// <param name="step">Does the work with the connection and the bulk options; returns the number of flows (or runs) it handled.</param>
        /// <param name="collectEvery">For memory runs only (it slows the step): see <see cref="HeapSampler"/>.</param>
        public async Task<Sample> MeasureAsync(BulkOptions bulk, Func<PrefectConnection, BulkOptions, Task<int>> step, long? collectEvery = null)
        {
            // Default HTTP options: the retries and backoff a user gets.
            using var connection = await PrefectConnection.OpenAsync(new ConnectionSettings(_sandbox.ApiUrl), null, CancellationToken.None);
            var stats = connection.Backend.Stats;
            // Asked of the child outside the timed part.
            long resets = await _sandbox.ResetsAsync();
            long requests = stats.Requests, throttled = stats.Throttled;
            int peakLimit = 0;
            var options = new BulkOptions { MaxConcurrency = bulk.MaxConcurrency, Adaptive = bulk.Adaptive, Finished = l => peakLimit = Math.Max(peakLimit, l.PeakLimit) };
            TimeSpan wall, clientCpu, serverCpu;
            long peakHeap, peakHeld, baseline;
            int collections, flows;
            using (var heap = new HeapSampler(collectEvery)) // its baseline's full collection comes before the clock starts
            {
                serverCpu = _sandbox.CpuTime;
                clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                flows = await step(connection, options);
                wall = watch.Elapsed;
                clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpu;
                serverCpu = _sandbox.CpuTime - serverCpu;
                (peakHeap, peakHeld, collections, baseline) = (heap.PeakHeap, heap.PeakHeld, heap.Collections, heap.Baseline);
            }
            return new Sample(wall, flows, stats.Requests - requests, stats.Throttled - throttled,
                await _sandbox.ResetsAsync() - resets, peakLimit, peakHeap, peakHeld, collections, baseline, clientCpu, serverCpu);
        }
    }
}
