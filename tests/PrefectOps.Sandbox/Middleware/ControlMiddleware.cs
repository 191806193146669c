using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Newtonsoft.Json.Linq;
using PrefectOps.Sandbox.Faults;

namespace PrefectOps.Sandbox.Middleware
{
    /// <summary>
    /// /_sandbox/: what an in-process test does through <see cref="SandboxServer"/>, for tests in another process (Pester).
    /// Only with --control; never under /api.
    /// - `POST /_sandbox/faults {"route": "PATCH /deployments/{id}", "kind": "Hang", "status": 500, "times": 3, "skip": 2,
    ///   "pathContains": "<id>"}` switches a fault on (for paths containing `pathContains`, after `skip` matching requests);
    ///   `GET /_sandbox/faults` lists them with how often each fired; `DELETE /_sandbox/faults` clears them.
    /// - `GET /_sandbox/requests` counts the requests served per route.
    /// - `POST /_sandbox/worker {"finishCancellingAfterReads": 2}` plays a worker for every run: a Cancelling run is
    ///   Cancelled on its 2nd read (null: no worker).
    /// </summary>
    public sealed class ControlMiddleware
    {
        private readonly RequestDelegate _next;
        private readonly SandboxServer _server;

        public ControlMiddleware(RequestDelegate next, SandboxServer server)
        {
            _next = next;
            _server = server;
        }

        public async Task InvokeAsync(HttpContext ctx)
        {
            string path = ctx.Request.Path.Value ?? "";
            if (!path.StartsWith("/_sandbox/", StringComparison.Ordinal))
            {
                await _next(ctx);
                return;
            }
            ctx.Response.ContentType = "application/json";
            switch (ctx.Request.Method + " " + path)
            {
                case "POST /_sandbox/faults":
                    using (var reader = new StreamReader(ctx.Request.Body))
                    {
                        var body = JObject.Parse(await reader.ReadToEndAsync());
                        _server.Faults.Add(RuleFrom(body));
                    }
                    await ctx.Response.WriteAsync("true");
                    return;
                case "GET /_sandbox/faults":
                    var rules = new JArray();
                    foreach (var r in _server.Faults.Rules)
                        rules.Add(new JObject { ["route"] = r.Route, ["kind"] = r.Kind.ToString(), ["hits"] = r.Hits });
                    await ctx.Response.WriteAsync(rules.ToString());
                    return;
                case "DELETE /_sandbox/faults":
                    _server.Faults.Clear();
                    await ctx.Response.WriteAsync("true");
                    return;
                case "POST /_sandbox/worker":
                    using (var reader = new StreamReader(ctx.Request.Body))
                        _server.FinishEveryCancellingRunAfterReads((int?)JObject.Parse(await reader.ReadToEndAsync())["finishCancellingAfterReads"]);
                    await ctx.Response.WriteAsync("true");
                    return;
                case "GET /_sandbox/requests":
                    await ctx.Response.WriteAsync(JObject.FromObject(_server.Requests.Snapshot()).ToString());
                    return;
                default:
                    ctx.Response.StatusCode = 404;
                    await ctx.Response.WriteAsync("{\"detail\":\"Not Found\"}");
                    return;
            }
        }

        private static FaultRule RuleFrom(JObject body)
        {
            var kind = (FaultKind)Enum.Parse(typeof(FaultKind), (string?)body["kind"] ?? nameof(FaultKind.Status), ignoreCase: true);
            var rule = new FaultRule((string?)body["route"] ?? "*", kind, (int?)body["status"] ?? 500, (int?)body["times"] ?? int.MaxValue);
            int skip = (int?)body["skip"] ?? 0;
            string? pathContains = (string?)body["pathContains"];
            int seen = 0;
            rule.When = ctx => (pathContains == null || (ctx.Request.Path.Value ?? "").Contains(pathContains))
                               && Interlocked.Increment(ref seen) > skip;
            return rule;
        }
    }
}
