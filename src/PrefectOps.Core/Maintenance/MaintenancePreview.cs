using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Runs;
using PrefectOps.Core.Scheduling;
using PrefectOps.Core.Util;

namespace PrefectOps.Core.Maintenance
{
    /// <summary>
    /// Get-MaintenanceImpact, and the counts in Disable-FlowByTag -WhatIf: what a window costs, flow by flow. The
    /// runs the schedules would make are computed from the schedules (the server holds only its scheduler's horizon
    /// of them, and asking for the rest would read thousands of rows); only the runs a pause leaves in place and the
    /// runs in flight are read, filtered and paged, while the schedules are evaluated.
    /// </summary>
    public sealed class MaintenancePreview
    {
        private static readonly string[] InFlightTypes = { "PENDING", "RUNNING", "PAUSED", "CANCELLING" };
        private readonly IPrefectBackend _backend;
        private readonly IClock _clock;

        public MaintenancePreview(IPrefectBackend backend, IClock? clock = null)
        {
            _backend = backend;
            _clock = clock ?? SystemClock.Instance;
        }

        /// <summary>
        /// The window as Disable-FlowByTag would open it: from <paramref name="start"/> (null, or a time already past:
        /// now, in whole seconds, as the marker records it) to <paramref name="until"/>, which must come after it.
        /// </summary>
        public static (DateTimeOffset start, DateTimeOffset until) Window(DateTimeOffset? start, DateTimeOffset until, IClock clock)
        {
            var now = clock.UtcNow;
            var from = start.HasValue && start.Value > now ? start.Value.ToUniversalTime() : now;
            from = new DateTimeOffset(from.UtcTicks - from.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
            if (until <= from)
                throw new PrefectException(ErrorIds.InvalidMaintenanceWindow, PrefectErrorKind.InvalidArgument,
                    $"-Until {until.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z is not after the window's start ({from:yyyy-MM-dd HH:mm:ss}Z). Give the time the maintenance is expected to end.");
            return (from, until.ToUniversalTime());
        }

        /// <summary>One impact per flow, in the order given.</summary>
        public async Task<IReadOnlyList<MaintenanceImpact>> PreviewAsync(IReadOnlyList<Flow> flows, DateTimeOffset start, DateTimeOffset until, CancellationToken ct)
        {
            var ids = flows.Select(f => f.Id).Distinct().ToList();
            var kept = new RunsByFlow();
            var inFlight = new RunsByFlow();
            if (ids.Count == 0) return Array.Empty<MaintenanceImpact>();
            // A window that starts now takes the runs already late too: they start as soon as a worker is free.
            DateTimeOffset? keptAfter = start > _clock.UtcNow ? start : (DateTimeOffset?)null;
            var reads = Task.WhenAll(
                _backend.ForEachRunKeptByPauseAsync(ids, keptAfter, until, kept.Add, ct),
                new FlowRunCatalog(_backend).ForEachRunAsync(new FlowRunQuery { DeploymentIds = ids, StateTypes = InFlightTypes }, inFlight.Add, ct));

            // The reads are in flight meanwhile: the CPU-bound part overlaps the round trips.
            var impacts = flows.Select(f => Forecast(f, start, until, _backend.ServerEvaluatesSchedules)).ToList();
            await reads.ConfigureAwait(false);
            foreach (var impact in impacts)
            {
                impact.HandScheduledRuns = kept.Of(impact.Id);
                impact.RunsInFlight = inFlight.Of(impact.Id);
            }
            return impacts;
        }

        /// <summary>The schedule side of one flow's impact, computed here without any request.</summary>
        /// <param name="serverEvaluatesSchedules">Whether the server's backfill creates the runs of schedules PrefectOps cannot evaluate (REST).</param>
        public static MaintenanceImpact Forecast(Flow flow, DateTimeOffset start, DateTimeOffset until, bool serverEvaluatesSchedules)
        {
            switch (flow.Status)
            {
                case FlowStatus.Maintenance:
                    return new MaintenanceImpact(flow, MaintenanceImpactKind.InMaintenance, start, until)
                    {
                        Note = "already in maintenance" +
                               (flow.MaintenanceBy != null ? $" by {flow.MaintenanceBy}" : "") +
                               (flow.MaintenanceSince.HasValue ? $" since {Text(flow.MaintenanceSince.Value)}" : "") +
                               (flow.MaintenanceUntil.HasValue ? $" until {Text(flow.MaintenanceUntil.Value)}" : "") +
                               "; Disable-FlowByTag leaves it as it is",
                    };
                case FlowStatus.Paused:
                    return new MaintenanceImpact(flow, MaintenanceImpactKind.PausedOnPurpose, start, until)
                    {
                        Note = "paused without the marker, on purpose: Disable-FlowByTag leaves it alone and Enable-FlowByTag never resumes it",
                    };
            }
            if (flow.ActiveSchedules.Count == 0)
                return new MaintenanceImpact(flow, MaintenanceImpactKind.NoSchedule, start, until)
                {
                    Note = "no schedule: Disable-FlowByTag marks it, but there are no scheduled runs to skip",
                };

            // The same evaluation catch-up makes, once: the window's count, and the most recent runs catch-up keeps.
            var forecast = ScheduleForecast.For(flow.ActiveSchedules, start, until, MaintenanceService.DefaultMaxCatchUpRuns);
            var catchUp = CatchUpPlanner.Plan(flow, forecast, MaintenanceService.DefaultMaxCatchUpRuns, serverEvaluatesSchedules);
            var impact = new MaintenanceImpact(flow, MaintenanceImpactKind.Disable, start, until)
            {
                ScheduledRuns = forecast.Count,
                FirstScheduledRun = forecast.First,
                LastScheduledRun = forecast.Last,
                CatchUpRuns = catchUp.Times?.Count,
            };
            if (forecast.Unevaluable.Count > 0)
                impact.Note = $"not counted: the runs of '{string.Join("', '", forecast.Unevaluable.Select(s => s.Describe()))}', which PrefectOps cannot evaluate" +
                              (serverEvaluatesSchedules ? "; the server's catch-up creates at most " + MaintenanceService.DefaultMaxCatchUpRuns + " of them per schedule" : "; catch-up creates none of them");
            return impact;
        }

        private static string Text(DateTimeOffset t) => ImpactText.Time(t);

        /// <summary>Runs read for the flows, grouped by flow; filled from the reads' threads.</summary>
        private sealed class RunsByFlow
        {
            private readonly Dictionary<Guid, List<FlowRun>> _runs = new Dictionary<Guid, List<FlowRun>>();

            public void Add(FlowRun run)
            {
                if (!run.DeploymentId.HasValue) return;
                lock (_runs)
                {
                    if (!_runs.TryGetValue(run.DeploymentId.Value, out var list)) _runs[run.DeploymentId.Value] = list = new List<FlowRun>();
                    if (list.All(r => r.Id != run.Id)) list.Add(run);
                }
            }

            public FlowRun[] Of(Guid flowId)
            {
                lock (_runs)
                    return _runs.TryGetValue(flowId, out var list)
                        ? list.OrderBy(r => r.ScheduledStart ?? DateTimeOffset.MaxValue).ToArray()
                        : Array.Empty<FlowRun>();
            }
        }
    }
}
