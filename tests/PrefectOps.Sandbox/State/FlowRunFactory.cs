using System;
using System.Linq;
using Newtonsoft.Json.Linq;
using PrefectOps.Sandbox.Orchestration;

namespace PrefectOps.Sandbox.State
{
    /// <summary>Creates flow runs the way POST /deployments/{id}/create_flow_run does.</summary>
    public static class FlowRunFactory
    {
        /// <summary>Fills work_queue_id / work_pool_* from the run's queue name and its deployment's pool.</summary>
        public static void AttachPool(SandboxState s, FlowRunRec run)
        {
            if (run.WorkQueueName == null) return;
            WorkPoolRec? pool = null;
            if (run.DeploymentId.HasValue && s.Deployments.TryGetValue(run.DeploymentId.Value, out var d) && d.WorkPoolName != null)
                pool = s.PoolByName(d.WorkPoolName);
            pool ??= s.PoolByName(SandboxState.DefaultAgentPool);
            var q = pool == null ? null : s.QueueInPool(pool, run.WorkQueueName);
            if (q == null || pool == null) return;
            run.WorkQueueId = q.Id;
            run.WorkPoolId = pool.Id;
            run.WorkPoolName = pool.Name;
        }

        /// <summary>A manual run of a deployment; parameters and tags merge over the deployment's (section 5).</summary>
        public static FlowRunRec FromDeployment(SandboxState s, DeploymentRec d, JObject body)
        {
            var now = s.Now;
            var parameters = (JObject)d.Parameters.DeepClone();
            if (body["parameters"] is JObject p) parameters.Merge(p.DeepClone(), new JsonMergeSettings { MergeArrayHandling = MergeArrayHandling.Replace });
            var extraTags = body["tags"] is JArray t ? t.Select(x => (string)x!).ToList() : new System.Collections.Generic.List<string>();
            var run = s.Stamp(new FlowRunRec
            {
                Name = body["name"]?.Type == JTokenType.String ? (string)body["name"]! : RunNames.Next(),
                FlowId = d.FlowId,
                DeploymentId = d.Id,
                DeploymentVersion = d.Version,
                WorkQueueName = body["work_queue_name"]?.Type == JTokenType.String ? (string?)body["work_queue_name"] : d.WorkQueueName,
                Parameters = parameters,
                IdempotencyKey = body["idempotency_key"]?.Type == JTokenType.String ? (string?)body["idempotency_key"] : null,
                Tags = d.Tags.Concat(extraTags).Distinct().ToList(),
                Context = body["context"] as JObject ?? new JObject(),
                JobVariables = body["job_variables"] as JObject ?? new JObject(),
            });
            AttachPool(s, run);
            var state = body["state"] is JObject st
                ? FlowRunStates.FromRequest(st, run.Id, now)
                : FlowRunStates.Make(run.Id, "SCHEDULED", "Scheduled", now, null, now);
            run.ExpectedStartTime = state.Type == "SCHEDULED" ? state.ScheduledTime : now;
            FlowRunStates.Apply(run, state, now, s.Major);
            run.Updated = now;
            s.AddRun(run);
            return run;
        }
    }
}
