using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Services;
using Xunit;

namespace PrefectOps.Tests.Core
{
    public sealed class PageReaderTests
    {
        /// <summary>A source of <paramref name="rows"/> rows whose pages complete only when the test says so.</summary>
        private sealed class GatedSource
        {
            private readonly int _rows;
            public readonly List<int> Asked = new List<int>();
            public readonly Dictionary<int, TaskCompletionSource<IReadOnlyList<int>>> Gates = new Dictionary<int, TaskCompletionSource<IReadOnlyList<int>>>();
            public GatedSource(int rows) => _rows = rows;

            public Task<IReadOnlyList<int>> Read(int offset, int limit, CancellationToken ct)
            {
                lock (Asked) Asked.Add(offset);
                var tcs = new TaskCompletionSource<IReadOnlyList<int>>(TaskCreationOptions.RunContinuationsAsynchronously);
                lock (Gates) Gates[offset] = tcs;
                ct.Register(() => tcs.TrySetCanceled());
                return tcs.Task;
            }

            public void Complete(int offset, int limit)
            {
                TaskCompletionSource<IReadOnlyList<int>> tcs;
                lock (Gates) tcs = Gates[offset];
                tcs.TrySetResult(Enumerable.Range(offset, Math.Max(0, Math.Min(limit, _rows - offset))).ToList());
            }
        }

        [Fact]
        public async Task Asks_several_pages_at_once_after_a_full_one_and_hands_them_on_in_order()
        {
            int rows = 10 * PageReader.Prefetch + 5;
            var source = new GatedSource(rows);
            var seen = new List<int>();
            var reading = PageReader.ReadAllAsync<int>(source.Read, 10, page => { seen.AddRange(page); return true; }, CancellationToken.None);

            Assert.Equal(new[] { 0 }, source.Asked);            // one page until we know there is more
            source.Complete(0, 10);
            await WaitFor(() => source.Asked.Count == 1 + PageReader.Prefetch);
            var offsets = Enumerable.Range(0, 1 + PageReader.Prefetch).Select(i => i * 10).ToList();
            Assert.Equal(offsets, source.Asked);
            // Later pages answering first are still handed on in order.
            foreach (int offset in offsets.Skip(1).Reverse()) source.Complete(offset, 10);
            await reading;
            Assert.Equal(Enumerable.Range(0, rows), seen);
        }

        [Fact]
        public async Task A_caller_that_knows_the_row_count_is_not_asked_past_it()
        {
            var source = new GatedSource(rows: 20);
            var reading = PageReader.ReadAllAsync<int>(source.Read, 10, _ => true, CancellationToken.None, maxRows: 20);
            source.Complete(0, 10);
            await WaitFor(() => source.Asked.Count == 2);
            source.Complete(10, 10);
            await reading;
            Assert.Equal(new[] { 0, 10 }, source.Asked);
        }

        [Fact]
        public async Task The_count_sent_beside_the_first_page_lets_every_page_be_asked_for_at_once()
        {
            var source = new GatedSource(rows: 45);
            var count = new TaskCompletionSource<int?>(TaskCreationOptions.RunContinuationsAsynchronously);
            var seen = new List<int>();
            var reading = PageReader.ReadAllAsync<int>(source.Read, 10, page => { seen.AddRange(page); return true; }, CancellationToken.None,
                countRows: _ => count.Task);
            Assert.Equal(new[] { 0 }, source.Asked);
            count.SetResult(45);
            // Before the first page is back, the rest of what was counted is on its way, and nothing past it.
            await WaitFor(() => source.Asked.Count == 5);
            foreach (int offset in new[] { 40, 30, 20, 10, 0 }) source.Complete(offset, 10);
            await reading;
            Assert.Equal(new[] { 0, 10, 20, 30, 40 }, source.Asked);
            Assert.Equal(Enumerable.Range(0, 45), seen);
        }

        [Fact]
        public async Task A_listing_that_ends_exactly_at_the_count_asks_for_no_empty_page()
        {
            var source = new GatedSource(rows: 30);
            var reading = PageReader.ReadAllAsync<int>(source.Read, 10, _ => true, CancellationToken.None,
                countRows: _ => Task.FromResult<int?>(30));
            await WaitFor(() => source.Asked.Count == 3);
            foreach (int offset in new[] { 0, 10, 20 }) source.Complete(offset, 10);
            await reading;
            Assert.Equal(new[] { 0, 10, 20 }, source.Asked);
        }

        [Fact]
        public async Task Until_the_count_is_back_a_full_page_leads_to_one_more_page_only()
        {
            var source = new GatedSource(rows: 45);
            var count = new TaskCompletionSource<int?>(TaskCreationOptions.RunContinuationsAsynchronously);
            var reading = PageReader.ReadAllAsync<int>(source.Read, 10, _ => true, CancellationToken.None, countRows: _ => count.Task);
            source.Complete(0, 10);
            await WaitFor(() => source.Asked.Count == 2);
            Assert.Equal(new[] { 0, 10 }, source.Asked);
            count.SetResult(45);
            await WaitFor(() => source.Asked.Count == 5);
            foreach (int offset in new[] { 10, 20, 30, 40 }) source.Complete(offset, 10);
            await reading;
            Assert.Equal(new[] { 0, 10, 20, 30, 40 }, source.Asked);
        }

        [Fact]
        public async Task More_rows_than_counted_are_still_read_while_pages_come_back_full()
        {
            var source = new GatedSource(rows: 35);
            var seen = new List<int>();
            var reading = PageReader.ReadAllAsync<int>(source.Read, 10, page => { seen.AddRange(page); return true; }, CancellationToken.None,
                countRows: _ => Task.FromResult<int?>(15));
            for (int offset = 0; offset <= 30; offset += 10)
            {
                await WaitFor(() => source.Asked.Contains(offset));
                source.Complete(offset, 10);
            }
            await reading;
            Assert.Equal(Enumerable.Range(0, 35), seen);
        }

        [Fact]
        public async Task A_one_page_listing_ends_at_its_short_page()
        {
            var source = new GatedSource(rows: 7);
            var reading = PageReader.ReadAllAsync<int>(source.Read, 10, _ => true, CancellationToken.None,
                countRows: _ => Task.FromResult<int?>(7));
            source.Complete(0, 10);
            await reading;
            Assert.Equal(new[] { 0 }, source.Asked);
        }

        [Fact]
        public async Task A_failed_count_falls_back_to_reading_ahead()
        {
            int rows = 10 * PageReader.Prefetch + 5;
            var source = new GatedSource(rows);
            var seen = new List<int>();
            var reading = PageReader.ReadAllAsync<int>(source.Read, 10, page => { seen.AddRange(page); return true; }, CancellationToken.None,
                countRows: _ => Task.FromException<int?>(new InvalidOperationException("count refused")));
            source.Complete(0, 10);
            await WaitFor(() => source.Asked.Count == 1 + PageReader.Prefetch);
            foreach (int offset in source.Asked.Skip(1).ToList()) source.Complete(offset, 10);
            await reading;
            Assert.Equal(Enumerable.Range(0, rows), seen);
        }

        [Fact]
        public async Task Where_round_trips_are_cheap_the_count_waits_for_a_full_first_page_and_a_one_page_listing_has_none()
        {
            var source = new GatedSource(rows: 45);
            var count = new TaskCompletionSource<int?>(TaskCreationOptions.RunContinuationsAsynchronously);
            int counts = 0;
            var seen = new List<int>();
            var reading = PageReader.ReadAllAsync<int>(source.Read, 10, page => { seen.AddRange(page); return true; }, CancellationToken.None,
                countRows: _ => { Interlocked.Increment(ref counts); return count.Task; }, countLater: true);
            Assert.Equal(new[] { 0 }, source.Asked);
            Assert.Equal(0, counts);
            source.Complete(0, 10);
            await WaitFor(() => counts == 1);
            Assert.Equal(new[] { 0 }, source.Asked); // nothing more until the count says how much there is
            await WaitFor(() => seen.Count == 10);  // but the first page is handed on without waiting for the count
            count.SetResult(45);
            await WaitFor(() => source.Asked.Count == 5);
            foreach (int offset in new[] { 40, 30, 20, 10 }) source.Complete(offset, 10);
            await reading;
            Assert.Equal(new[] { 0, 10, 20, 30, 40 }, source.Asked);
            Assert.Equal(Enumerable.Range(0, 45), seen);

            // A listing of exactly one full page: counted, and no empty page asked for.
            var full = new GatedSource(rows: 10);
            var exact = PageReader.ReadAllAsync<int>(full.Read, 10, _ => true, CancellationToken.None,
                countRows: _ => Task.FromResult<int?>(10), countLater: true);
            full.Complete(0, 10);
            await exact;
            Assert.Equal(new[] { 0 }, full.Asked);

            var single = new GatedSource(rows: 7);
            counts = 0;
            var one = PageReader.ReadAllAsync<int>(single.Read, 10, _ => true, CancellationToken.None,
                countRows: _ => { Interlocked.Increment(ref counts); return Task.FromResult<int?>(7); }, countLater: true);
            single.Complete(0, 10);
            await one;
            Assert.Equal(new[] { 0 }, single.Asked);
            Assert.Equal(0, counts); // a listing of one page costs its page alone
        }

        private static async Task WaitFor(Func<bool> condition)
        {
            // Continuations run on the thread pool: wait until they have. A count of yields was not enough on a busy
            // machine; the deadline only ends a test that would otherwise hang.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(1);
            Assert.True(condition());
        }
    }
}
