using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Newtonsoft.Json.Linq;
using PrefectOps.Sandbox.Http;

namespace PrefectOps.Sandbox.Routes
{
    /// <summary>
    /// flow_run_input rows: what a paused flow stores (the schema of the input it waits for) and what a resume with
    /// run_input writes (under the keyset's "response" key). The value is text, answered as it was stored.
    /// </summary>
    public static class FlowRunInputRoutes
    {
        public static void Map(RouteGroupBuilder api, SandboxContext c)
        {
            var s = c.State;

            api.MapPost("/flow_runs/{id}/input", (string id, HttpContext ctx) =>
            {
                if (!SandboxContext.TryId(id, out var g)) return Errors.BadUuid("id");
                var body = Json.BodyObject(ctx);
                string key = (string?)body["key"] ?? "";
                using (s.Exclusive())
                {
                    if (!s.FlowRuns.TryGetValue(g, out var run)) return Errors.NotFound("Flow run not found");
                    if (run.Inputs.ContainsKey(key)) return Errors.Detail(409, "A flow run input with this key already exists.");
                    run.Inputs[key] = (string?)body["value"] ?? "";
                    return new JsonResult(201, JValue.CreateNull());
                }
            });

            api.MapGet("/flow_runs/{id}/input/{key}", (string id, string key) =>
            {
                if (!SandboxContext.TryId(id, out var g)) return Errors.BadUuid("id");
                using (s.Exclusive())
                {
                    if (s.FlowRuns.TryGetValue(g, out var run) && run.Inputs.TryGetValue(key, out var value)) return JsonResult.Text(value);
                    return Errors.NotFound("Flow run input not found");
                }
            });
        }
    }
}
