using System.Threading;

namespace PrefectOps.Core.Http
{
    /// <summary>Counters for benchmarks and -Verbose summaries. Thread-safe.</summary>
    public sealed class RequestStats
    {
        private long _requests, _retries, _throttled;

        public long Requests => Interlocked.Read(ref _requests);
        public long Retries => Interlocked.Read(ref _retries);
        /// <summary>429 and 503 answers seen, retried or not.</summary>
        public long Throttled => Interlocked.Read(ref _throttled);

        internal void CountRequest() => Interlocked.Increment(ref _requests);
        internal void CountRetry() => Interlocked.Increment(ref _retries);
        internal void CountThrottled() => Interlocked.Increment(ref _throttled);
    }
}
