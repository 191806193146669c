using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace PrefectOps.Core.Services
{
    /// <summary>
    /// Reads offset/limit pages in order. Once a full page shows there is more, several of the next pages are asked
    /// for at once, so a large listing costs a few round trips instead of one per page; pages are still handed on in
    /// order and at most <see cref="Prefetch"/> are held. Given a way to count the rows, the reader asks for the count
    /// beside the second page and then reads ahead no further than it.
    /// </summary>
    public static class PageReader
    {
        public const int Prefetch = 8;

        /// <param name="readPage">(offset, limit, token) to one page; fewer than limit rows means the last page.</param>
        /// <param name="onPage">Called in page order; return false to stop reading.</param>
        /// <param name="maxRows">When the caller knows there cannot be more rows (a list of ids), no page past them is asked for.</param>
        /// <param name="countRows">
        /// How many rows there are now (null: unknown). Only a hint, since rows may come or go meanwhile: pages past
        /// it are not read ahead, but a full page at the end still leads to the next.
        /// </param>
        public static async Task ReadAllAsync<T>(Func<int, int, CancellationToken, Task<IReadOnlyList<T>>> readPage, int limit,
            Func<IReadOnlyList<T>, bool> onPage, CancellationToken ct, int? maxRows = null,
            Func<CancellationToken, Task<int?>>? countRows = null)
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
            bool counted = countRows == null;
            int? rowsHint = null;
            try
            {
                while (pending.Count > 0)
                {
                    var page = await pending.Dequeue().ConfigureAwait(false);
                    bool more = page.Count >= limit && (maxRows == null || next - limit * pending.Count < maxRows);
                    if (more)
                    {
                        if (!counted)
                        {
                            // Only a listing longer than one page is counted, and the next page is asked for meanwhile.
                            counted = true;
                            if (pending.Count == 0) Ask();
                            rowsHint = await CountOrNullAsync(countRows!(stop.Token), ct).ConfigureAwait(false);
                        }
                        while (pending.Count < Prefetch && (maxRows == null || next < maxRows) && (rowsHint == null || next < rowsHint)) Ask();
                        if (pending.Count == 0) Ask(); // the count was low: rows were added since
                    }
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

        /// <summary>A count that failed only costs the read-ahead its bound; the pages themselves report real failures.</summary>
        private static async Task<int?> CountOrNullAsync(Task<int?> counting, CancellationToken ct)
        {
            try { return await counting.ConfigureAwait(false); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
            catch (Exception) { return null; }
        }
    }
}
