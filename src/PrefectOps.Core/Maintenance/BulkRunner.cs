using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Http;

namespace PrefectOps.Core.Maintenance
{
    /// <summary>Bounded-concurrency fan-out with a result per item as soon as it is done.</summary>
    public static class BulkRunner
    {
        /// <summary>A fixed throttle: exactly <paramref name="maxConcurrency"/> at a time.</summary>
        public static Task RunAsync<TItem, TResult>(IReadOnlyList<TItem> items, int maxConcurrency,
            Func<TItem, CancellationToken, Task<TResult>> work, Action<TResult> onResult, CancellationToken ct)
        {
            if (maxConcurrency < 1) throw new ArgumentOutOfRangeException(nameof(maxConcurrency), "At least 1.");
            return RunAsync(items, BulkOptions.Fixed(maxConcurrency), work, onResult, ct);
        }

        /// <summary>
        /// As many at a time as <paramref name="options"/> allow. Items start one by one as room opens, so only the
        /// ones in flight are held as tasks (memory does not grow with the number of items).
        /// </summary>
        public static async Task RunAsync<TItem, TResult>(IReadOnlyList<TItem> items, BulkOptions options,
            Func<TItem, CancellationToken, Task<TResult>> work, Action<TResult> onResult, CancellationToken ct)
        {
            var limiter = options.CreateLimiter();
            using var gate = new ConcurrencyGate(limiter, options.Signals);
            bool timeItems = options.Adaptive && options.Signals == null;
            var running = new HashSet<Task>();
            var faulted = new List<Task>();
            try
            {
                foreach (var item in items)
                {
                    await gate.EnterAsync(ct).ConfigureAwait(false);
                    var task = RunOneAsync(item, gate, timeItems, work, onResult, ct);
                    lock (running)
                    {
                        running.Add(task);
                        if (running.Count > 4 * limiter.MaxLimit) Prune(running, faulted);
                    }
                }
            }
            finally
            {
                // Cancelled or not, never return while work is still going.
                Task[] left;
                lock (running) left = new List<Task>(running).ToArray();
                await Task.WhenAll(left).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
                options.Finished?.Invoke(limiter);
            }
            lock (running)
            {
                running.UnionWith(faulted);
            }
            await Task.WhenAll(running).ConfigureAwait(false);
        }

        private static void Prune(HashSet<Task> running, List<Task> faulted)
        {
            // Finished tasks leave; failed ones are kept so their exceptions still surface at the end.
            running.RemoveWhere(t =>
            {
                if (!t.IsCompleted) return false;
                if (t.Status != TaskStatus.RanToCompletion) faulted.Add(t);
                return true;
            });
        }

        private static async Task RunOneAsync<TItem, TResult>(TItem item, ConcurrencyGate gate, bool timeItems,
            Func<TItem, CancellationToken, Task<TResult>> work, Action<TResult> onResult, CancellationToken ct)
        {
            // The item's requests see its slot, and lend it to the others while they wait out a backoff.
            var slot = ConcurrencySlot.Hold(gate);
            try
            {
                ct.ThrowIfCancellationRequested();
                var watch = timeItems ? Stopwatch.StartNew() : null;
                var result = await work(item, ct).ConfigureAwait(false);
                if (watch != null) gate.OnAttempt(watch.Elapsed, pushedBack: false);
                onResult(result);
            }
            finally
            {
                slot.Release();
            }
        }
    }
}
