using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace PrefectOps.Core.Services
{
    /// <summary>
    /// Reads offset/limit pages in order. Once a full page shows there is more, a few of the next pages are asked for
    /// at once, so a large listing costs a few round trips instead of one per page; pages are still handed on in order
    /// and at most <see cref="Prefetch"/> are held.
    /// </summary>
    public static class PageReader
    {
        public const int Prefetch = 4;

        /// <param name="readPage">(offset, limit, token) to one page; fewer than limit rows means the last page.</param>
        /// <param name="onPage">Called in page order; return false to stop reading.</param>
        /// <param name="maxRows">When the caller knows there cannot be more rows (a list of ids), no page past them is asked for.</param>
        public static async Task ReadAllAsync<T>(Func<int, int, CancellationToken, Task<IReadOnlyList<T>>> readPage, int limit,
            Func<IReadOnlyList<T>, bool> onPage, CancellationToken ct, int? maxRows = null)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var pending = new Queue<Task<IReadOnlyList<T>>>();
            int next = 0;
            void Ask()
            {
                pending.Enqueue(readPage(next, limit, stop.Token));
                next += limit;
            }

            Ask();
            try
            {
                while (pending.Count > 0)
                {
                    var page = await pending.Dequeue().ConfigureAwait(false);
                    bool more = page.Count >= limit && (maxRows == null || next - limit * pending.Count < maxRows);
                    if (more)
                        while (pending.Count < Prefetch && (maxRows == null || next < maxRows)) Ask();
                    if (!onPage(page) || !more) return;
                }
            }
            finally
            {
                // Pages asked for beyond the end (or after the caller stopped) are not wanted: cancel and observe them.
                if (pending.Count > 0)
                {
                    stop.Cancel();
                    foreach (var task in pending)
                    {
                        try { await task.ConfigureAwait(false); }
                        catch (Exception) { /* cancelled or failed after we stopped needing it */ }
                    }
                }
            }
        }
    }
}
