using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json.Linq;
using PrefectOps.Sandbox.Http;
using PrefectOps.Sandbox.Scheduling;
using PrefectOps.Sandbox.State;

namespace PrefectOps.Sandbox.Routes
{
    /// <summary>Shared pieces of deployment create/update: schedules from a body, and queue/pool resolution.</summary>
    public static class DeploymentWrites
    {
        /// <summary>
        /// The schedules a create/update body asks for, or null when it does not mention them. 2.x still accepts the
        /// legacy single `schedule` (+ `is_schedule_active`), turned into one schedule (section 1 of the recordings).
        /// </summary>
        public static List<ScheduleRec>? SchedulesFrom(SandboxState s, JObject body, Guid deploymentId, bool? legacyActive)
        {
            if (body["schedules"] is JArray list)
            {
                var result = new List<ScheduleRec>();
                for (int i = 0; i < list.Count; i++)
                    result.Add(ScheduleFrom(s, list[i] as JObject ?? new JObject(), deploymentId, new JArray("body", "schedules", i, "schedule")));
                return result;
            }
            if (s.Major < 3 && body.ContainsKey("schedule"))
            {
                if (body["schedule"]!.Type == JTokenType.Null) return new List<ScheduleRec>();
                var norm = ScheduleNormalizer.Normalize(body["schedule"], new JArray("body", "schedule"));
                return new List<ScheduleRec> { s.Stamp(new ScheduleRec { DeploymentId = deploymentId, Schedule = norm, Active = legacyActive ?? true }) };
            }
            return null;
        }

        public static ScheduleRec ScheduleFrom(SandboxState s, JObject item, Guid deploymentId, JArray loc)
        {
            var norm = ScheduleNormalizer.Normalize(item["schedule"], loc);
            return s.Stamp(new ScheduleRec
            {
                DeploymentId = deploymentId,
                Schedule = norm,
                Active = item["active"]?.Type == JTokenType.Boolean ? (bool)item["active"]! : true,
                MaxActiveRuns = item["max_active_runs"]?.Type == JTokenType.Integer ? (int?)item["max_active_runs"] : null,
                MaxScheduledRuns = item["max_scheduled_runs"]?.Type == JTokenType.Integer ? (int?)item["max_scheduled_runs"] : null,
                Catchup = item["catchup"]?.Type == JTokenType.Boolean && (bool)item["catchup"]!,
                Parameters = item["parameters"] as JObject ?? new JObject(),
                Slug = item["slug"]?.Type == JTokenType.String ? (string?)item["slug"] : null,
            });
        }

        /// <summary>
        /// Resolves work_pool_name/work_queue_name the way the server does: a queue name without a pool lands in
        /// default-agent-pool; a pool without a queue name uses the pool's default queue; missing queues are created
        /// ("read auto-created queue by name" in section 6). An unknown pool is a 404.
        /// </summary>
        public static JsonResult? ResolveQueue(SandboxState s, string? poolName, string? queueName, out WorkPoolRec? pool, out WorkQueueRec? queue)
        {
            pool = null;
            queue = null;
            if (poolName != null)
            {
                pool = s.PoolByName(poolName);
                if (pool == null) return Errors.NotFound($"Work pool \"{poolName}\" not found.");
                var p = pool;
                queue = queueName == null ? s.WorkQueues[p.DefaultQueueId] : s.QueueInPool(p, queueName) ?? s.CreateQueue(p, queueName, "", null, null);
                return null;
            }
            if (queueName == null) return null;
            pool = s.PoolByName(SandboxState.DefaultAgentPool)!;
            queue = s.QueueInPool(pool, queueName) ?? s.CreateQueue(pool, queueName, "", null, null);
            return null;
        }

        public static string MultipleSchedules(Guid id) =>
            $"Error updating deployment: Deployment UUID('{id}') has multiple schedules. Please use the UI or update your client to adjust this deployment's schedules.";
    }
}
