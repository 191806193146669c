using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Newtonsoft.Json.Linq;
using PrefectOps.Sandbox.Faults;

namespace PrefectOps.Sandbox.Middleware
{
    /// <summary>
    /// Injects the faults a test switched on (503 "database is locked", 429 with Retry-After, resets, hangs, bad JSON,
    /// 404s for objects deleted mid-operation). Runs first so faults also hit unauthenticated and invalid requests,
    /// as on a real server behind a proxy.
    /// </summary>
    public sealed class FaultInjectionMiddleware
    {
        private readonly RequestDelegate _next;
        private readonly FaultPlan _faults;

        public FaultInjectionMiddleware(RequestDelegate next, FaultPlan faults)
        {
            _next = next;
            _faults = faults;
        }

        public async Task InvokeAsync(HttpContext ctx)
        {
            var rule = _faults.Pick(ctx.Request.Method + " " + RequestLogMiddleware.Template(ctx), ctx);
            if (rule == null)
            {
                await _next(ctx);
                return;
            }
            switch (rule.Kind)
            {
                case FaultKind.ResetConnection:
                    ctx.Abort();
                    return;
                case FaultKind.Hang:
                    try { await Task.Delay(Timeout.Infinite, ctx.RequestAborted); }
                    catch (TaskCanceledException) { }
                    return;
                case FaultKind.MalformedJson:
                    ctx.Response.StatusCode = 200;
                    ctx.Response.ContentType = "application/json";
                    await ctx.Response.WriteAsync("{\"id\": \"truncat");
                    return;
                case FaultKind.ResetAfterHandling:
                    var original = ctx.Response.Body;
                    ctx.Response.Body = new MemoryStream();
                    try { await _next(ctx); }
                    finally { ctx.Response.Body = original; }
                    ctx.Abort();
                    return;
                default:
                    ctx.Response.StatusCode = rule.StatusCode;
                    ctx.Response.ContentType = "application/json";
                    if (rule.RetryAfterSeconds.HasValue) ctx.Response.Headers["Retry-After"] = rule.RetryAfterSeconds.Value.ToString();
                    await ctx.Response.WriteAsync(new JObject { ["detail"] = rule.Detail ?? DefaultDetail(rule.StatusCode) }.ToString(Newtonsoft.Json.Formatting.None));
                    return;
            }
        }

        private static string DefaultDetail(int status) => status switch
        {
            503 => "(sqlite3.OperationalError) database is locked",
            429 => "Rate limit exceeded",
            404 => "Deployment not found",
            401 => "Invalid authentication credentials",
            403 => "Forbidden",
            _ => "Internal Server Error",
        };
    }
}
