using System;
using System.Threading;

namespace PrefectOps.Core.Http
{
    /// <summary>Counters for benchmarks and -Verbose summaries. Thread-safe.</summary>
    public sealed class RequestStats
    {
        private long _requests, _retries, _throttled;
        private long _fastestTicks = long.MaxValue;

        /// <summary>
        /// Below this, a round trip to the server costs less than a count's server time (a server on this machine or
        /// next to it): listings then count only when they need to, a round trip later. Above it (a remote server,
        /// Prefect Cloud) the count rides beside the first page.
        /// </summary>
        public static readonly TimeSpan CheapRoundTrip = TimeSpan.FromMilliseconds(10);

        public long Requests => Interlocked.Read(ref _requests);
        public long Retries => Interlocked.Read(ref _retries);
        /// <summary>429 and 503 answers seen, retried or not.</summary>
        public long Throttled => Interlocked.Read(ref _throttled);

        /// <summary>Every answered attempt: its wall time and whether the server pushed back (429/503). Adaptive concurrency listens here.</summary>
        public event Action<TimeSpan, bool>? AttemptCompleted;

        /// <summary>Every attempt that got no answer (reset, refused, timed out); not raised for the caller's own cancellation.</summary>
        public event Action? AttemptFailed;

        /// <summary>The fastest answer so far (Connect-Prefect's /health among them): about one round trip; null before any.</summary>
        public TimeSpan? FastestAnswer { get { long t = Interlocked.Read(ref _fastestTicks); return t == long.MaxValue ? (TimeSpan?)null : TimeSpan.FromTicks(t); } }

        /// <summary>Round trips are cheap next to a request's server time (see <see cref="CheapRoundTrip"/>).</summary>
        public bool RoundTripsAreCheap => FastestAnswer is TimeSpan t && t < CheapRoundTrip;

        internal void ReportAttempt(TimeSpan latency, bool pushedBack)
        {
            if (!pushedBack)
            {
                long ticks = latency.Ticks, seen;
                while (ticks < (seen = Interlocked.Read(ref _fastestTicks)) && Interlocked.CompareExchange(ref _fastestTicks, ticks, seen) != seen) { }
            }
            AttemptCompleted?.Invoke(latency, pushedBack);
        }
        internal void ReportFailure() => AttemptFailed?.Invoke();

        internal void CountRequest() => Interlocked.Increment(ref _requests);
        internal void CountRetry() => Interlocked.Increment(ref _retries);
        internal void CountThrottled() => Interlocked.Increment(ref _throttled);
    }
}
