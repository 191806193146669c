using System;
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
    /// <summary>Work pools and their queues (section 6).</summary>
    public static class WorkPoolRoutes
    {
        public static void Map(RouteGroupBuilder api, SandboxContext c)
        {
            var s = c.State;
            JsonResult PoolMissing(string name) => Errors.NotFound($"Work pool \"{name}\" not found.");

            api.MapPost("/work_pools/", (HttpContext ctx) =>
            {
                var raw = Json.Body(ctx);
                var body = raw as JObject ?? new JObject();
                if (body["name"]?.Type != JTokenType.String) return Errors.Missing(raw, "name");
                if (WorkQueueWrites.NegativeLimit(body, raw) is JsonResult bad) return bad;
                using (s.Exclusive())
                {
                    if (s.PoolByName((string)body["name"]!) != null) return Errors.Detail(409, "A work pool with this name already exists.");
                    var p = s.CreateWorkPool((string)body["name"]!, (string?)body["type"] ?? "prefect-agent", (string?)body["description"],
                        body["concurrency_limit"]?.Type == JTokenType.Integer ? (int?)body["concurrency_limit"] : null);
                    if (body["base_job_template"] is JObject t) p.BaseJobTemplate = t;
                    if (body["is_paused"]?.Type == JTokenType.Boolean) p.IsPaused = (bool)body["is_paused"]!;
                    return JsonResult.Created(c.Shapes.WorkPool(p));
                }
            });

            api.MapPost("/work_pools/filter", (HttpContext ctx) =>
            {
                var body = Json.BodyObject(ctx);
                using (s.Exclusive())
                {
                    var m = s.WorkPools.Values.Where(p => FilterEval.Match(body["work_pools"], EntityFields.WorkPool(p)))
                        .OrderBy(p => p.Name, StringComparer.Ordinal);
                    if (!SandboxContext.TryPage(body, m, out var page, out var err)) return err!;
                    return JsonResult.Ok(new JArray(page.Select(c.Shapes.WorkPool)));
                }
            });

            api.MapGet("/work_pools/{name}", (string name) =>
            {
                using (s.Exclusive())
                {
                    var p = s.PoolByName(name);
                    return p != null ? JsonResult.Ok(c.Shapes.WorkPool(p)) : PoolMissing(name);
                }
            });

            api.MapPatch("/work_pools/{name}", (string name, HttpContext ctx) =>
            {
                var raw = Json.Body(ctx);
                var body = raw as JObject ?? new JObject();
                if (WorkQueueWrites.NegativeLimit(body, raw) is JsonResult bad) return bad;
                using (s.Exclusive())
                {
                    var p = s.PoolByName(name);
                    if (p == null) return PoolMissing(name);
                    if (body["is_paused"]?.Type == JTokenType.Boolean) p.IsPaused = (bool)body["is_paused"]!;
                    if (body.ContainsKey("concurrency_limit")) p.ConcurrencyLimit = (int?)body["concurrency_limit"];
                    if (body.ContainsKey("description")) p.Description = (string?)body["description"];
                    if (body["base_job_template"] is JObject t) p.BaseJobTemplate = t;
                    s.Touch(p);
                    return JsonResult.NoContent();
                }
            });

            api.MapPost("/work_pools/{work_pool_name}/queues", (string work_pool_name, HttpContext ctx) =>
            {
                var raw = Json.Body(ctx);
                var body = raw as JObject ?? new JObject();
                if (body["name"]?.Type != JTokenType.String) return Errors.Missing(raw, "name");
                if (WorkQueueWrites.NegativeLimit(body, raw) is JsonResult bad) return bad;
                using (s.Exclusive())
                {
                    var p = s.PoolByName(work_pool_name);
                    if (p == null) return PoolMissing(work_pool_name);
                    if (s.QueueInPool(p, (string)body["name"]!) != null) return Errors.Detail(409, "A work queue with this name already exists.");
                    return JsonResult.Created(c.Shapes.WorkQueue(WorkQueueWrites.Create(s, p, body)));
                }
            });

            api.MapPost("/work_pools/{work_pool_name}/queues/filter", (string work_pool_name, HttpContext ctx) =>
            {
                var body = Json.BodyObject(ctx);
                using (s.Exclusive())
                {
                    var p = s.PoolByName(work_pool_name);
                    if (p == null) return PoolMissing(work_pool_name);
                    var m = s.WorkQueues.Values.Where(q => q.WorkPoolId == p.Id && FilterEval.Match(body["work_queues"], EntityFields.WorkQueue(q)))
                        .OrderBy(q => q.Priority).ThenBy(q => q.Name, StringComparer.Ordinal);
                    if (!SandboxContext.TryPage(body, m, out var page, out var err)) return err!;
                    return JsonResult.Ok(new JArray(page.Select(c.Shapes.WorkQueue)));
                }
            });

            api.MapGet("/work_pools/{work_pool_name}/queues/{name}", (string work_pool_name, string name) =>
            {
                using (s.Exclusive())
                {
                    var p = s.PoolByName(work_pool_name);
                    var q = p == null ? null : s.QueueInPool(p, name);
                    return q != null ? JsonResult.Ok(c.Shapes.WorkQueue(q)) : Errors.NotFound($"Work pool queue '{work_pool_name}/{name}' not found.");
                }
            });

            api.MapPatch("/work_pools/{work_pool_name}/queues/{name}", (string work_pool_name, string name, HttpContext ctx) =>
            {
                var raw = Json.Body(ctx);
                var body = raw as JObject ?? new JObject();
                if (WorkQueueWrites.NegativeLimit(body, raw) is JsonResult bad) return bad;
                using (s.Exclusive())
                {
                    var p = s.PoolByName(work_pool_name);
                    var q = p == null ? null : s.QueueInPool(p, name);
                    if (q == null) return Errors.NotFound($"Work pool queue '{work_pool_name}/{name}' not found.");
                    WorkQueueWrites.Update(s, q, body);
                    return JsonResult.NoContent();
                }
            });

            api.MapPost("/work_pools/{name}/get_scheduled_flow_runs", (string name, HttpContext ctx) =>
            {
                var body = Json.BodyObject(ctx);
                using (s.Exclusive())
                {
                    var p = s.PoolByName(name);
                    if (p == null) return PoolMissing(name);
                    if (p.IsPaused) return JsonResult.Ok(new JArray());
                    var names = body["work_queue_names"] is JArray n ? n.Select(x => (string)x!).ToHashSet() : null;
                    var queues = s.WorkQueues.Values.Where(q => q.WorkPoolId == p.Id && (names == null || names.Contains(q.Name))).ToList();
                    foreach (var q in queues) q.LastPolled = s.Now;
                    var runs = WorkQueueWrites.ScheduledRuns(s, queues, body);
                    return JsonResult.Ok(new JArray(runs.Select(r => new JObject
                    {
                        ["work_pool_id"] = p.Id.ToString(),
                        ["work_queue_id"] = r.WorkQueueId.ToString(),
                        ["flow_run"] = c.Shapes.FlowRun(r),
                    })));
                }
            });
        }
    }
}
