using System.Threading;

namespace PrefectOps.Sandbox.Load
{
    /// <summary>Counts what the load middleware did. Thread-safe.</summary>
    public sealed class LoadCounters
    {
        private long _writes, _locked, _resets;

        /// <summary>Writes that got the writer and were handled.</summary>
        public long Writes => Interlocked.Read(ref _writes);
        /// <summary>Writes answered 503 "database is locked" because another write was in progress.</summary>
        public long Locked => Interlocked.Read(ref _locked);
        /// <summary>Requests reset because they came on a connection that had been answered 503.</summary>
        public long Resets => Interlocked.Read(ref _resets);

        internal void CountWrite() => Interlocked.Increment(ref _writes);
        internal void CountLocked() => Interlocked.Increment(ref _locked);
        internal void CountReset() => Interlocked.Increment(ref _resets);

        public void Reset()
        {
            Interlocked.Exchange(ref _writes, 0);
            Interlocked.Exchange(ref _locked, 0);
            Interlocked.Exchange(ref _resets, 0);
        }
    }
}
