using PrefectOps.Core.Model;

namespace PrefectOps.Core.Maintenance
{
    public enum MaintenanceAction
    {
        Disable,
        Enable,
        /// <summary>Already carries the marker: disabling again changes nothing.</summary>
        SkipAlreadyInMaintenance,
        /// <summary>Paused without the marker: somebody paused it on purpose; PrefectOps never touches it.</summary>
        SkipPausedOnPurpose,
        /// <summary>No marker: not taken down by PrefectOps, so not brought back by it.</summary>
        SkipNotInMaintenance,
        /// <summary>-Expired: the window's -Until has not passed (or it has none).</summary>
        SkipNotExpired,
    }

    /// <summary>What Disable/Enable will do to one flow, decided before anything is sent (and shown by -WhatIf).</summary>
    public sealed class MaintenancePlan
    {
        public MaintenancePlan(Flow flow, MaintenanceAction action, string description, CatchUpPlan? catchUp = null)
        {
            Flow = flow;
            Action = action;
            Description = description;
            CatchUp = catchUp;
        }

        public Flow Flow { get; }
        public MaintenanceAction Action { get; }
        /// <summary>For a change: the ShouldProcess action text. For a skip: why.</summary>
        public string Description { get; }
        public CatchUpPlan? CatchUp { get; }
        /// <summary>The window as it was on the server before an enable (restored if catch-up fails).</summary>
        internal MaintenanceWindow? PreviousWindow { get; set; }

        public bool IsChange => Action == MaintenanceAction.Disable || Action == MaintenanceAction.Enable;
    }
}
