using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace PrefectOps.Core.Backend
{
    /// <summary>Work queues: the place runs wait for a worker, and the throttle Prefect 2.7+ recommends.</summary>
    public interface IWorkQueueBackend : IPagedBackend
    {
        /// <summary>One page of queues, of one pool or (null) of every pool, in a stable order.</summary>
        Task<IReadOnlyList<WorkQueue>> ReadWorkQueuesAsync(string? workPool, int offset, int limit, CancellationToken ct);

        /// <summary>
        /// One queue by exact name; without a pool, in the pool the server picks for unqualified names (its default
        /// agent pool). ErrorId WorkQueueNotFound (or WorkPoolNotFound) when there is none.
        /// </summary>
        Task<WorkQueue> GetWorkQueueAsync(string name, string? workPool, CancellationToken ct);

        /// <summary>The queue as it is now, by id.</summary>
        Task<WorkQueue> GetWorkQueueAsync(Guid id, CancellationToken ct);

        /// <summary>How many runs in the queue are late, as the server's health check counts them; null if it cannot say.</summary>
        Task<int?> ReadLateRunsAsync(Guid queueId, CancellationToken ct);

        /// <summary>Applies the change (only the fields it sets) to the queue.</summary>
        Task UpdateWorkQueueAsync(WorkQueue queue, WorkQueueChange change, CancellationToken ct);
    }
}
