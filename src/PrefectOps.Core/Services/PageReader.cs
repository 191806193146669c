using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Http;

namespace PrefectOps.Core.Services
{
    /// <summary>
    /// Reads offset/limit pages in order. Given a way to count the rows, the count goes out beside the first page and,
    /// once it is back, the pages it promises are asked for ahead. Without a count, a full page leads to asking the
    /// next ones ahead. How many are out at once is learned from the pages' own answers (<see cref="AdaptiveConcurrency"/>):
    /// against a remote server, whose answers take the same time however many are out, it grows to
    /// <see cref="Prefetch"/> and a large listing costs a few round trips; against a server that serialises pages in
    /// one process (Prefect on its own machine), answers slow down as more are out, so it stays at one being served
    /// and one queued behind it, which keeps that server busy without piling work on it. Pages are handed on in order.
    /// </summary>
    public static class PageReader
    {
        public const int Prefetch = 8;


        /// <param name="readPage">(offset, limit, token) to one page; fewer than limit rows means the last page.</param>
        /// <param name="onPage">Called in page order; return false to stop reading.</param>
        /// <param name="maxRows">When the caller knows there cannot be more rows (a list of ids), no page past them is asked for.</param>
        /// <param name="pages">How many pages may be out (one more is queued behind): by default learned for this listing.</param>
        /// <param name="countRows">
        /// How many rows there are (null: unknown). A listing that reaches exactly that many rows ends there, as if
        /// read at the moment of the count; one that finds more than counted goes on while pages come back full.
        /// </param>
        public static async Task ReadAllAsync<T>(Func<int, int, CancellationToken, Task<IReadOnlyList<T>>> readPage, int limit,
            Func<IReadOnlyList<T>, bool> onPage, CancellationToken ct, int? maxRows = null,
            Func<CancellationToken, Task<int?>>? countRows = null, AdaptiveConcurrency? pages = null)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var pending = new Queue<Task<IReadOnlyList<T>>>();
            // Three out (and one queued) before anything is known: a remote server's listing needs few round trips, one
            // serialising pages gets no pile it could not serve.
            pages ??= AdaptiveConcurrency.Adaptive(Prefetch, initialLimit: 3);
            int next = 0, rowsThrough = 0;
            int? counted = null;
            void Ask()
            {
                pending.Enqueue(TimedAsync(readPage(next, limit, stop.Token), pages));
                next += limit;
            }
            bool MayHaveRowsAt(int offset) => (maxRows == null || offset < maxRows) && (counted == null || offset < counted || rowsThrough > counted);
            // One more than the limit: the next page waits at the server while one is served, so it never idles between pages.
            void ReadAhead()
            {
                while (pending.Count < Math.Min(Prefetch, pages.Limit + 1) && MayHaveRowsAt(next)) Ask();
            }

            Ask();
            var counting = countRows?.Invoke(stop.Token);
            try
            {
                while (pending.Count > 0)
                {
                    if (counting != null)
                    {
                        await Task.WhenAny(pending.Peek(), counting).ConfigureAwait(false);
                        if (counting.IsCompleted)
                        {
                            counted = await CountOrNullAsync(counting, ct).ConfigureAwait(false);
                            counting = null;
                            ReadAhead();
                        }
                        if (!pending.Peek().IsCompleted) continue;
                    }

                    var page = await pending.Dequeue().ConfigureAwait(false);
                    rowsThrough += page.Count;
                    bool more = page.Count >= limit && MayHaveRowsAt(rowsThrough);
                    if (more)
                    {
                        // Until the count is back, one page at a time; then as many as it promises.
                        if (counting == null) ReadAhead();
                        if (pending.Count == 0) Ask();
                    }
                    if (!onPage(page) || !more) return;
                }
            }
            finally
            {
                // Pages asked for beyond the end (or after the caller stopped) are not wanted: cancel and observe them.
                if (pending.Count > 0 || counting != null)
                {
                    stop.Cancel();
                    foreach (var task in pending)
                    {
                        try { await task.ConfigureAwait(false); }
                        catch (Exception) { /* cancelled or failed after we stopped needing it */ }
                    }
                    if (counting != null) await CountOrNullAsync(counting, CancellationToken.None).ConfigureAwait(false);
                }
            }
        }

        /// <summary>A page, timed for the limiter when there was room under its limit (the one queued beyond it is not).</summary>
        private static async Task<IReadOnlyList<T>> TimedAsync<T>(Task<IReadOnlyList<T>> page, AdaptiveConcurrency limiter)
        {
            bool counted = limiter.TryEnter();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                var rows = await page.ConfigureAwait(false);
                if (counted) limiter.OnAttempt(watch.Elapsed, pushedBack: false);
                return rows;
            }
            finally
            {
                if (counted) limiter.Exit();
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
