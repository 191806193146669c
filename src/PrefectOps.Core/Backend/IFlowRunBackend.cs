using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;

namespace PrefectOps.Core.Backend
{
    /// <summary>Flow runs: reading them, and the run-level controls of Prefect 2.7+ (cancel, resume).</summary>
    public interface IFlowRunBackend : IPagedBackend
    {
        /// <summary>One page of runs matching the query, in a stable order; fewer than <paramref name="limit"/> means the last page.</summary>
        Task<IReadOnlyList<FlowRun>> ReadFlowRunsAsync(FlowRunQuery query, int offset, int limit, CancellationToken ct);

        /// <summary>
        /// The scheduled runs of these flows that pausing them leaves in place, expected to start in [after, before]
        /// (after null: runs already late too): the runs nobody's scheduler made (by hand, by automations, through
        /// the API), since a pause deletes only the scheduler's own. Only those are read, paged; the scheduler's runs
        /// are at most counted. <paramref name="onRun"/> is called one run at a time.
        /// </summary>
        Task ForEachRunKeptByPauseAsync(IReadOnlyList<Guid> flowIds, DateTimeOffset? after, DateTimeOffset before, Action<FlowRun> onRun, CancellationToken ct);

        /// <summary>The run as it is now; a PrefectException with ErrorId FlowRunNotFound when it does not exist.</summary>
        Task<FlowRun> GetFlowRunAsync(Guid id, CancellationToken ct);

        /// <summary>Proposes CANCELLING; the answer says what the server wrote, or why it wrote nothing.</summary>
        Task<OrchestrationAnswer> RequestCancelAsync(Guid id, string message, CancellationToken ct);

        /// <summary>Resumes a paused run, with input for a run that waits for it. Not idempotent: callers check first.</summary>
        Task<OrchestrationAnswer> ResumeAsync(Guid id, JObject? runInput, CancellationToken ct);

        /// <summary>Whether a resume can carry run input (Prefect 2.x/3.x); Prefect 1 refuses -RunInput before anything is sent.</summary>
        bool SupportsRunInput { get; }
    }
}
