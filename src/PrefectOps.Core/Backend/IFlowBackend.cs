using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Model;

namespace PrefectOps.Core.Backend
{
    /// <summary>
    /// Flows (deployments on 2.x/3.x) and their maintenance. Every state change is one step the server applies whole,
    /// or the implementation undoes its own earlier steps before it throws.
    /// </summary>
    public interface IFlowBackend : IPagedBackend
    {
        /// <summary>One page of flows matching the query, in a stable order; fewer than <paramref name="limit"/> means the last page.</summary>
        Task<IReadOnlyList<Flow>> ReadFlowsAsync(FlowQuery query, int offset, int limit, CancellationToken ct);

        /// <summary>
        /// How many flows match the query now, or null when the server has no cheap way to say. A hint for reading
        /// pages in parallel: flows may come or go before the pages are read.
        /// </summary>
        Task<int?> CountFlowsAsync(FlowQuery query, CancellationToken ct);

        /// <summary>
        /// Reads, beside a listing's first page, what its pages need from elsewhere (REST: the names of the listing's
        /// flows, when they are few), so pages do not each wait for it in turn. Never fails: pages fetch whatever it
        /// did not bring. Started before the first page and cancelled when the listing ends.
        /// </summary>
        Task ReadAheadForListingAsync(FlowQuery query, CancellationToken ct);

        /// <summary>
        /// Whether catch-up creates runs for a flow that is still paused and marked, and a later resume keeps them
        /// (Prefect 3.x, Prefect 1). Then catch-up goes first and any failure leaves the flow in maintenance.
        /// </summary>
        bool CatchUpWorksWhilePaused { get; }

        /// <summary>
        /// Whether the server itself creates missed runs for a window (Prefect 2.x/3.x backfill), so a schedule
        /// PrefectOps cannot evaluate is still caught up there. False on Prefect 1: such a schedule is left out, with a warning.
        /// </summary>
        bool ServerEvaluatesSchedules { get; }

        /// <summary>The flow as it is now; a PrefectException with Kind NotFound when it does not exist.</summary>
        Task<Flow> GetFlowAsync(Guid id, string marker, CancellationToken ct);

        /// <summary>Pauses the schedule and writes the marker and window, as one change. Updates <paramref name="flow"/> to match.</summary>
        Task EnterMaintenanceAsync(Flow flow, MaintenanceWindow window, CancellationToken ct);

        /// <summary>Resumes the schedule and removes the marker and window, as one change. Updates <paramref name="flow"/> to match.</summary>
        Task LeaveMaintenanceAsync(Flow flow, string marker, CancellationToken ct);

        /// <summary>
        /// Creates the runs the flow's active schedules would have created in [start, end], at most
        /// <paramref name="maxRuns"/> per schedule, with the scheduler's own idempotency so repeats create nothing.
        /// </summary>
        Task CatchUpAsync(Flow flow, DateTimeOffset start, DateTimeOffset end, int maxRuns, CancellationToken ct);
    }
}
