using System;

namespace PrefectOps
{
    /// <summary>One run of a flow, as Get-FlowRun shows it and Stop-FlowRun / Resume-FlowRun act on it.</summary>
    public sealed class FlowRun
    {
        public Guid Id { get; internal set; }
        public string Name { get; internal set; } = "";
        public string FlowName { get; internal set; } = "";
        public Guid? FlowId { get; internal set; }
        public Guid? DeploymentId { get; internal set; }
        /// <summary>"flow/deployment" as Get-Flow names it; null for runs without a deployment.</summary>
        public string? DeploymentName { get; internal set; }
        /// <summary>The state's name: Scheduled, Late, Running, Cancelling, Paused, Suspended, Resuming...</summary>
        public string State { get; internal set; } = "";
        /// <summary>The server's state type: SCHEDULED, PENDING, RUNNING, PAUSED, CANCELLING, CANCELLED, COMPLETED, FAILED, CRASHED.</summary>
        public string StateType { get; internal set; } = "";
        public string? StateMessage { get; internal set; }
        /// <summary>When the run is (or was) expected to start.</summary>
        public DateTimeOffset? ScheduledStart { get; internal set; }
        public DateTimeOffset? StartTime { get; internal set; }
        public DateTimeOffset? EndTime { get; internal set; }
        public string[] Tags { get; internal set; } = Array.Empty<string>();
        public string? WorkPool { get; internal set; }
        public string? WorkQueue { get; internal set; }
        /// <summary>For a paused run: when the pause expires and the run can no longer resume.</summary>
        public DateTimeOffset? PauseTimeout { get; internal set; }
        /// <summary>Made by the server's scheduler (or a backfill); false for runs made by hand, by automations or through the API.</summary>
        public bool AutoScheduled { get; internal set; }
        /// <summary>Who made the run, where the server says (Prefect 3.x, Cloud): "jdoe (user)", "Nightly retry (automation)"; null otherwise.</summary>
        public string? CreatedBy { get; internal set; }

        /// <summary>Completed, Failed, Cancelled or Crashed: nothing more will happen to it.</summary>
        public bool IsFinal => PrefectOps.Core.Runs.RunStateNames.IsFinalType(StateType);

        public override string ToString() => Name;
    }
}
