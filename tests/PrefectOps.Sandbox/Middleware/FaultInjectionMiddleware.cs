using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace PrefectOps.Sandbox.Middleware
{
    /// <summary>
    /// Seam for fault injection (503 "database is locked", connection resets, 429 + Retry-After), to be filled in by a
    /// later issue. It runs first so injected faults also hit unauthenticated and invalid requests, as on a real server.
    /// </summary>
    public sealed class FaultInjectionMiddleware
    {
        private readonly RequestDelegate _next;
        public FaultInjectionMiddleware(RequestDelegate next) { _next = next; }
        public Task InvokeAsync(HttpContext ctx) => _next(ctx);
    }
}
