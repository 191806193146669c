using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace PrefectOps.Core.Maintenance
{
    /// <summary>Bounded-concurrency fan-out with a result per item as soon as it is done.</summary>
    public static class BulkRunner
    {
        public static async Task RunAsync<TItem, TResult>(IReadOnlyList<TItem> items, int maxConcurrency,
            Func<TItem, CancellationToken, Task<TResult>> work, Action<TResult> onResult, CancellationToken ct)
        {
            if (maxConcurrency < 1) throw new ArgumentOutOfRangeException(nameof(maxConcurrency), "At least 1.");
            using var gate = new SemaphoreSlim(maxConcurrency);
            var tasks = items.Select(async item =>
            {
                await gate.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    ct.ThrowIfCancellationRequested();
                    onResult(await work(item, ct).ConfigureAwait(false));
                }
                finally
                {
                    gate.Release();
                }
            }).ToList();
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
    }
}
