using System;
using System.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Newtonsoft.Json.Linq;
using PrefectOps.Sandbox.Http;
using PrefectOps.Sandbox.Scheduling;
using PrefectOps.Sandbox.State;

namespace PrefectOps.Sandbox.Routes
{
    /// <summary>Per-schedule endpoints (section 8) and the backfill POST /deployments/{id}/schedule (section 4).</summary>
    public static class DeploymentScheduleRoutes
    {
        public static void Map(RouteGroupBuilder api, SandboxContext c)
        {
            var s = c.State;

            api.MapGet("/deployments/{id}/schedules", (string id) =>
            {
                if (!SandboxContext.TryId(id, out var g)) return Errors.BadUuid("id");
                using (s.Exclusive())
                {
                    if (!s.Deployments.TryGetValue(g, out var d)) return Errors.NotFound("Deployment not found.");
                    return JsonResult.Ok(new JArray(d.Schedules.OrderByDescending(x => x.Updated).Select(c.Shapes.Schedule)));
                }
            });

            api.MapPost("/deployments/{id}/schedules", (string id, HttpContext ctx) =>
            {
                if (!SandboxContext.TryId(id, out var g)) return Errors.BadUuid("id");
                var raw = Json.Body(ctx);
                var list = raw as JArray ?? new JArray();
                using (s.Exclusive())
                {
                    if (!s.Deployments.TryGetValue(g, out var d)) return Errors.NotFound("Deployment not found.");
                    var created = new JArray();
                    try
                    {
                        var recs = list.Select((item, i) => DeploymentWrites.ScheduleFrom(s, item as JObject ?? new JObject(), d.Id, new JArray("body", i, "schedule"))).ToList();
                        foreach (var r in recs) { d.Schedules.Add(r); created.Add(c.Shapes.Schedule(r)); }
                    }
                    catch (ScheduleNormalizer.Invalid e) { return Errors.Validation(e.Details, raw); }
                    s.Touch(d);
                    return JsonResult.Created(created);
                }
            });

            api.MapPatch("/deployments/{id}/schedules/{schedule_id}", (string id, string schedule_id, HttpContext ctx) =>
            {
                if (!SandboxContext.TryId(id, out var g)) return Errors.BadUuid("id");
                if (!SandboxContext.TryId(schedule_id, out var sg)) return Errors.BadUuid("schedule_id");
                var raw = Json.Body(ctx);
                var body = raw as JObject ?? new JObject();
                using (s.Exclusive())
                {
                    if (!s.Deployments.TryGetValue(g, out var d)) return Errors.NotFound("Deployment not found.");
                    var sc = d.Schedules.FirstOrDefault(x => x.Id == sg);
                    if (sc == null) return Errors.NotFound("Schedule not found.");
                    if (body["schedule"] is JObject)
                    {
                        try { sc.Schedule = ScheduleNormalizer.Normalize(body["schedule"], new JArray("body", "schedule")); }
                        catch (ScheduleNormalizer.Invalid e) { return Errors.Validation(e.Details, raw); }
                    }
                    // Only the schedule's own flag: the deployment's paused/is_schedule_active stay as they were
                    // (section 8 "PATCH schedule active=false" then "read").
                    if (body["active"]?.Type == JTokenType.Boolean) sc.Active = (bool)body["active"]!;
                    if (body.ContainsKey("max_scheduled_runs")) sc.MaxScheduledRuns = (int?)body["max_scheduled_runs"];
                    if (body["parameters"] is JObject p) sc.Parameters = p;
                    if (body.ContainsKey("slug")) sc.Slug = (string?)body["slug"];
                    s.Touch(sc);
                    s.Touch(d);
                    ScheduledRunCleanup.DeleteAutoScheduled(s, d);
                    return JsonResult.NoContent();
                }
            });

            api.MapDelete("/deployments/{id}/schedules/{schedule_id}", (string id, string schedule_id) =>
            {
                if (!SandboxContext.TryId(id, out var g)) return Errors.BadUuid("id");
                if (!SandboxContext.TryId(schedule_id, out var sg)) return Errors.BadUuid("schedule_id");
                using (s.Exclusive())
                {
                    if (!s.Deployments.TryGetValue(g, out var d)) return Errors.NotFound("Deployment not found.");
                    if (d.Schedules.RemoveAll(x => x.Id == sg) == 0) return Errors.NotFound("Schedule not found.");
                    s.Touch(d);
                    ScheduledRunCleanup.DeleteAutoScheduled(s, d);
                    return JsonResult.NoContent();
                }
            });

            // Backfill. Always 200 null: no ids, no 404 for an unknown deployment (section 4).
            api.MapPost("/deployments/{id}/schedule", (string id, HttpContext ctx) =>
            {
                if (!SandboxContext.TryId(id, out var g)) return Errors.BadUuid("id");
                var raw = Json.Body(ctx);
                var body = raw as JObject ?? new JObject();
                var now = s.Now;
                if (!TryTime(body, "start_time", raw, out var start, out var err)) return err!;
                if (!TryTime(body, "end_time", raw, out var end, out err)) return err!;
                var startTime = start ?? now;
                var endTime = end ?? startTime + ScheduledRunGenerator.MaxScheduledTime;
                var minTime = ScheduledRunGenerator.MinScheduledTime;
                var mt = body["min_time"];
                if (mt != null && (mt.Type == JTokenType.Integer || mt.Type == JTokenType.Float)) minTime = TimeSpan.FromSeconds((double)mt);
                else if (mt?.Type == JTokenType.String)
                {
                    try { minTime = System.Xml.XmlConvert.ToTimeSpan((string)mt!); } catch (FormatException) { }
                }
                int minRuns = body["min_runs"]?.Type == JTokenType.Integer ? (int)body["min_runs"]! : ScheduledRunGenerator.MinRuns;
                int maxRuns = body["max_runs"]?.Type == JTokenType.Integer ? (int)body["max_runs"]! : ScheduledRunGenerator.MaxRuns;
                using (s.Exclusive())
                {
                    if (s.Deployments.TryGetValue(g, out var d))
                        ScheduledRunGenerator.ScheduleRuns(s, d, startTime, endTime, minTime, minRuns, maxRuns);
                    return JsonResult.Null();
                }
            });
        }

        private static bool TryTime(JObject body, string field, JToken? raw, out DateTimeOffset? value, out JsonResult? error)
        {
            value = null;
            error = null;
            var tok = body[field];
            if (tok == null || tok.Type == JTokenType.Null) return true;
            if (Json.TryParseTime(tok, out var t)) { value = t; return true; }
            error = Errors.Validation(new JArray("body", field), $"Unable to parse string [{tok}]", "value_error.parser", raw);
            return false;
        }
    }
}
