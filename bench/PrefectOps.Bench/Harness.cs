using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Maintenance;

namespace PrefectOps.Bench
{
    /// <summary>Runs one step on a fresh connection (as a new Connect-Prefect) and records what it cost.</summary>
    internal sealed class Harness
    {
        private readonly IBenchTarget _sandbox;
        private readonly Func<Task<IPrefectBackend>> _connect;

        /// <param name="connect">A new connection's backend; by default Connect-Prefect's, with the default HTTP options.</param>
        public Harness(IBenchTarget target, Func<Task<IPrefectBackend>>? connect = null)
        {
            _sandbox = target;
            // Default HTTP options: the retries and backoff a user gets.
            _connect = connect ?? (async () => (await PrefectConnection.OpenAsync(new ConnectionSettings(target.ApiUrl), null, CancellationToken.None)).Backend);
        }

        /// <param name="step">Does the work with the connection's backend and the bulk options; returns the number of flows (or runs) it handled.</param>
        /// <param name="collectEvery">For memory runs only (it slows the step): see <see cref="HeapSampler"/>.</param>
        public async Task<Sample> MeasureAsync(BulkOptions bulk, Func<IPrefectBackend, BulkOptions, Task<int>> step, long? collectEvery = null)
        {
            using var connection = await _connect();
            var stats = connection.Stats;
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
