using System;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Newtonsoft.Json.Linq;
using PrefectOps.Sandbox.Http;
using PrefectOps.Sandbox.Scheduling;
using PrefectOps.Sandbox.State;

namespace PrefectOps.Sandbox.Routes
{
    /// <summary>
    /// set_schedule_inactive/active (2.x only) and pause_deployment/resume_deployment (both versions).
    /// In 2.19 the two pairs are the same handlers: paused, is_schedule_active and the single schedule's `active` flip
    /// together (section 3), and several schedules are a 422 (section 8). In 3.x only `paused` changes.
    /// </summary>
    public static class DeploymentPauseRoutes
    {
        public static void Map(RouteGroupBuilder api, SandboxContext c)
        {
            if (!c.V3)
            {
                api.MapPost("/deployments/{id}/set_schedule_inactive", (string id) => SetPaused(c, id, true));
                api.MapPost("/deployments/{id}/set_schedule_active", (string id) => SetPaused(c, id, false));
            }
            api.MapPost("/deployments/{id}/pause_deployment", (string id) => SetPaused(c, id, true));
            api.MapPost("/deployments/{id}/resume_deployment", (string id) => SetPaused(c, id, false));
        }

        private static JsonResult SetPaused(SandboxContext c, string id, bool pause)
        {
            if (!SandboxContext.TryId(id, out var g)) return Errors.BadUuid("id");
            var s = c.State;
            using (s.Exclusive())
            {
                if (!s.Deployments.TryGetValue(g, out var d)) return Errors.NotFound("Deployment not found");
                if (!c.V3)
                {
                    if (d.Schedules.Count > 1)
                        return new JsonResult(422, new JObject { ["detail"] = new JArray(DeploymentWrites.MultipleSchedules(d.Id)) });
                    foreach (var sc in d.Schedules) { sc.Active = !pause; s.Touch(sc); }
                    d.IsScheduleActive = !pause;
                }
                d.Paused = pause;
                s.Touch(d);
                // Pausing deletes the runs the scheduler made (2.x: all still SCHEDULED, 3.x: future ones);
                // resuming creates nothing: only the next scheduler pass does.
                if (pause) ScheduledRunCleanup.DeleteAutoScheduled(s, d);
                return JsonResult.Null();
            }
        }
    }
}
