using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Http;
using PrefectOps.Core.Model;
using PrefectOps.Core.Services;
using PrefectOps.Core.Util;

namespace PrefectOps.Core.Maintenance
{
    /// <summary>
    /// The maintenance rules, written once for every backend: which flows Disable/Enable touch, in what order the
    /// steps go, and how a failure is undone so no flow is left paused without the marker or marked without being paused.
    /// </summary>
    public sealed class MaintenanceService
    {
        public const int DefaultMaxCatchUpRuns = 10;
        private readonly IPrefectBackend _backend;
        private readonly IClock _clock;
        private readonly IOperationLog _log;

        public MaintenanceService(IPrefectBackend backend, IClock? clock = null, IOperationLog? log = null)
        {
            _backend = backend;
            _clock = clock ?? SystemClock.Instance;
            _log = log ?? NullOperationLog.Instance;
        }

        public DateTimeOffset Now => _clock.UtcNow;
        public IPrefectBackend Backend => _backend;

        /// <summary>The window a Disable call opens; checked before anything is sent.</summary>
        public MaintenanceWindow NewWindow(string marker, DateTimeOffset? until, string? reason, string? by = null) => OpenWindow(marker, until, reason, _clock, by);

        /// <param name="by">Who opens it (<see cref="MaintenanceOperator.Describe"/>), recorded beside the marker.</param>
        public static MaintenanceWindow OpenWindow(string marker, DateTimeOffset? until, string? reason, IClock clock, string? by = null)
        {
            var now = clock.UtcNow;
            if (until.HasValue && until.Value <= now)
                throw new PrefectException(ErrorIds.InvalidMaintenanceWindow, PrefectErrorKind.InvalidArgument,
                    $"-Until {until.Value.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z is not in the future (now is {now:yyyy-MM-dd HH:mm:ss}Z). Give the time the maintenance is expected to end.");
            // Whole seconds: the start is written into a tag with second precision and read back from it.
            var since = new DateTimeOffset(now.UtcDateTime.Ticks - now.UtcDateTime.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
            return new MaintenanceWindow(MaintenanceTags.ValidateMarker(marker), since, until, reason, by);
        }

        public static void ValidateMaxCatchUpRuns(int maxRuns)
        {
            if (maxRuns < 1)
                throw new PrefectException(ErrorIds.InvalidCatchUpLimit, PrefectErrorKind.InvalidArgument,
                    $"-MaxCatchUpRuns must be 1 or more (got {maxRuns}). Leave out -CatchUp to create no missed runs.");
        }

        /// <summary>Flows having every tag, for -Tag.</summary>
        public Task<List<Flow>> FindByTagsAsync(IReadOnlyList<string> tags, string marker, CancellationToken ct) =>
            new FlowCatalog(_backend).ListFlowsAsync(new FlowQuery { AllTags = tags, Marker = marker }, null, ct);

        /// <summary>Flows carrying the marker (and the tags, if any), for Enable -Expired and -Tag.</summary>
        public Task<List<Flow>> FindMarkedAsync(IReadOnlyList<string> tags, string marker, CancellationToken ct) =>
            new FlowCatalog(_backend).ListFlowsAsync(new FlowQuery { AllTags = tags, Marker = marker, InMaintenanceOnly = true }, null, ct);

        public Task<Flow> GetFlowAsync(Guid id, string marker, CancellationToken ct) => _backend.GetFlowAsync(id, marker, ct);

        public MaintenancePlan PlanDisable(Flow flow, MaintenanceWindow window)
        {
            var existing = MaintenanceTags.Decode(flow.ServerTags, window.Marker);
            if (existing != null)
                return new MaintenancePlan(flow, MaintenanceAction.SkipAlreadyInMaintenance,
                    $"{flow.Name} is already in maintenance{(existing.Since.HasValue ? $" since {existing.Since.Value:yyyy-MM-dd HH:mm}Z" : "")}; nothing to do.");
            if (flow.IsPausedOnServer)
                return new MaintenancePlan(flow, MaintenanceAction.SkipPausedOnPurpose,
                    $"{flow.Name} is paused without the {window.Marker} marker: somebody paused it on purpose, so it is left alone and will not be resumed by Enable-FlowByTag.");
            return new MaintenancePlan(flow, MaintenanceAction.Disable,
                $"Pause the schedule and mark it {window.Marker}{(window.Until.HasValue ? $" until {window.Until.Value:yyyy-MM-dd HH:mm}Z" : "")}{(window.Reason != null ? $" ({window.Reason})" : "")}");
        }

        /// <param name="catchUpMaxRuns">null: no catch-up.</param>
        public MaintenancePlan PlanEnable(Flow flow, string marker, bool expiredOnly, int? catchUpMaxRuns)
        {
            var window = MaintenanceTags.Decode(flow.ServerTags, marker);
            if (window == null)
                return new MaintenancePlan(flow, MaintenanceAction.SkipNotInMaintenance,
                    flow.IsPausedOnServer
                        ? $"{flow.Name} is paused without the {marker} marker: it was paused on purpose, so it stays paused."
                        : $"{flow.Name} is not in maintenance; nothing to do.");
            var now = _clock.UtcNow;
            if (expiredOnly && !window.IsExpired(now))
                return new MaintenancePlan(flow, MaintenanceAction.SkipNotExpired,
                    window.Until.HasValue ? $"{flow.Name}: the window ends at {window.Until.Value:yyyy-MM-dd HH:mm}Z, not yet." : $"{flow.Name}: the window has no end time (-Until), so it never expires.");

            CatchUpPlan? catchUp = catchUpMaxRuns.HasValue ? CatchUpPlanner.Plan(flow, window, now, catchUpMaxRuns.Value, _backend.ServerEvaluatesSchedules) : null;
            string action = $"Resume the schedule and remove the {marker} marker";
            if (catchUpMaxRuns.HasValue)
                action += catchUp == null ? "; no window start recorded, so nothing to catch up" : "; " + catchUp.Describe();
            return new MaintenancePlan(flow, MaintenanceAction.Enable, action, catchUp) { PreviousWindow = window };
        }

        /// <summary>Carries out one planned change. Never throws for the flow's own failure: it comes back as a Failed result.</summary>
        public async Task<MaintenanceResult> ExecuteAsync(MaintenancePlan plan, MaintenanceWindow? window, CancellationToken ct)
        {
            try
            {
                switch (plan.Action)
                {
                    case MaintenanceAction.Disable:
                        await EnterOrConfirmAsync(plan.Flow, window ?? throw new ArgumentNullException(nameof(window)), ct).ConfigureAwait(false);
                        _log.Verbose($"{plan.Flow.Name}: schedule paused and marked {window.Marker}.");
                        return new MaintenanceResult(plan.Flow, MaintenanceOutcome.Disabled);
                    case MaintenanceAction.Enable:
                        return await EnableAsync(plan, ct).ConfigureAwait(false);
                    default:
                        return new MaintenanceResult(plan.Flow, MaintenanceOutcome.Skipped);
                }
            }
            catch (PrefectException ex)
            {
                string verb = plan.Action == MaintenanceAction.Disable ? "disable" : "enable";
                string state = Ambiguity.IsAmbiguous(ex)
                    ? "the server did not confirm whether it changed; running the command again completes it and changes nothing already done"
                    : "it was left as it was";
                return new MaintenanceResult(plan.Flow, MaintenanceOutcome.Failed,
                    new PrefectException(ex.ErrorId, ex.Kind, $"Could not {verb} {plan.Flow.Name}: {state}. {ex.Message}", ex));
            }
        }

        private async Task<MaintenanceResult> EnableAsync(MaintenancePlan plan, CancellationToken ct)
        {
            var flow = plan.Flow;
            var previous = plan.PreviousWindow!;
            // Planned when the user was asked; re-planned now so that runs missed while confirming are included.
            var catchUp = plan.CatchUp == null ? null : CatchUpPlanner.Plan(flow, previous, _clock.UtcNow, plan.CatchUp.MaxRuns, _backend.ServerEvaluatesSchedules) ?? plan.CatchUp;
            bool catchUpNeeded = catchUp != null && !catchUp.IsEmpty;

            if (catchUpNeeded && _backend.CatchUpWorksWhilePaused)
            {
                // Catch up first, while the flow is still marked: if it fails, the flow is untouched and a re-run
                // does it all; if the resume then fails, the runs exist and the re-run's catch-up creates nothing new.
                try
                {
                    await _backend.CatchUpAsync(flow, catchUp!.Start, catchUp.End, catchUp.MaxRuns, ct).ConfigureAwait(false);
                }
                catch (PrefectException ex) when (ex.Kind == PrefectErrorKind.NotFound)
                {
                    return Failed(flow, ErrorIds.FlowNotFound, ex, $"{flow.Name} was deleted while it was being enabled. {ex.Message}");
                }
                catch (PrefectException ex)
                {
                    return Failed(flow, ErrorIds.CatchUpFailed, ex,
                        $"Could not catch up the missed runs of {flow.Name}; it is still in maintenance. Run Enable-FlowByTag -CatchUp again. {ex.Message}");
                }
                await LeaveAsync(flow, previous, ct).ConfigureAwait(false);
                return CaughtUp(flow, catchUp);
            }

            await LeaveAsync(flow, previous, ct).ConfigureAwait(false);
            if (catchUp == null) return new MaintenanceResult(flow, MaintenanceOutcome.Enabled);
            if (!catchUpNeeded)
            {
                flow.CaughtUpRuns = 0;
                // A schedule left out of the catch-up (Prefect 1's RRuleClock) still deserves its warning.
                return new MaintenanceResult(flow, MaintenanceOutcome.Enabled, warning: catchUp.Warning);
            }
            try
            {
                // Prefect 2.x: a paused deployment's backfill creates nothing and any later PATCH deletes the runs,
                // so the catch-up has to come after the resume.
                await _backend.CatchUpAsync(flow, catchUp.Start, catchUp.End, catchUp.MaxRuns, ct).ConfigureAwait(false);
            }
            catch (PrefectException ex)
            {
                return await RestoreAfterFailedCatchUpAsync(flow, previous, catchUp, ex).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl+C between the resume and its catch-up: put the flow back so a re-run does the whole job.
                await RestoreAfterFailedCatchUpAsync(flow, previous, catchUp,
                    new PrefectException(ErrorIds.CatchUpFailed, PrefectErrorKind.OperationTimeout, "Stopped by the user.")).ConfigureAwait(false);
                throw;
            }
            return CaughtUp(flow, catchUp);
        }

        private async Task LeaveAsync(Flow flow, MaintenanceWindow previous, CancellationToken ct)
        {
            try
            {
                await _backend.LeaveMaintenanceAsync(flow, previous.Marker, ct).ConfigureAwait(false);
            }
            catch (PrefectException ex) when (Ambiguity.IsAmbiguous(ex))
            {
                var now = await TryReadAsync(flow, previous.Marker, ct).ConfigureAwait(false);
                if (now == null || now.Window != null || now.IsPausedOnServer) throw;
                flow.TakeServerStateFrom(now);
            }
            _log.Verbose($"{flow.Name}: schedule resumed and {previous.Marker} marker removed; {WhoseWindow(previous)} is over.");
        }

        /// <summary>"the window CONTOSO\jdoe@HOST opened at 2026-11-23 10:02Z": whose window an enable ends.</summary>
        internal static string WhoseWindow(MaintenanceWindow window) =>
            "the window " + (window.By ?? "somebody (not recorded)") + " opened" +
            (window.Since.HasValue ? $" at {window.Since.Value:yyyy-MM-dd HH:mm}Z" : "") +
            (window.Reason != null ? $" ({window.Reason})" : "");

        private async Task EnterOrConfirmAsync(Flow flow, MaintenanceWindow window, CancellationToken ct)
        {
            try
            {
                await _backend.EnterMaintenanceAsync(flow, window, ct).ConfigureAwait(false);
            }
            catch (PrefectException ex) when (Ambiguity.IsAmbiguous(ex))
            {
                var now = await TryReadAsync(flow, window.Marker, ct).ConfigureAwait(false);
                if (now?.Window == null || now.Window.Since != window.Since || !now.IsPausedOnServer) throw;
                flow.TakeServerStateFrom(now);
            }
        }


        private async Task<Flow?> TryReadAsync(Flow flow, string marker, CancellationToken ct)
        {
            try
            {
                return await _backend.GetFlowAsync(flow.Id, marker, ct).ConfigureAwait(false);
            }
            catch (PrefectException)
            {
                return null;
            }
        }

        private MaintenanceResult CaughtUp(Flow flow, CatchUpPlan catchUp)
        {
            flow.CaughtUpRuns = catchUp.Times?.Count;
            _log.Verbose($"{flow.Name}: {catchUp.Describe()}.");
            return new MaintenanceResult(flow, MaintenanceOutcome.Enabled, warning: catchUp.Warning);
        }

        private static MaintenanceResult Failed(Flow flow, string errorId, PrefectException cause, string message) =>
            new MaintenanceResult(flow, MaintenanceOutcome.Failed, new PrefectException(errorId, cause.Kind, message, cause));

        /// <summary>
        /// Prefect 2.x: the flow was resumed but its missed runs could not be created. Putting it back in maintenance
        /// (same window) makes the failure clean: a re-run of Enable -CatchUp then does the whole job. The restore
        /// gets more tries than a normal request, since failing it too leaves the one state a re-run cannot mend.
        /// </summary>
        private async Task<MaintenanceResult> RestoreAfterFailedCatchUpAsync(Flow flow, MaintenanceWindow previous, CatchUpPlan catchUp, PrefectException cause)
        {
            PrefectException? restoreError = null;
            for (int round = 0; round < RestoreRounds; round++)
            {
                try
                {
                    // Not the user's token: after Ctrl+C the flow must still not be left resumed without its runs.
                    await _backend.EnterMaintenanceAsync(flow, previous, CancellationToken.None).ConfigureAwait(false);
                    return Failed(flow, ErrorIds.CatchUpFailed, cause,
                        $"Could not catch up the missed runs of {flow.Name}, so it was put back in maintenance; run Enable-FlowByTag -CatchUp again. {cause.Message}");
                }
                catch (PrefectException ex) when (ex.Kind == PrefectErrorKind.NotFound)
                {
                    return Failed(flow, ErrorIds.FlowNotFound, ex, $"{flow.Name} was deleted while it was being enabled. {ex.Message}");
                }
                catch (PrefectException ex)
                {
                    restoreError = ex;
                }
            }
            return Failed(flow, ErrorIds.CatchUpFailedFlowEnabled, cause,
                $"{flow.Name} was enabled, but its missed runs between {catchUp.Start:yyyy-MM-dd HH:mm:ss}Z and {catchUp.End:yyyy-MM-dd HH:mm:ss}Z could not be created, and putting it back in maintenance failed too ({restoreError!.Message}). Create those runs with Prefect's backfill (POST /deployments/{flow.Id}/schedule) for that window. {cause.Message}");
        }

        private const int RestoreRounds = 5;

        /// <summary>
        /// Runs the changes with at most <paramref name="throttleLimit"/> at a time (-ThrottleLimit), fewer while the
        /// server pushes back or slows down (see <see cref="AdaptiveConcurrency"/>), reporting each result as it comes
        /// (from worker threads: the caller marshals them). Cancellation stops new work and in-flight requests.
        /// </summary>
        public Task RunAsync(IReadOnlyList<MaintenancePlan> plans, MaintenanceWindow? window, int throttleLimit,
            Action<MaintenanceResult> onResult, CancellationToken ct) =>
            RunAsync(plans, window, BulkOptions.AdaptiveUpTo(throttleLimit), onResult, ct);

        /// <summary>As above, with the concurrency spelled out (a fixed throttle, or adaptive up to a bound).</summary>
        public Task RunAsync(IReadOnlyList<MaintenancePlan> plans, MaintenanceWindow? window, BulkOptions options,
            Action<MaintenanceResult> onResult, CancellationToken ct) =>
            BulkRunner.RunAsync(plans.Where(p => p.IsChange).ToList(), options.WithDefaultSignals(_backend.Stats),
                (plan, token) => ExecuteAsync(plan, window, token), onResult, ct);
    }
}
