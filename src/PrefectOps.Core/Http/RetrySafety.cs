namespace PrefectOps.Core.Http
{
    /// <summary>
    /// Whether a request may be sent again when we cannot tell if the server acted on it.
    /// Every call site says which, and why, next to the call.
    /// </summary>
    public enum RetrySafety
    {
        /// <summary>Sending it twice has the effect of sending it once (reads, filters, PATCH of a full state, backfill, keyed creates).</summary>
        Idempotent,

        /// <summary>Retried only when the server certainly did not act: 429, 503, or a connection that never opened.</summary>
        NotIdempotent,
    }
}
