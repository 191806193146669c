using System;

namespace PrefectOps.Core.Http
{
    /// <summary>Exponential backoff with full jitter, overridden by a server's Retry-After.</summary>
    internal sealed class BackoffSchedule
    {
        private readonly HttpOptions _options;
        private readonly Random _random = new Random();

        public BackoffSchedule(HttpOptions options) => _options = options;

        /// <param name="attempt">1 for the delay after the first failed attempt.</param>
        public TimeSpan DelayBefore(int attempt, TimeSpan? retryAfter)
        {
            if (retryAfter.HasValue)
            {
                // The server knows when it will have room; jitter would only make us early.
                return retryAfter.Value < _options.MaxRetryAfter ? retryAfter.Value : _options.MaxRetryAfter;
            }

            double capMs = Math.Min(_options.MaxDelay.TotalMilliseconds,
                _options.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
            double jittered;
            lock (_random) jittered = capMs / 2 + _random.NextDouble() * capMs / 2;
            return TimeSpan.FromMilliseconds(jittered);
        }
    }
}
