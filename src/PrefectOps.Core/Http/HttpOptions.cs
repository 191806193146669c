using System;

namespace PrefectOps.Core.Http
{
    /// <summary>Per-connection HTTP behaviour; Connect-Prefect exposes the ones a user would tune.</summary>
    public sealed class HttpOptions
    {
        /// <summary>How long one attempt may take before it counts as a transient failure.</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60); // Prefect's own default (settings/models/api.py): a real server on SQLite can hold a write past 30 s

        /// <summary>Attempts per request, the first included.</summary>
        public int MaxAttempts { get; set; } = 5;

        /// <summary>First backoff delay; doubles per attempt with full jitter.</summary>
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>
        /// First backoff delay after a 503 (when larger than <see cref="BaseDelay"/>): Prefect on SQLite answers 503 while
        /// its own services hold the database, which they do for seconds at a time (measured on 2.19.9 with 1,000
        /// deployments: five attempts 0.2 s apart all met the lock). Prefect's own client waits 2, 4, 8... seconds.
        /// </summary>
        public TimeSpan BusyBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

        /// <summary>Longest Retry-After we honour; a server asking for more gets this instead.</summary>
        public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Lab servers with self-signed certificates only; Connect-Prefect warns when it is set.</summary>
        public bool SkipCertificateCheck { get; set; }

        /// <summary>
        /// The CA certificates to trust instead of the system's store (PREFECT_API_SSL_CERT_FILE), or null for the
        /// system's store. Ignored when <see cref="SkipCertificateCheck"/> is set, as in Prefect.
        /// </summary>
        public System.Security.Cryptography.X509Certificates.X509Certificate2Collection? TrustedCertificates { get; set; }

        /// <summary>
        /// Statuses retried beside 429/503 (and 408/500/502/504 for idempotent requests): PREFECT_CLIENT_RETRY_EXTRA_CODES.
        /// Like 500, they may come after the server acted, so only requests that are safe to repeat are retried on them.
        /// </summary>
        public System.Collections.Generic.ISet<int> RetryExtraCodes { get; set; } = new System.Collections.Generic.HashSet<int>();

        /// <summary>
        /// PREFECT_CLIENT_RETRY_JITTER_FACTOR: null keeps PrefectOps' own spread (a backoff delay drawn from [cap/2, cap],
        /// Retry-After exact); a factor f draws it from [cap·(1−f), cap·(1+f)] and Retry-After from [ra, ra·(1+f)], the
        /// bounds Prefect's client uses (it draws from a clamped exponential, PrefectOps uniformly).
        /// </summary>
        public double? JitterFactor { get; set; }

        /// <summary>
        /// PREFECT_CLIENT_CSRF_SUPPORT_ENABLED: answer a server's CSRF protection with tokens from GET /csrf-token. Never
        /// used with Prefect Cloud, as in Prefect's client.
        /// </summary>
        public bool CsrfSupport { get; set; } = true;

        /// <summary>Extra headers (Prefect Cloud 1.0's tenant header, for instance). Never the API key.</summary>
        public System.Collections.Generic.IDictionary<string, string> ExtraHeaders { get; } =
            new System.Collections.Generic.Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>How backoff waits; tests record the waits instead of sleeping through them.</summary>
        internal Func<TimeSpan, System.Threading.CancellationToken, System.Threading.Tasks.Task> DelayAsync { get; set; } =
            (delay, ct) => System.Threading.Tasks.Task.Delay(delay, ct);

        public HttpOptions Clone()
        {
            var copy = (HttpOptions)MemberwiseClone();
            return copy;
        }

        internal void Validate()
        {
            if (MaxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(MaxAttempts), "At least one attempt is needed.");
            if (RequestTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RequestTimeout), "The request timeout must be positive.");
        }
    }
}
