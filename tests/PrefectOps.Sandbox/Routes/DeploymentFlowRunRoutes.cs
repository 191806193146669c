using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Newtonsoft.Json.Linq;
using PrefectOps.Sandbox.Http;
using PrefectOps.Sandbox.State;

namespace PrefectOps.Sandbox.Routes
{
    /// <summary>POST /deployments/{id}/create_flow_run: 201 new; 200 with the existing run for a known idempotency_key.</summary>
    public static class DeploymentFlowRunRoutes
    {
        public static void Map(RouteGroupBuilder api, SandboxContext c)
        {
            var s = c.State;
            api.MapPost("/deployments/{id}/create_flow_run", (string id, HttpContext ctx) =>
            {
                if (!SandboxContext.TryId(id, out var g)) return Errors.BadUuid("id");
                var body = Json.BodyObject(ctx);
                using (s.Exclusive())
                {
                    if (!s.Deployments.TryGetValue(g, out var d)) return Errors.NotFound("Deployment not found");
                    var key = body["idempotency_key"]?.Type == JTokenType.String ? (string)body["idempotency_key"]! : null;
                    if (key != null)
                    {
                        var existing = s.RunByIdempotencyKey(d.FlowId, key);
                        if (existing != null) return JsonResult.Ok(c.Shapes.FlowRun(existing));
                    }
                    var run = FlowRunFactory.FromDeployment(s, d, body);
                    return JsonResult.Created(c.Shapes.FlowRun(run));
                }
            });
        }
    }
}
