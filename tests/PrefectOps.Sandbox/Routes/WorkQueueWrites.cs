using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json.Linq;
using PrefectOps.Sandbox.Http;
using PrefectOps.Sandbox.State;

namespace PrefectOps.Sandbox.Routes
{
    /// <summary>Queue create/update shared by /work_queues and /work_pools/{name}/queues.</summary>
    public static class WorkQueueWrites
    {
        /// <summary>The exact pydantic message recorded for {"concurrency_limit": -1} (section 6).</summary>
        public static JsonResult? NegativeLimit(JObject body, JToken? raw)
        {
            if (body["concurrency_limit"]?.Type != JTokenType.Integer || (long)body["concurrency_limit"]! >= 0) return null;
            var v = (long)body["concurrency_limit"]!;
            return Errors.Validation(new JArray("body", "concurrency_limit"),
                $"1 validation error for constrained-int\n  Input should be greater than or equal to 0 [type=greater_than_equal, input_value={v}, input_type=int]\n    For further information visit https://errors.pydantic.dev/1.10/v/greater_than_equal",
                "value_error.validation", raw);
        }

        public static WorkQueueRec Create(SandboxState s, WorkPoolRec pool, JObject body)
        {
            int? priority = body["priority"]?.Type == JTokenType.Integer ? (int?)body["priority"] : null;
            // An explicit priority pushes the pool's queues at or below it down one ("list pool queues": high before default).
            if (priority.HasValue && s.WorkQueues.Values.Any(x => x.WorkPoolId == pool.Id && x.Priority == priority.Value))
                foreach (var other in s.WorkQueues.Values.Where(x => x.WorkPoolId == pool.Id && x.Priority >= priority.Value)) other.Priority++;
            var q = s.CreateQueue(pool, (string)body["name"]!, (string?)body["description"] ?? "",
                body["concurrency_limit"]?.Type == JTokenType.Integer ? (int?)body["concurrency_limit"] : null, priority);
            if (body["is_paused"]?.Type == JTokenType.Boolean) q.IsPaused = (bool)body["is_paused"]!;
            return q;
        }

        public static void Update(SandboxState s, WorkQueueRec q, JObject body)
        {
            if (body["is_paused"]?.Type == JTokenType.Boolean) q.IsPaused = (bool)body["is_paused"]!;
            if (body.ContainsKey("concurrency_limit")) q.ConcurrencyLimit = (int?)body["concurrency_limit"];
            if (body.ContainsKey("description")) q.Description = (string?)body["description"];
            if (body["priority"]?.Type == JTokenType.Integer) q.Priority = (int)body["priority"]!;
            if (body["name"]?.Type == JTokenType.String) q.Name = (string)body["name"]!;
            s.Touch(q);
        }

        /// <summary>SCHEDULED runs in the queues, soonest first, optionally before `scheduled_before`; paused queues give none.</summary>
        public static List<FlowRunRec> ScheduledRuns(SandboxState s, IEnumerable<WorkQueueRec> queues, JObject body)
        {
            var ids = queues.Where(q => !q.IsPaused).Select(q => q.Id).ToHashSet();
            DateTimeOffset? before = Json.TryParseTime(body["scheduled_before"], out var b) ? b : (DateTimeOffset?)null;
            int limit = body["limit"]?.Type == JTokenType.Integer ? (int)body["limit"]! : int.MaxValue;
            return s.FlowRuns.Values
                .Where(r => r.WorkQueueId.HasValue && ids.Contains(r.WorkQueueId.Value) && r.State.Type == "SCHEDULED")
                .Where(r => before == null || r.NextScheduledStartTime <= before)
                .OrderBy(r => r.NextScheduledStartTime).ThenBy(r => r.Seq)
                .Take(limit).ToList();
        }
    }
}
