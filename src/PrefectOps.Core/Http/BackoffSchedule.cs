using System;

namespace PrefectOps.Core.Http
{
    /// <summary>
    /// Exponential backoff with jitter, overridden by a server's Retry-After. The spread is PrefectOps' own unless
    /// PREFECT_CLIENT_RETRY_JITTER_FACTOR sets one (see <see cref="HttpOptions.JitterFactor"/>).
    /// </summary>
    internal sealed class BackoffSchedule
    {
        private readonly HttpOptions _options;
        private readonly Random _random = new Random();

        public BackoffSchedule(HttpOptions options) => _options = options;

        /// <param name="attempt">1 for the delay after the first failed attempt.</param>
        /// <param name="busy">The server answered 503: it is busy, so the wait starts from <see cref="HttpOptions.BusyBaseDelay"/>.</param>
        public TimeSpan DelayBefore(int attempt, TimeSpan? retryAfter, bool busy = false)
        {
            double? factor = _options.JitterFactor;
            if (retryAfter.HasValue)
            {
                // The server knows when it will have room: jitter only ever makes us later, never early.
                double askedMs = Math.Min(retryAfter.Value.TotalMilliseconds, _options.MaxRetryAfter.TotalMilliseconds);
                return TimeSpan.FromMilliseconds(factor.HasValue ? Math.Min(askedMs * (1 + Random() * factor.Value), _options.MaxRetryAfter.TotalMilliseconds) : askedMs);
            }

            double baseMs = busy ? Math.Max(_options.BaseDelay.TotalMilliseconds, _options.BusyBaseDelay.TotalMilliseconds) : _options.BaseDelay.TotalMilliseconds;
            double capMs = Math.Min(_options.MaxDelay.TotalMilliseconds, baseMs * Math.Pow(2, attempt - 1));
            double jittered = factor.HasValue
                ? capMs * (1 - factor.Value + Random() * 2 * factor.Value)
                : capMs / 2 + Random() * capMs / 2;
            return TimeSpan.FromMilliseconds(Math.Max(0, jittered));
        }

        private double Random()
        {
            lock (_random) return _random.NextDouble();
        }
    }
}
