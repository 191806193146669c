using System;
using System.Collections.Generic;
using PrefectOps.Core.Scheduling;

namespace PrefectOps
{
    /// <summary>
    /// What a DBA calls a flow: something with a schedule that can be taken offline. A deployment in Prefect 2.x/3.x,
    /// a flow group in Prefect 1.
    /// </summary>
    public sealed class Flow
    {
        public Guid Id { get; internal set; }
        /// <summary>"flow-name/deployment-name" on Prefect 2.x/3.x; the flow's name on Prefect 1.</summary>
        public string Name { get; internal set; } = "";
        public string FlowName { get; internal set; } = "";
        public string DeploymentName { get; internal set; } = "";
        /// <summary>The user's tags; the maintenance marker and its window tags show as Status and Maintenance* instead.</summary>
        public string[] Tags { get; internal set; } = Array.Empty<string>();
        public FlowStatus Status { get; internal set; }
        /// <summary>Readable schedule text; several schedules are joined with "; ". Empty when the flow has none.</summary>
        public string Schedule { get; internal set; } = "";
        public string? WorkPool { get; internal set; }
        public string? WorkQueue { get; internal set; }
        public DateTimeOffset? MaintenanceSince { get; internal set; }
        public DateTimeOffset? MaintenanceUntil { get; internal set; }
        public string? MaintenanceReason { get; internal set; }
        /// <summary>Who took the flow down: "DOMAIN\user@host" as Disable-FlowByTag recorded it.</summary>
        public string? MaintenanceBy { get; internal set; }
        public Guid? FlowId { get; internal set; }
        /// <summary>Set by Enable-FlowByTag -CatchUp: how many missed runs were created; null where not asked or not known.</summary>
        public int? CaughtUpRuns { get; internal set; }

        /// <summary>Every tag on the server object, marker tags included, exactly as read (a PATCH must send them back).</summary>
        internal IReadOnlyList<string> ServerTags { get; set; } = Array.Empty<string>();
        /// <summary>The schedules that are switched on; the ones catch-up evaluates.</summary>
        internal IReadOnlyList<ScheduleSpec> ActiveSchedules { get; set; } = Array.Empty<ScheduleSpec>();
        internal MaintenanceWindow? Window { get; set; }
        /// <summary>Paused by any of the server's switches, marker or not.</summary>
        internal bool IsPausedOnServer { get; set; }
        /// <summary>Backend-specific state the backend needs again when it acts on this flow (e.g. Prefect 1's flow version id).</summary>
        internal object? BackendState { get; set; }

        /// <summary>What a backend records once it has put the flow in maintenance.</summary>
        internal void ShowInMaintenance(MaintenanceWindow window, IReadOnlyList<string> serverTags)
        {
            ServerTags = serverTags;
            Window = window;
            Status = FlowStatus.Maintenance;
            IsPausedOnServer = true;
            MaintenanceSince = window.Since;
            MaintenanceUntil = window.Until;
            MaintenanceReason = window.Reason;
            MaintenanceBy = window.By;
        }

        /// <summary>What a backend records once it has resumed the flow and removed its marker.</summary>
        internal void ShowActive(IReadOnlyList<string> serverTags)
        {
            ServerTags = serverTags;
            Window = null;
            Status = FlowStatus.Active;
            IsPausedOnServer = false;
            MaintenanceSince = null;
            MaintenanceUntil = null;
            MaintenanceReason = null;
            MaintenanceBy = null;
        }

        /// <summary>The server's state as a fresh read shows it (after an answer that was lost).</summary>
        internal void TakeServerStateFrom(Flow read)
        {
            ServerTags = read.ServerTags;
            Tags = read.Tags;
            Window = read.Window;
            Status = read.Status;
            IsPausedOnServer = read.IsPausedOnServer;
            MaintenanceSince = read.MaintenanceSince;
            MaintenanceUntil = read.MaintenanceUntil;
            MaintenanceReason = read.MaintenanceReason;
            MaintenanceBy = read.MaintenanceBy;
            BackendState = read.BackendState;
        }

        public override string ToString() => Name;
    }
}
