using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace PrefectOps.Sandbox.Middleware
{
    /// <summary>Counts requests by "METHOD /route/template" relative to /api (unmatched: the raw path).</summary>
    public sealed class RequestLogMiddleware
    {
        private readonly RequestDelegate _next;
        private readonly RequestLog _log;

        public RequestLogMiddleware(RequestDelegate next, RequestLog log)
        {
            _next = next;
            _log = log;
        }

        public Task InvokeAsync(HttpContext ctx)
        {
            _log.Record(ctx.Request.Method + " " + Template(ctx));
            return _next(ctx);
        }

        public static string Template(HttpContext ctx)
        {
            string? raw = (ctx.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
            string path = raw ?? ctx.Request.Path.Value ?? "/";
            if (path.StartsWith("/api")) path = path.Substring(4);
            return path.Length == 0 ? "/" : path;
        }
    }
}
