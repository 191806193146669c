using System;

namespace PrefectOps.Core.Http
{
    /// <summary>Per-connection HTTP behaviour; Connect-Prefect exposes the ones a user would tune.</summary>
    public sealed class HttpOptions
    {
        /// <summary>How long one attempt may take before it counts as a transient failure.</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Attempts per request, the first included.</summary>
        public int MaxAttempts { get; set; } = 5;

        /// <summary>First backoff delay; doubles per attempt with full jitter.</summary>
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>Longest Retry-After we honour; a server asking for more gets this instead.</summary>
        public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Lab servers with self-signed certificates only; Connect-Prefect warns when it is set.</summary>
        public bool SkipCertificateCheck { get; set; }

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
