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
            var source = new GatedSource(rows: 45);
            var seen = new List<int>();
            var reading = PageReader.ReadAllAsync<int>(source.Read, 10, page => { seen.AddRange(page); return true; }, CancellationToken.None);

            Assert.Equal(new[] { 0 }, source.Asked);            // one page until we know there is more
            source.Complete(0, 10);
            await WaitFor(() => source.Asked.Count == 1 + PageReader.Prefetch);
            Assert.Equal(new[] { 0, 10, 20, 30, 40 }, source.Asked);
            // Later pages answering first are still handed on in order.
            source.Complete(40, 10);
            source.Complete(30, 10);
            source.Complete(20, 10);
            source.Complete(10, 10);
            await reading;
            Assert.Equal(Enumerable.Range(0, 45), seen);
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

        private static async Task WaitFor(Func<bool> condition)
        {
            // Continuations run on the thread pool; yield until they have (bounded, no timing assumptions).
            for (int i = 0; i < 10000 && !condition(); i++) await Task.Yield();
            Assert.True(condition());
        }
    }
}
