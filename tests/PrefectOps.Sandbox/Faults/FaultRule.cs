using System;
using Microsoft.AspNetCore.Http;

namespace PrefectOps.Sandbox.Faults
{
    public enum FaultKind
    {
        /// <summary>Answer with <see cref="FaultRule.StatusCode"/> and a Prefect-shaped error body, without handling the request.</summary>
        Status,
        /// <summary>Drop the connection before handling the request.</summary>
        ResetConnection,
        /// <summary>Never answer (until the client gives up).</summary>
        Hang,
        /// <summary>Answer 200 with a truncated JSON body, without handling the request.</summary>
        MalformedJson,
        /// <summary>Handle the request, then drop the connection instead of answering: the server acted, the client cannot tell.</summary>
        ResetAfterHandling,
    }

    /// <summary>One injected fault: which requests it hits, how often, and what they get.</summary>
    public sealed class FaultRule
    {
        private int _remaining;
        private int _hits;

        /// <param name="route">"METHOD /template" relative to /api, as RequestLog names routes, e.g. "PATCH /deployments/{id}"; "*" for every route.</param>
        public FaultRule(string route, FaultKind kind, int statusCode = 500, int times = int.MaxValue)
        {
            Route = route;
            Kind = kind;
            StatusCode = statusCode;
            _remaining = times;
        }

        public string Route { get; }
        public FaultKind Kind { get; }
        public int StatusCode { get; }
        /// <summary>Sent as Retry-After (seconds) when set.</summary>
        public int? RetryAfterSeconds { get; set; }
        /// <summary>The error body's `detail`; a Prefect-like default when null.</summary>
        public string? Detail { get; set; }
        /// <summary>Only requests this accepts are hit (e.g. one deployment's id in the path).</summary>
        public Func<HttpContext, bool>? When { get; set; }
        /// <summary>Share of matching requests hit, 0..1, drawn from <see cref="FaultPlan"/>'s seeded random.</summary>
        public double Probability { get; set; } = 1.0;
        public int Hits => System.Threading.Volatile.Read(ref _hits);
        /// <summary>Called when the rule fires (before the fault is served), e.g. to let a test cancel a hanging request.</summary>
        public Action<HttpContext>? OnHit { get; set; }

        internal bool Matches(string methodAndTemplate, HttpContext ctx) =>
            (Route == "*" || string.Equals(Route, methodAndTemplate, StringComparison.Ordinal)) && (When == null || When(ctx));

        internal bool TryConsume(HttpContext ctx)
        {
            while (true)
            {
                int left = System.Threading.Volatile.Read(ref _remaining);
                if (left <= 0) return false;
                if (System.Threading.Interlocked.CompareExchange(ref _remaining, left == int.MaxValue ? left : left - 1, left) == left)
                {
                    System.Threading.Interlocked.Increment(ref _hits);
                    OnHit?.Invoke(ctx);
                    return true;
                }
            }
        }
    }
}
