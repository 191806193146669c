using System;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Errors;

namespace PrefectOps.Core.Rest
{
    /// <summary>Reads a Prefect 2.x/3.x work queue (legacy and pool-scoped routes answer the same shape).</summary>
    internal static class WorkQueueMapper
    {
        public static WorkQueue ToWorkQueue(JObject q) => new WorkQueue
        {
            Id = Guid.TryParse((string?)q["id"], out var id) ? id
                : throw new PrefectException(ErrorIds.MalformedResponse, PrefectErrorKind.InvalidResult, "A work queue in the server's answer has no valid id."),
            Name = (string?)q["name"] ?? "",
            WorkPool = (string?)q["work_pool_name"] ?? "",
            WorkPoolId = Guid.TryParse((string?)q["work_pool_id"], out var pid) ? pid : (Guid?)null,
            IsPaused = (bool?)q["is_paused"] ?? false,
            ConcurrencyLimit = (int?)q["concurrency_limit"],
            Priority = (int?)q["priority"],
            Status = (string?)q["status"],
            Description = (string?)q["description"],
            LastPolled = FlowRunMapper.Time(q["last_polled"]),
        };
    }
}
