using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Newtonsoft.Json.Linq;
using PrefectOps.Sandbox.Filters;
using PrefectOps.Sandbox.Http;
using PrefectOps.Sandbox.Orchestration;
using PrefectOps.Sandbox.State;

namespace PrefectOps.Sandbox.Routes
{
    /// <summary>Flow runs: read, filter/count, PATCH, DELETE, and the state history (section 5).</summary>
    public static class FlowRunRoutes
    {
        public static readonly string[] StateTypes = { "SCHEDULED", "PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED", "CRASHED", "PAUSED", "CANCELLING" };

        public static void Map(RouteGroupBuilder api, SandboxContext c)
        {
            var s = c.State;

            api.MapGet("/flow_runs/{id}", (string id) =>
            {
                if (!SandboxContext.TryId(id, out var g)) return Errors.BadUuid("id");
                using (s.Exclusive())
                {
                    if (!s.FlowRuns.TryGetValue(g, out var r)) return Errors.NotFound("Flow run not found");
                    s.Cancellation.OnRead(s, r);
                    return JsonResult.Ok(c.Shapes.FlowRun(r));
                }
            });

            api.MapPost("/flow_runs/filter", (HttpContext ctx) =>
            {
                var body = Json.BodyObject(ctx);
                using (s.Exclusive())
                {
                    var sorted = Sort(Matching(c, body), (string?)body["sort"]);
                    if (!SandboxContext.TryPage(body, sorted, out var page, out var err)) return err!;
                    foreach (var r in page) s.Cancellation.OnRead(s, r);
                    return JsonResult.Ok(new JArray(page.Select(c.Shapes.FlowRun)));
                }
            });

            api.MapPost("/flow_runs/count", (HttpContext ctx) =>
            {
                using (s.Exclusive()) return JsonResult.Ok(Matching(c, Json.BodyObject(ctx)).Count);
            });

            api.MapPatch("/flow_runs/{id}", (string id, HttpContext ctx) =>
            {
                if (!SandboxContext.TryId(id, out var g)) return Errors.BadUuid("id");
                var body = Json.BodyObject(ctx);
                using (s.Exclusive())
                {
                    if (!s.FlowRuns.TryGetValue(g, out var r)) return Errors.NotFound("Flow run not found");
                    if (body["name"]?.Type == JTokenType.String) r.Name = (string)body["name"]!;
                    if (body["tags"] is JArray t) r.Tags = t.Select(x => (string)x!).ToList();
                    if (body["parameters"] is JObject p) r.Parameters = p;
                    s.Touch(r);
                    return JsonResult.NoContent();
                }
            });

            api.MapDelete("/flow_runs/{id}", (string id) =>
            {
                if (!SandboxContext.TryId(id, out var g)) return Errors.BadUuid("id");
                using (s.Exclusive())
                {
                    if (!s.FlowRuns.TryGetValue(g, out var r)) return Errors.NotFound("Flow run not found");
                    s.RemoveRun(r);
                    return JsonResult.NoContent();
                }
            });

            api.MapGet("/flow_run_states/", (HttpContext ctx) =>
            {
                var q = ctx.Request.Query["flow_run_id"].ToString();
                if (!SandboxContext.TryId(q, out var g))
                    return Errors.Validation(new JArray("query", "flow_run_id"), string.IsNullOrEmpty(q) ? "field required" : "value is not a valid uuid",
                        string.IsNullOrEmpty(q) ? "value_error.missing" : "type_error.uuid", null);
                using (s.Exclusive())
                {
                    var states = s.FlowRuns.TryGetValue(g, out var r) ? r.History : new List<StateRec>();
                    return JsonResult.Ok(new JArray(states.Select(c.Shapes.State)));
                }
            });
        }

        private static IEnumerable<FlowRunRec> Sort(List<FlowRunRec> m, string? sort) => sort switch
        {
            "EXPECTED_START_TIME_ASC" => m.OrderBy(r => r.ExpectedStartTime).ThenBy(r => r.Seq),
            "EXPECTED_START_TIME_DESC" => m.OrderByDescending(r => r.ExpectedStartTime).ThenByDescending(r => r.Seq),
            "START_TIME_ASC" => m.OrderBy(r => r.StartTime ?? r.ExpectedStartTime).ThenBy(r => r.Seq),
            "START_TIME_DESC" => m.OrderByDescending(r => r.StartTime ?? r.ExpectedStartTime).ThenByDescending(r => r.Seq),
            "NEXT_SCHEDULED_START_TIME_ASC" => m.OrderBy(r => r.NextScheduledStartTime).ThenBy(r => r.Seq),
            "END_TIME_DESC" => m.OrderByDescending(r => r.EndTime).ThenByDescending(r => r.Seq),
            "NAME_ASC" => m.OrderBy(r => r.Name, StringComparer.Ordinal),
            "NAME_DESC" => m.OrderByDescending(r => r.Name, StringComparer.Ordinal),
            // ID_DESC is the default ("filter flow runs by state type" lists d724..., c533..., 2de3...).
            _ => m.OrderByDescending(r => r.Id.ToString(), StringComparer.Ordinal),
        };

        private static List<FlowRunRec> Matching(SandboxContext c, JObject body)
        {
            var s = c.State;
            return s.FlowRuns.Values.Where(r =>
            {
                if (!FilterEval.Match(body["flow_runs"], EntityFields.FlowRun(r))) return false;
                if (body["flows"] is JObject ff && !(s.Flows.TryGetValue(r.FlowId, out var f) && FilterEval.Match(ff, EntityFields.Flow(f)))) return false;
                if (body["deployments"] is JObject df)
                {
                    if (!r.DeploymentId.HasValue || !s.Deployments.TryGetValue(r.DeploymentId.Value, out var d)) return false;
                    s.Flows.TryGetValue(d.FlowId, out var df2);
                    if (!FilterEval.Match(df, EntityFields.Deployment(d, df2))) return false;
                }
                if (body["work_pools"] is JObject pf && !(r.WorkPoolId.HasValue && s.WorkPools.TryGetValue(r.WorkPoolId.Value, out var p) && FilterEval.Match(pf, EntityFields.WorkPool(p)))) return false;
                if (body["work_pool_queues"] is JObject qf && !(r.WorkQueueId.HasValue && s.WorkQueues.TryGetValue(r.WorkQueueId.Value, out var q) && FilterEval.Match(qf, EntityFields.WorkQueue(q)))) return false;
                return true;
            }).ToList();
        }
    }
}
