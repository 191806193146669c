using System;
using PrefectOps.Core.Http;

namespace PrefectOps.Core.Maintenance
{
    /// <summary>How a bulk run spreads its work: adaptive up to a bound (the default), or a fixed throttle.</summary>
    public sealed class BulkOptions
    {
        /// <summary>At most this many items at once (-ThrottleLimit).</summary>
        public int MaxConcurrency { get; set; } = AdaptiveConcurrency.DefaultMaxLimit;

        /// <summary>Learn the concurrency from the server's answers (see <see cref="AdaptiveConcurrency"/>); false: always MaxConcurrency.</summary>
        public bool Adaptive { get; set; } = true;

        /// <summary>The connection's answers, which the limiter learns from; null: it learns from how long each item takes.</summary>
        public RequestStats? Signals { get; set; }

        /// <summary>Called once the run is over with the limiter it used (benchmarks, -Verbose).</summary>
        public Action<AdaptiveConcurrency>? Finished { get; set; }

        public static BulkOptions AdaptiveUpTo(int maxConcurrency, RequestStats? signals = null) =>
            new BulkOptions { MaxConcurrency = maxConcurrency, Signals = signals };

        public static BulkOptions Fixed(int concurrency) => new BulkOptions { MaxConcurrency = concurrency, Adaptive = false };

        /// <summary>A copy with <paramref name="signals"/> if none were given.</summary>
        public BulkOptions WithDefaultSignals(RequestStats? signals)
        {
            var copy = (BulkOptions)MemberwiseClone();
            copy.Signals ??= signals;
            return copy;
        }

        internal AdaptiveConcurrency CreateLimiter()
        {
            if (MaxConcurrency < 1) throw new ArgumentOutOfRangeException(nameof(MaxConcurrency), "At least 1.");
            return Adaptive ? AdaptiveConcurrency.Adaptive(MaxConcurrency) : AdaptiveConcurrency.Fixed(MaxConcurrency);
        }
    }
}
