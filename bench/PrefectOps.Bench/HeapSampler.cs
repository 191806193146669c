using System;
using System.Threading;

namespace PrefectOps.Bench
{
    /// <summary>
    /// Peaks of the client's managed heap (the sandbox runs in a child process) above a baseline taken after a full
    /// collection, sampled on a thread of its own. Passive (timed runs), every millisecond:
    /// <list type="bullet">
    /// <item><see cref="PeakHeap"/>: GC.GetTotalMemory(false), all that is allocated and not yet collected. Mostly
    /// garbage waiting for the next gen0 collection, so it follows the GC's budget more than what the client holds.</item>
    /// <item><see cref="PeakHeld"/>: the heap just after each collection that happens to run (object bytes, free
    /// space left out): what survived it. The gen0 budget is tens of MB here, so many steps see no collection at all.</item>
    /// </list>
    /// Collecting (the untimed memory runs): whenever the process has allocated another
    /// <see cref="CollectEveryBytes"/>, the sampler forces a full blocking collection and takes the heap after it as
    /// <see cref="PeakHeld"/>: everything still reachable then and nothing else, which is what the client holds.
    /// (After a gen0/gen1 collection the older generations still carry their garbage, and it grows with the length of
    /// the step; only a full collection leaves none.) Paced by allocation, not time, so a listing gets as many samples
    /// whether the server answers fast or slowly. It slows the step, so it is not timed.
    /// </summary>
    internal sealed class HeapSampler : IDisposable
    {
        /// <summary>For the memory runs: several samples per page of 200 flows (a few MB to read here); each costs a full collection, about 3 ms, and the sampler waits a millisecond between them.</summary>
        public const long CollectEveryBytes = 1 << 19;

        private readonly long? _collectEvery;
        private readonly long _baselineHeap, _baselineHeld;
        private readonly Thread _thread;
        private volatile bool _stop;
        private long _peakHeap, _peakHeld;
        private int _collections, _lastCount;

        /// <param name="collectEvery">null: passive. Otherwise force a full collection each time this many more bytes are allocated, and sample after it.</param>
        public HeapSampler(long? collectEvery = null)
        {
            _collectEvery = collectEvery;
            _baselineHeap = GC.GetTotalMemory(forceFullCollection: true);
            // The same measure as the samples, taken after that full collection.
            _baselineHeld = HeldAfter(GC.GetGCMemoryInfo(GCKind.Any));
            _peakHeap = _baselineHeap;
            _peakHeld = _baselineHeld;
            _lastCount = GC.CollectionCount(0);
            _thread = new Thread(Sample) { IsBackground = true, Name = "heap sampler" };
            _thread.Start();
        }

        /// <summary>What the process held before the step (after a full collection).</summary>
        public long Baseline => _baselineHeld;

        /// <summary>Peak of GC.GetTotalMemory(false) above the baseline: garbage included (passive only: collecting keeps it low).</summary>
        public long PeakHeap => Math.Max(0, Interlocked.Read(ref _peakHeap) - _baselineHeap);

        /// <summary>Peak of the heap after a collection above the baseline; 0 if no collection happened meanwhile.</summary>
        public long PeakHeld => Math.Max(0, Interlocked.Read(ref _peakHeld) - _baselineHeld);

        /// <summary>Collections sampled for <see cref="PeakHeld"/>.</summary>
        public int Collections => Volatile.Read(ref _collections);

        private void Sample()
        {
            long collectedAt = GC.GetTotalAllocatedBytes();
            while (!_stop)
            {
                if (_collectEvery is long every)
                {
                    Thread.Sleep(1);
                    if (GC.GetTotalAllocatedBytes() - collectedAt < every) continue;
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
                    Raise(ref _peakHeld, HeldAfter(GC.GetGCMemoryInfo(GCKind.FullBlocking)));
                    Interlocked.Increment(ref _collections);
                    collectedAt = GC.GetTotalAllocatedBytes();
                    continue;
                }
                Raise(ref _peakHeap, GC.GetTotalMemory(false));
                // Every collection counts as a gen0 one too. Two within a millisecond show as one, the later: a
                // peak may be missed, not invented.
                int count = GC.CollectionCount(0);
                if (count != _lastCount)
                {
                    Interlocked.Add(ref _collections, count - _lastCount);
                    _lastCount = count;
                    Raise(ref _peakHeld, HeldAfter(GC.GetGCMemoryInfo(GCKind.Any)));
                }
                Thread.Sleep(1);
            }
        }

        private static long HeldAfter(GCMemoryInfo info) => info.HeapSizeBytes - info.FragmentedBytes;

        // Only the sampler thread writes a peak, so read-compare-write needs no loop.
        private static void Raise(ref long peak, long now)
        {
            if (now > Interlocked.Read(ref peak)) Interlocked.Exchange(ref peak, now);
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
        }
    }
}
