using System;

namespace PrefectOps
{
    /// <summary>What Disable-FlowByTag would do to one flow, as Get-MaintenanceImpact sees it.</summary>
    public enum MaintenanceImpactKind
    {
        /// <summary>Active with a schedule: Disable pauses it and the runs of the window are skipped.</summary>
        Disable,
        /// <summary>Active without a schedule: Disable marks it, but there are no scheduled runs to skip.</summary>
        NoSchedule,
        /// <summary>Already carries the marker: Disable leaves it as it is.</summary>
        InMaintenance,
        /// <summary>Paused without the marker (on purpose): Disable leaves it alone and Enable never resumes it.</summary>
        PausedOnPurpose,
    }

    /// <summary>
    /// One flow's cost of a maintenance window: the scheduled runs it would skip (counted from its schedules, as
    /// catch-up counts them), how many Enable-FlowByTag -CatchUp would bring back, the runs that still run although
    /// the flow is disabled, and the runs in flight that the window does not stop.
    /// </summary>
    public sealed class MaintenanceImpact
    {
        internal MaintenanceImpact(Flow flow, MaintenanceImpactKind impact, DateTimeOffset windowStart, DateTimeOffset windowEnd)
        {
            Flow = flow;
            Impact = impact;
            WindowStart = windowStart;
            WindowEnd = windowEnd;
        }

        /// <summary>The flow's id, so the objects pipe into Disable-FlowByTag by property name.</summary>
        public Guid Id => Flow.Id;
        public string Name => Flow.Name;
        public Flow Flow { get; }
        public MaintenanceImpactKind Impact { get; }
        public DateTimeOffset WindowStart { get; }
        public DateTimeOffset WindowEnd { get; }
        /// <summary>Runs the flow's schedules would create inside the window, which disabling it skips.</summary>
        public int ScheduledRuns { get; internal set; }
        public DateTimeOffset? FirstScheduledRun { get; internal set; }
        public DateTimeOffset? LastScheduledRun { get; internal set; }
        /// <summary>
        /// How many of them Enable-FlowByTag -CatchUp (default -MaxCatchUpRuns) would create after the window; null
        /// where nothing is skipped or the server decides (a schedule PrefectOps cannot evaluate).
        /// </summary>
        public int? CatchUpRuns { get; internal set; }
        /// <summary>
        /// Runs expected to start by the window's end that pausing does not delete: made by hand, by automations or
        /// through the API (on Prefect 1 also runs waiting to retry). They run although the flow is disabled.
        /// </summary>
        public FlowRun[] HandScheduledRuns { get; internal set; } = Array.Empty<FlowRun>();
        /// <summary>Pending, Running, Paused or Cancelling now: the window does not stop them (Stop-FlowRun does).</summary>
        public FlowRun[] RunsInFlight { get; internal set; } = Array.Empty<FlowRun>();
        /// <summary>What a reader should know about this flow: why nothing is skipped, what could not be counted.</summary>
        public string? Note { get; internal set; }

        public override string ToString() => Name;
    }
}
