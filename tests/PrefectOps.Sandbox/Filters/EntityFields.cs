using System;
using System.Linq;
using PrefectOps.Sandbox.State;

namespace PrefectOps.Sandbox.Filters
{
    /// <summary>Field accessors for the filterable tables.</summary>
    public static class EntityFields
    {
        public static FieldAccessor Flow(FlowRec f) => name => name switch
        {
            "id" => f.Id,
            "name" => f.Name,
            "tags" => f.Tags,
            _ => null,
        };

        public static FieldAccessor Deployment(DeploymentRec d, FlowRec? flow) => name => name switch
        {
            "id" => d.Id,
            "name" => d.Name,
            "flow_or_deployment_name" => (FieldAccessor)(op => op == "like_" ? $"{flow?.Name} {d.Name}" : null),
            "tags" => d.Tags,
            "paused" => d.Paused,
            "is_schedule_active" => d.IsScheduleActive,
            "work_queue_name" => d.WorkQueueName,
            "work_queue_id" => d.WorkQueueId,
            "concurrency_limit" => d.ConcurrencyLimit,
            _ => null,
        };

        public static FieldAccessor FlowRun(FlowRunRec r) => name => name switch
        {
            "id" => r.Id,
            "name" => r.Name,
            "tags" => r.Tags,
            "deployment_id" => (object?)r.DeploymentId,
            "work_queue_name" => r.WorkQueueName,
            "state" => (FieldAccessor)(sub => sub switch { "type" => r.State.Type, "name" => r.State.Name, _ => null }),
            "start_time" => r.StartTime,
            "end_time" => r.EndTime,
            "expected_start_time" => r.ExpectedStartTime,
            "next_scheduled_start_time" => r.NextScheduledStartTime,
            "idempotency_key" => r.IdempotencyKey,
            "flow_version" => null,
            "parent_task_run_id" => null,
            "parent_flow_run_id" => null,
            _ => null,
        };

        public static FieldAccessor WorkQueue(WorkQueueRec q) => name => name switch
        {
            "id" => q.Id,
            "name" => q.Name,
            _ => null,
        };

        public static FieldAccessor WorkPool(WorkPoolRec p) => name => name switch
        {
            "id" => p.Id,
            "name" => p.Name,
            "type" => p.Type,
            _ => null,
        };
    }
}
