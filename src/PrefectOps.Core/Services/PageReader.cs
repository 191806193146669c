using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace PrefectOps.Core.Services
{
    /// <summary>
    /// Reads offset/limit pages in order. Given a way to count the rows, the count goes out beside the first page (or,
    /// where round trips are cheap, once the first page comes back full) and, once it is back, the pages it promises
    /// are asked for at once (at most <see cref="Prefetch"/> held). Without a count, a full page leads to asking several
    /// of the next pages at once. Either way a large listing costs a few round trips instead of one per page, and pages
    /// are handed on in order. Pages at once cost a server that serialises them (Prefect on its own machine) no more
    /// than pages one after another (measured, BENCHMARKS.md), and save a remote server's round trips.
    /// </summary>
    public static class PageReader
    {
        public const int Prefetch = 8;

        /// <param name="readPage">(offset, limit, token) to one page; fewer than limit rows means the last page.</param>
        /// <param name="onPage">Called in page order; return false to stop reading.</param>
        /// <param name="maxRows">When the caller knows there cannot be more rows (a list of ids), no page past them is asked for.</param>
        /// <param name="countLater">Ask the count only once the first page comes back full, and wait for it before asking
        /// further (a round trip later, and none for a one-page listing): for a server whose round trips cost less than a count.</param>
        /// <param name="countRows">
        /// How many rows there are (null: unknown). A listing that reaches exactly that many rows ends there, as if
        /// read at the moment of the count; one that finds more than counted goes on while pages come back full.
        /// </param>
        public static async Task ReadAllAsync<T>(Func<int, int, CancellationToken, Task<IReadOnlyList<T>>> readPage, int limit,
            Func<IReadOnlyList<T>, bool> onPage, CancellationToken ct, int? maxRows = null,
            Func<CancellationToken, Task<int?>>? countRows = null, bool countLater = false)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var pending = new Queue<Task<IReadOnlyList<T>>>();
            int next = 0, rowsThrough = 0;
            int? counted = null;
            void Ask()
            {
                pending.Enqueue(readPage(next, limit, stop.Token));
                next += limit;
            }
            bool MayHaveRowsAt(int offset) => (maxRows == null || offset < maxRows) && (counted == null || offset < counted || rowsThrough > counted);
            void ReadAhead()
            {
                while (pending.Count < Prefetch && MayHaveRowsAt(next)) Ask();
            }

            Ask();
            // Beside the first page, or (countLater) once it comes back full: a listing of one page (most listings of one
            // tag) then costs the server nothing more than that page, and a longer one gets its count beside page two.
            Task<int?>? counting = countLater ? null : countRows?.Invoke(stop.Token);
            bool countAsked = !countLater;
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
                    bool handedOn = false;
                    if (more && !countAsked && countRows != null)
                    {
                        // Counted now, and waited for before asking further: a round trip costs less than a page asked
                        // past the end (a listing of exactly one full page would otherwise ask for an empty second
                        // one). The page is handed on meanwhile; if the caller stops, the finally observes the count.
                        countAsked = true;
                        counting = countRows(stop.Token);
                        handedOn = true;
                        if (!onPage(page)) return;
                        counted = await CountOrNullAsync(counting, ct).ConfigureAwait(false);
                        counting = null;
                        more = MayHaveRowsAt(rowsThrough);
                    }
                    if (more)
                    {
                        // Until the count is back, one page at a time; then as many as it promises.
                        if (counting == null) ReadAhead();
                        if (pending.Count == 0) Ask();
                    }
                    if (!handedOn && !onPage(page)) return;
                    if (!more) return;
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

        /// <summary>A count that failed only costs the read-ahead its bound; the pages themselves report real failures.</summary>
        private static async Task<int?> CountOrNullAsync(Task<int?> counting, CancellationToken ct)
        {
            try { return await counting.ConfigureAwait(false); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
            catch (Exception) { return null; }
        }
    }
}
