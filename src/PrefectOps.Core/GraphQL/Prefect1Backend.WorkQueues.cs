using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Errors;

namespace PrefectOps.Core.GraphQL
{
    /// <summary>Prefect 1 has no work queues: every work-queue call is refused before any request, naming the backend.</summary>
    public sealed partial class Prefect1Backend
    {
        public Task<IReadOnlyList<WorkQueue>> ReadWorkQueuesAsync(string? workPool, int offset, int limit, CancellationToken ct) => throw NoQueues();
        public Task<WorkQueue> GetWorkQueueAsync(string name, string? workPool, CancellationToken ct) => throw NoQueues();
        public Task<WorkQueue> GetWorkQueueAsync(Guid id, CancellationToken ct) => throw NoQueues();
        public Task<int?> ReadLateRunsAsync(Guid queueId, CancellationToken ct) => throw NoQueues();
        public Task UpdateWorkQueueAsync(WorkQueue queue, WorkQueueChange change, CancellationToken ct) => throw NoQueues();

        private PrefectException NoQueues() =>
            new PrefectException(ErrorIds.WorkQueuesNotSupported, PrefectErrorKind.NotSupported,
                $"{_gql.Endpoint} is Prefect 1 ({(IsCloud ? "Cloud 1.0" : "Server " + ServerVersion)}), which has no work queues (they came with Prefect 2). " +
                "To keep agents off a flow's runs there, use Disable-FlowByTag: its maintenance label does that, and Enable-FlowByTag takes it off.");
    }
}
