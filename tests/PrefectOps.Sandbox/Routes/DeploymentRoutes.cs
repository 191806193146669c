using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Newtonsoft.Json.Linq;
using PrefectOps.Sandbox.Filters;
using PrefectOps.Sandbox.Http;
using PrefectOps.Sandbox.Scheduling;
using PrefectOps.Sandbox.State;

namespace PrefectOps.Sandbox.Routes
{
    /// <summary>Deployment CRUD, filter/count and PATCH (sections 1-3 of the recordings).</summary>
    public static class DeploymentRoutes
    {
        public static void Map(RouteGroupBuilder api, SandboxContext c)
        {
            var s = c.State;

            api.MapPost("/deployments/", (HttpContext ctx) =>
            {
                var raw = Json.Body(ctx);
                var body = raw as JObject ?? new JObject();
                if (body["name"]?.Type != JTokenType.String) return Errors.Missing(raw, "name");
                if (body["flow_id"] == null || body["flow_id"]!.Type == JTokenType.Null) return Errors.Missing(raw, "flow_id");
                if (!Guid.TryParse((string?)body["flow_id"], out var flowId))
                    return Errors.Validation(new JArray("body", "flow_id"), "value is not a valid uuid", "type_error.uuid", raw);
                using (s.Exclusive())
                {
                    if (!s.Flows.ContainsKey(flowId))
                        return Errors.Detail(409, "Data integrity conflict. This usually means a unique or foreign key constraint was violated. See server logs for details.");
                    string name = (string)body["name"]!;
                    var existing = s.Deployments.Values.FirstOrDefault(x => x.FlowId == flowId && x.Name == name);
                    var d = existing ?? new DeploymentRec { Name = name, FlowId = flowId };
                    bool? isActive = body["is_schedule_active"]?.Type == JTokenType.Boolean ? (bool?)body["is_schedule_active"] : null;
                    bool? paused = body["paused"]?.Type == JTokenType.Boolean ? (bool?)body["paused"] : null;
                    List<ScheduleRec>? schedules;
                    try { schedules = DeploymentWrites.SchedulesFrom(s, body, d.Id, isActive); }
                    catch (ScheduleNormalizer.Invalid e) { return Errors.Validation(e.Details, raw); }
                    var err = DeploymentWrites.ResolveQueue(s, (string?)body["work_pool_name"], (string?)body["work_queue_name"], out var pool, out var queue);
                    if (err != null) return err;

                    // Create replaces every field of an existing deployment (the re-POST in section 1 lost its description).
                    if (existing == null) s.Stamp(d); else s.Touch(d);
                    d.Version = (string?)body["version"];
                    d.Description = (string?)body["description"];
                    d.Parameters = body["parameters"] as JObject ?? new JObject();
                    d.Tags = body["tags"] is JArray t ? t.Select(x => (string)x!).ToList() : new List<string>();
                    d.JobVariables = (body["job_variables"] ?? body["infra_overrides"]) as JObject ?? new JObject();
                    d.Path = (string?)body["path"];
                    d.Entrypoint = (string?)body["entrypoint"];
                    // Not given: 3.x enforces the parameter schema, 2.19 does not.
                    d.EnforceParameterSchema = body["enforce_parameter_schema"]?.Type == JTokenType.Boolean ? (bool)body["enforce_parameter_schema"]! : c.V3;
                    d.ConcurrencyLimit = body["concurrency_limit"]?.Type == JTokenType.Integer ? (int?)body["concurrency_limit"] : null;
                    d.WorkPoolName = pool?.Name;
                    d.WorkQueueName = queue?.Name;
                    d.WorkQueueId = queue?.Id;
                    d.Paused = paused ?? (isActive.HasValue ? !isActive.Value : false);
                    d.IsScheduleActive = !d.Paused;
                    d.Schedules = schedules ?? new List<ScheduleRec>();
                    foreach (var sc in d.Schedules) sc.DeploymentId = d.Id;
                    s.Deployments[d.Id] = d;
                    if (existing != null) ScheduledRunCleanup.DeleteAutoScheduled(s, d);
                    var shape = c.Shapes.Deployment(d);
                    return existing == null ? JsonResult.Created(shape) : JsonResult.Ok(shape);
                }
            });

            api.MapGet("/deployments/{id}", (string id) =>
            {
                if (!SandboxContext.TryId(id, out var g)) return Errors.BadUuid("id");
                using (s.Shared())
                    return s.Deployments.TryGetValue(g, out var d) ? JsonResult.Ok(c.Shapes.Deployment(d)) : Errors.NotFound("Deployment not found");
            });

            api.MapGet("/deployments/name/{flow_name}/{deployment_name}", (string flow_name, string deployment_name) =>
            {
                using (s.Shared())
                {
                    var f = s.FlowByName(flow_name);
                    var d = f == null ? null : s.Deployments.Values.FirstOrDefault(x => x.FlowId == f.Id && x.Name == deployment_name);
                    return d != null ? JsonResult.Ok(c.Shapes.Deployment(d)) : Errors.NotFound("Deployment not found");
                }
            });

            api.MapPost("/deployments/filter", (HttpContext ctx) =>
            {
                var body = Json.BodyObject(ctx);
                using (s.Shared())
                {
                    var m = Matching(c, body);
                    // Default order is NAME_ASC ("deployments tags all_ [nightly]" answers adhoc before nightly-etl).
                    var sorted = (string?)body["sort"] switch
                    {
                        "CREATED_DESC" => m.OrderByDescending(d => d.Created).ThenByDescending(d => d.Seq),
                        "UPDATED_DESC" => m.OrderByDescending(d => d.Updated).ThenByDescending(d => d.Seq),
                        "NAME_DESC" => m.OrderByDescending(d => d.Name, StringComparer.Ordinal).ThenByDescending(d => d.Seq),
                        _ => m.OrderBy(d => d.Name, StringComparer.Ordinal).ThenBy(d => d.Seq),
                    };
                    if (!SandboxContext.TryPage(body, sorted, out var page, out var err)) return err!;
                    return JsonResult.Ok(new JArray(page.Select(c.Shapes.DeploymentInListing)));
                }
            });

            api.MapPost("/deployments/count", (HttpContext ctx) =>
            {
                using (s.Shared()) return JsonResult.Ok(Matching(c, Json.BodyObject(ctx)).Count);
            });

            api.MapPatch("/deployments/{id}", (string id, HttpContext ctx) =>
            {
                if (!SandboxContext.TryId(id, out var g)) return Errors.BadUuid("id");
                var raw = Json.Body(ctx);
                var body = raw as JObject ?? new JObject();
                using (s.Exclusive())
                {
                    if (!s.Deployments.TryGetValue(g, out var d)) return Errors.NotFound("Deployment not found.");
                    return Patch(c, d, body, raw);
                }
            });

            api.MapDelete("/deployments/{id}", (string id) =>
            {
                if (!SandboxContext.TryId(id, out var g)) return Errors.BadUuid("id");
                using (s.Exclusive())
                {
                    if (!s.Deployments.TryGetValue(g, out var d)) return Errors.NotFound("Deployment not found");
                    foreach (var r in s.FlowRuns.Values.Where(r => r.DeploymentId == d.Id && r.State.Type == "SCHEDULED").ToList()) s.RemoveRun(r);
                    s.Deployments.Remove(g);
                    return JsonResult.NoContent();
                }
            });
        }

        /// <summary>
        /// PATCH semantics, all in one step (one request can pause and tag):
        /// `paused` sets paused and is_schedule_active = !paused, schedules untouched ("read after PATCH paused=true").
        /// 2.x `is_schedule_active` sets both flags and re-creates the single schedule with active = value (it gets a
        /// new id), 422 with several schedules. Any PATCH deletes auto-scheduled runs (2.x all, 3.x future ones).
        /// </summary>
        private static JsonResult Patch(SandboxContext c, DeploymentRec d, JObject body, JToken? raw)
        {
            var s = c.State;
            bool? isActive = !c.V3 && body["is_schedule_active"]?.Type == JTokenType.Boolean ? (bool?)body["is_schedule_active"] : null;
            bool? paused = body["paused"]?.Type == JTokenType.Boolean ? (bool?)body["paused"] : null;
            if (isActive.HasValue && d.Schedules.Count > 1 && body["schedules"] == null && body["schedule"] == null)
                return new JsonResult(422, new JObject { ["detail"] = new JArray(DeploymentWrites.MultipleSchedules(d.Id)) });

            List<ScheduleRec>? newSchedules;
            try { newSchedules = DeploymentWrites.SchedulesFrom(s, body, d.Id, isActive); }
            catch (ScheduleNormalizer.Invalid e) { return Errors.Validation(e.Details, raw); }
            WorkPoolRec? pool = null;
            WorkQueueRec? queue = null;
            if (body.ContainsKey("work_pool_name") || body.ContainsKey("work_queue_name"))
            {
                string? poolName = body.ContainsKey("work_pool_name") ? (string?)body["work_pool_name"] : d.WorkPoolName;
                string? queueName = body.ContainsKey("work_queue_name") ? (string?)body["work_queue_name"] : d.WorkQueueName;
                var err = DeploymentWrites.ResolveQueue(s, poolName, queueName, out pool, out queue);
                if (err != null) return err;
                d.WorkPoolName = pool?.Name;
                d.WorkQueueName = queue?.Name;
                d.WorkQueueId = queue?.Id;
            }

            if (body.ContainsKey("tags")) d.Tags = body["tags"] is JArray t ? t.Select(x => (string)x!).ToList() : new List<string>();
            if (body.ContainsKey("description")) d.Description = (string?)body["description"];
            if (body.ContainsKey("version")) d.Version = (string?)body["version"];
            if (body["parameters"] is JObject p) d.Parameters = p;
            if ((body["job_variables"] ?? body["infra_overrides"]) is JObject jv) d.JobVariables = jv;
            if (body.ContainsKey("path")) d.Path = (string?)body["path"];
            if (body.ContainsKey("entrypoint")) d.Entrypoint = (string?)body["entrypoint"];
            if (body["enforce_parameter_schema"]?.Type == JTokenType.Boolean) d.EnforceParameterSchema = (bool)body["enforce_parameter_schema"]!;
            if (body.ContainsKey("concurrency_limit")) d.ConcurrencyLimit = (int?)body["concurrency_limit"];

            if (newSchedules != null)
                d.Schedules = newSchedules;
            else if (isActive.HasValue && d.Schedules.Count == 1)
            {
                var old = d.Schedules[0];
                var repl = s.Stamp(new ScheduleRec
                {
                    DeploymentId = d.Id, Schedule = old.Schedule, Active = isActive.Value, MaxActiveRuns = old.MaxActiveRuns,
                    MaxScheduledRuns = old.MaxScheduledRuns, Catchup = old.Catchup, Parameters = old.Parameters, Slug = old.Slug,
                });
                d.Schedules = new List<ScheduleRec> { repl };
            }
            if (isActive.HasValue) { d.IsScheduleActive = isActive.Value; d.Paused = !isActive.Value; }
            if (paused.HasValue) { d.Paused = paused.Value; d.IsScheduleActive = !paused.Value; }
            s.Touch(d);
            ScheduledRunCleanup.DeleteAutoScheduled(s, d);
            return JsonResult.NoContent();
        }

        private static List<DeploymentRec> Matching(SandboxContext c, JObject body)
        {
            var s = c.State;
            // Read once, not per deployment: an estate of thousands is filtered for every page asked for.
            var df = body["deployments"] as JObject;
            var ff = body["flows"] as JObject;
            var rf = body["flow_runs"] as JObject;
            var pf = body["work_pools"] as JObject;
            var qf = body["work_pool_queues"] as JObject;
            if (df == null && ff == null && rf == null && pf == null && qf == null) return s.Deployments.Values.ToList();
            return s.Deployments.Values.Where(d =>
            {
                s.Flows.TryGetValue(d.FlowId, out var f);
                if (df != null && !FilterEval.Match(df, EntityFields.Deployment(d, f))) return false;
                if (ff != null && (f == null || !FilterEval.Match(ff, EntityFields.Flow(f)))) return false;
                if (rf != null && !s.FlowRuns.Values.Any(r => r.DeploymentId == d.Id && FilterEval.Match(rf, EntityFields.FlowRun(r)))) return false;
                if (pf != null)
                {
                    var pool = d.WorkPoolName == null ? null : s.PoolByName(d.WorkPoolName);
                    if (pool == null || !FilterEval.Match(pf, EntityFields.WorkPool(pool))) return false;
                }
                if (qf != null)
                {
                    var q = d.WorkQueueId.HasValue && s.WorkQueues.TryGetValue(d.WorkQueueId.Value, out var qq) ? qq : null;
                    if (q == null || !FilterEval.Match(qf, EntityFields.WorkQueue(q))) return false;
                }
                return true;
            }).ToList();
        }
    }
}
