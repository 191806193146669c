using System;
using System.Collections.Generic;
using Newtonsoft.Json.Linq;

namespace PrefectOps.Sandbox.State
{
    // Plain records of what the real server keeps in its tables. Rendering per version lives in Http/Shapes.cs.

    public abstract class Entity
    {
        public Guid Id { get; set; } = Guid.NewGuid();
        public DateTimeOffset Created { get; set; }
        public DateTimeOffset Updated { get; set; }
        /// <summary>Insertion order; breaks ties between equal timestamps (a frozen SandboxClock).</summary>
        public long Seq { get; set; }
    }

    public sealed class FlowRec : Entity
    {
        public string Name { get; set; } = "";
        public List<string> Tags { get; set; } = new List<string>();
    }

    public sealed class ScheduleRec : Entity
    {
        public Guid DeploymentId { get; set; }
        /// <summary>Normalised schedule JSON as the server echoes it (cron gets day_or, interval gets anchor_date...).</summary>
        public JObject Schedule { get; set; } = new JObject();
        public bool Active { get; set; } = true;
        public int? MaxActiveRuns { get; set; }
        public int? MaxScheduledRuns { get; set; }
        public bool Catchup { get; set; }
        public JObject Parameters { get; set; } = new JObject();
        public string? Slug { get; set; }
    }

    public sealed class DeploymentRec : Entity
    {
        public string Name { get; set; } = "";
        public Guid FlowId { get; set; }
        public string? Version { get; set; }
        public string? Description { get; set; }
        public bool Paused { get; set; }
        /// <summary>2.x only; kept in step with Paused (see section 3 of the recordings).</summary>
        public bool IsScheduleActive { get; set; } = true;
        public List<ScheduleRec> Schedules { get; set; } = new List<ScheduleRec>();
        public JObject Parameters { get; set; } = new JObject();
        public List<string> Tags { get; set; } = new List<string>();
        public string? WorkQueueName { get; set; }
        public Guid? WorkQueueId { get; set; }
        public string? WorkPoolName { get; set; }
        public JObject JobVariables { get; set; } = new JObject();
        public string? Path { get; set; }
        public string? Entrypoint { get; set; }
        public bool EnforceParameterSchema { get; set; }
        public int? ConcurrencyLimit { get; set; }
    }

    public sealed class StateRec
    {
        public Guid Id { get; set; } = Guid.NewGuid();
        public string Type { get; set; } = "SCHEDULED";
        public string Name { get; set; } = "Scheduled";
        public DateTimeOffset Timestamp { get; set; }
        public string? Message { get; set; }
        public JToken? Data { get; set; }
        public Guid FlowRunId { get; set; }
        public DateTimeOffset? ScheduledTime { get; set; }
        public DateTimeOffset? PauseTimeout { get; set; }
        public bool PauseReschedule { get; set; }
        public string? PauseKey { get; set; }
        public string? RunInputKeyset { get; set; }
        /// <summary>False for the states the scheduler inserts in bulk: their state_details carry no flow_run_id.</summary>
        public bool DetailsNameRun { get; set; } = true;
        public JToken? RunInputKeysetToken { get; set; }
    }

    public sealed class FlowRunRec : Entity
    {
        public string Name { get; set; } = "";
        public Guid FlowId { get; set; }
        public Guid? DeploymentId { get; set; }
        public string? DeploymentVersion { get; set; }
        public Guid? WorkQueueId { get; set; }
        public string? WorkQueueName { get; set; }
        public Guid? WorkPoolId { get; set; }
        public string? WorkPoolName { get; set; }
        public JObject Parameters { get; set; } = new JObject();
        public string? IdempotencyKey { get; set; }
        public JObject Context { get; set; } = new JObject();
        public List<string> Tags { get; set; } = new List<string>();
        public List<string> PauseKeys { get; set; } = new List<string>();
        public bool Resuming { get; set; }
        public int RunCount { get; set; }
        public DateTimeOffset? ExpectedStartTime { get; set; }
        public DateTimeOffset? NextScheduledStartTime { get; set; }
        public DateTimeOffset? StartTime { get; set; }
        public DateTimeOffset? EndTime { get; set; }
        public double TotalRunTime { get; set; }
        public bool AutoScheduled { get; set; }
        public JObject? CreatedBy { get; set; }
        public JObject JobVariables { get; set; } = new JObject();
        public StateRec State { get; set; } = new StateRec();
        public List<StateRec> History { get; set; } = new List<StateRec>();
        /// <summary>flow_run_input rows (key -> JSON text), for resume with a run_input_keyset.</summary>
        public Dictionary<string, string> Inputs { get; set; } = new Dictionary<string, string>();
    }

    public sealed class WorkPoolRec : Entity
    {
        public string Name { get; set; } = "";
        public string? Description { get; set; }
        public string Type { get; set; } = "process";
        public JObject BaseJobTemplate { get; set; } = new JObject();
        public bool IsPaused { get; set; }
        public int? ConcurrencyLimit { get; set; }
        public Guid DefaultQueueId { get; set; }
    }

    public sealed class WorkQueueRec : Entity
    {
        public string Name { get; set; } = "";
        public string? Description { get; set; } = "";
        public bool IsPaused { get; set; }
        public int? ConcurrencyLimit { get; set; }
        public int Priority { get; set; } = 1;
        public Guid WorkPoolId { get; set; }
        public DateTimeOffset? LastPolled { get; set; }
    }
}
