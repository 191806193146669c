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
    /// <summary>Legacy /work_queues routes; they act on queues of default-agent-pool when creating (section 6).</summary>
    public static class WorkQueueRoutes
    {
        public static void Map(RouteGroupBuilder api, SandboxContext c)
        {
            var s = c.State;

            api.MapPost("/work_queues/", (HttpContext ctx) =>
            {
                var raw = Json.Body(ctx);
                var body = raw as JObject ?? new JObject();
                if (body["name"]?.Type != JTokenType.String) return Errors.Missing(raw, "name");
                if (WorkQueueWrites.NegativeLimit(body, raw) is JsonResult bad) return bad;
                using (s.Exclusive())
                {
                    var pool = s.PoolByName(SandboxState.DefaultAgentPool)!;
                    if (s.QueueInPool(pool, (string)body["name"]!) != null) return Errors.Detail(409, "A work queue with this name already exists.");
                    var q = WorkQueueWrites.Create(s, pool, body);
                    return JsonResult.Created(c.Shapes.WorkQueue(q));
                }
            });

            api.MapGet("/work_queues/{id}", (string id) =>
            {
                if (!SandboxContext.TryId(id, out var g)) return Errors.BadUuid("id");
                using (s.Exclusive())
                    return s.WorkQueues.TryGetValue(g, out var q) ? JsonResult.Ok(c.Shapes.WorkQueue(q)) : Errors.NotFound("work queue not found");
            });

            api.MapGet("/work_queues/name/{name}", (string name) =>
            {
                using (s.Exclusive())
                {
                    var q = s.QueueInPool(s.PoolByName(SandboxState.DefaultAgentPool)!, name);
                    return q != null ? JsonResult.Ok(c.Shapes.WorkQueue(q)) : Errors.NotFound("work queue not found");
                }
            });

            api.MapPost("/work_queues/filter", (HttpContext ctx) =>
            {
                var body = Json.BodyObject(ctx);
                using (s.Exclusive())
                {
                    var m = s.WorkQueues.Values.Where(q => FilterEval.Match(body["work_queues"], EntityFields.WorkQueue(q)))
                        .OrderBy(q => q.Name, StringComparer.Ordinal).ThenBy(q => q.Seq);
                    if (!SandboxContext.TryPage(body, m, out var page, out var err)) return err!;
                    return JsonResult.Ok(new JArray(page.Select(c.Shapes.WorkQueue)));
                }
            });

            api.MapPatch("/work_queues/{id}", (string id, HttpContext ctx) =>
            {
                if (!SandboxContext.TryId(id, out var g)) return Errors.BadUuid("id");
                var raw = Json.Body(ctx);
                var body = raw as JObject ?? new JObject();
                if (WorkQueueWrites.NegativeLimit(body, raw) is JsonResult bad) return bad;
                using (s.Exclusive())
                {
                    // The 2.19 handler formats Python's builtin `id` instead of the queue id (section 7).
                    if (!s.WorkQueues.TryGetValue(g, out var q)) return Errors.NotFound("Work Queue <built-in function id> not found");
                    WorkQueueWrites.Update(s, q, body);
                    return JsonResult.NoContent();
                }
            });

            // The real server deletes a queue with DELETE (204), here so tests can remove one behind a client's back.
            api.MapDelete("/work_queues/{id}", (string id) =>
            {
                if (!SandboxContext.TryId(id, out var g)) return Errors.BadUuid("id");
                using (s.Exclusive())
                {
                    if (!s.WorkQueues.Remove(g)) return Errors.NotFound("work queue not found");
                    return JsonResult.NoContent();
                }
            });

            api.MapGet("/work_queues/{id}/status", (string id) =>
            {
                if (!SandboxContext.TryId(id, out var g)) return Errors.BadUuid("id");
                using (s.Exclusive())
                {
                    if (!s.WorkQueues.TryGetValue(g, out var q)) return Errors.NotFound("work queue not found");
                    var now = s.Now;
                    int late = s.FlowRuns.Values.Count(r => r.WorkQueueId == q.Id && r.State.Type == "SCHEDULED" && r.State.Name == "Late");
                    bool healthy = !q.IsPaused && q.LastPolled.HasValue && (now - q.LastPolled.Value).TotalSeconds <= 60 && late <= 0;
                    return JsonResult.Ok(new JObject
                    {
                        ["healthy"] = healthy,
                        ["late_runs_count"] = late,
                        ["last_polled"] = c.Shapes.Time(q.LastPolled),
                        ["health_check_policy"] = new JObject { ["maximum_late_runs"] = 0, ["maximum_seconds_since_last_polled"] = 60 },
                    });
                }
            });

            api.MapPost("/work_queues/{id}/get_runs", (string id, HttpContext ctx) =>
            {
                if (!SandboxContext.TryId(id, out var g)) return Errors.BadUuid("id");
                var body = Json.BodyObject(ctx);
                using (s.Exclusive())
                {
                    if (!s.WorkQueues.TryGetValue(g, out var q)) return Errors.ExceptionMessage(404, $"Work queue with id {g} not found.");
                    q.LastPolled = s.Now;
                    var runs = WorkQueueWrites.ScheduledRuns(s, new[] { q }, body);
                    return JsonResult.Ok(new JArray(runs.Select(c.Shapes.FlowRun)));
                }
            });
        }
    }
}
