using System;
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

        /// <summary>Every answered attempt: its wall time and whether the server pushed back (429/503). Adaptive concurrency listens here.</summary>
        public event Action<TimeSpan, bool>? AttemptCompleted;

        /// <summary>Every attempt that got no answer (reset, refused, timed out); not raised for the caller's own cancellation.</summary>
        public event Action? AttemptFailed;

        internal void ReportAttempt(TimeSpan latency, bool pushedBack) => AttemptCompleted?.Invoke(latency, pushedBack);
        internal void ReportFailure() => AttemptFailed?.Invoke();

        internal void CountRequest() => Interlocked.Increment(ref _requests);
        internal void CountRetry() => Interlocked.Increment(ref _retries);
        internal void CountThrottled() => Interlocked.Increment(ref _throttled);
    }
}
