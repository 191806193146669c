using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Newtonsoft.Json.Linq;
using PrefectOps.Sandbox.Filters;
using PrefectOps.Sandbox.Http;
using PrefectOps.Sandbox.State;

namespace PrefectOps.Sandbox.Routes
{
    public static class FlowRoutes
    {
        public static void Map(RouteGroupBuilder api, SandboxContext c)
        {
            var s = c.State;

            // The database deletes the flow's deployments and runs with it (ON DELETE CASCADE).
            api.MapDelete("/flows/{id}", (string id) =>
            {
                if (!SandboxContext.TryId(id, out var g)) return Errors.BadUuid("id");
                using (s.Exclusive())
                {
                    if (!s.Flows.Remove(g)) return Errors.NotFound("Flow not found");
                    foreach (var run in s.FlowRuns.Values.Where(r => r.FlowId == g).ToList()) s.RemoveRun(run);
                    foreach (var d in s.Deployments.Values.Where(d => d.FlowId == g).ToList()) s.Deployments.Remove(d.Id);
                    return JsonResult.NoContent();
                }
            });

            // Upsert by name: 201 when new, 200 with the existing flow (tags untouched) otherwise.
            api.MapPost("/flows/", (HttpContext ctx) =>
            {
                var body = Json.BodyObject(ctx);
                if (body["name"]?.Type != JTokenType.String) return Errors.Missing(Json.Body(ctx), "name");
                using (s.Exclusive())
                {
                    var name = (string)body["name"]!;
                    var existing = s.FlowByName(name);
                    if (existing != null) return JsonResult.Ok(c.Shapes.Flow(existing));
                    var f = s.Stamp(new FlowRec { Name = name, Tags = body["tags"] is JArray t ? t.Select(x => (string)x!).ToList() : new() });
                    s.Flows[f.Id] = f;
                    return JsonResult.Created(c.Shapes.Flow(f));
                }
            });

            api.MapGet("/flows/{id}", (string id) =>
            {
                if (!SandboxContext.TryId(id, out var g)) return Errors.BadUuid("id");
                using (s.Shared())
                    return s.Flows.TryGetValue(g, out var f) ? JsonResult.Ok(c.Shapes.Flow(f)) : Errors.NotFound("Flow not found");
            });

            api.MapGet("/flows/name/{name}", (string name) =>
            {
                using (s.Shared())
                {
                    var f = s.FlowByName(name);
                    return f != null ? JsonResult.Ok(c.Shapes.Flow(f)) : Errors.NotFound("Flow not found");
                }
            });

            api.MapPost("/flows/filter", (HttpContext ctx) =>
            {
                var body = Json.BodyObject(ctx);
                using (s.Shared())
                {
                    var matches = Matching(c, body);
                    var sorted = (string?)body["sort"] switch
                    {
                        "CREATED_DESC" => matches.OrderByDescending(f => f.Created).ThenByDescending(f => f.Seq),
                        "UPDATED_DESC" => matches.OrderByDescending(f => f.Updated).ThenByDescending(f => f.Seq),
                        "NAME_DESC" => matches.OrderByDescending(f => f.Name, System.StringComparer.Ordinal),
                        _ => matches.OrderBy(f => f.Name, System.StringComparer.Ordinal),
                    };
                    if (!SandboxContext.TryPage(body, sorted, out var page, out var err)) return err!;
                    return JsonResult.Ok(new JArray(page.Select(c.Shapes.Flow)));
                }
            });

            api.MapPost("/flows/count", (HttpContext ctx) =>
            {
                using (s.Shared()) return JsonResult.Ok(Matching(c, Json.BodyObject(ctx)).Count());
            });
        }

        /// <summary>
        /// Prefect applies `deployments` and `flow_runs` as EXISTS subqueries: a flow matches when at least one of its
        /// deployments (runs) does. An empty `deployments: {}` still requires one deployment.
        /// </summary>
        private static IEnumerable<FlowRec> Matching(SandboxContext c, JObject body)
        {
            var s = c.State;
            var ff = body["flows"];
            // Each related set is filtered once per request, not once per flow: estates have thousands of deployments.
            var withDeployment = body["deployments"] is JObject df
                ? new HashSet<Guid>(s.Deployments.Values.Where(d => FilterEval.Match(df, EntityFields.Deployment(d, s.Flows.TryGetValue(d.FlowId, out var f) ? f : null))).Select(d => d.FlowId))
                : null;
            var withRun = body["flow_runs"] is JObject rf
                ? new HashSet<Guid>(s.FlowRuns.Values.Where(r => FilterEval.Match(rf, EntityFields.FlowRun(r))).Select(r => r.FlowId))
                : null;
            return s.Flows.Values.Where(f =>
                FilterEval.Match(ff, EntityFields.Flow(f))
                && (withDeployment == null || withDeployment.Contains(f.Id))
                && (withRun == null || withRun.Contains(f.Id))).ToList();
        }
    }
}
