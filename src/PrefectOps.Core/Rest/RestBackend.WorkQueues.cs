using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Http;

namespace PrefectOps.Core.Rest
{
    /// <summary>
    /// Work queues on 2.x/3.x. Writes go to PATCH /work_queues/{id}, which reaches a queue in any pool by its id
    /// (the recordings' "pause work queue via PATCH is_paused"); there is no /pause route (404).
    /// </summary>
    public sealed partial class RestBackend
    {
        public async Task<IReadOnlyList<WorkQueue>> ReadWorkQueuesAsync(string? workPool, int offset, int limit, CancellationToken ct)
        {
            if (limit < 1 || limit > ServerRowLimit) throw new ArgumentOutOfRangeException(nameof(limit), $"1 to {ServerRowLimit} rows per page.");
            var body = new JObject { ["offset"] = offset, ["limit"] = limit };
            // /work_queues/filter lists the queues of every pool; the pool-scoped route only that pool's (404 if none).
            string path = workPool == null ? "/work_queues/filter" : $"/work_pools/{Escape(workPool)}/queues/filter";
            JToken? page;
            try
            {
                // A read: repeating it is harmless.
                page = await _http.PostAsync(path, body, RetrySafety.Idempotent, ct).ConfigureAwait(false);
            }
            catch (PrefectApiException ex) when (ex.Kind == PrefectErrorKind.NotFound && workPool != null)
            {
                throw new PrefectException(ErrorIds.WorkPoolNotFound, PrefectErrorKind.NotFound, $"No work pool named '{workPool}' on {_http.ApiRoot}.", ex);
            }
            return ExpectArray(page, path).OfType<JObject>().Select(WorkQueueMapper.ToWorkQueue).ToList();
        }

        public async Task<WorkQueue> GetWorkQueueAsync(string name, string? workPool, CancellationToken ct)
        {
            // Without a pool the server's own lookup by name decides (its default agent pool), as `prefect work-queue` does.
            string path = workPool == null ? $"/work_queues/name/{Escape(name)}" : $"/work_pools/{Escape(workPool)}/queues/{Escape(name)}";
            try
            {
                return WorkQueueMapper.ToWorkQueue(await _http.GetAsync(path, ct).ConfigureAwait(false) as JObject ?? throw Malformed(path));
            }
            catch (PrefectApiException ex) when (ex.Kind == PrefectErrorKind.NotFound)
            {
                string where = workPool == null ? "the server's default work pool" : $"the work pool '{workPool}'";
                throw new PrefectException(ErrorIds.WorkQueueNotFound, PrefectErrorKind.NotFound,
                    $"No work queue named '{name}' in {where} on {_http.ApiRoot} ({ex.ServerDetail ?? "404"}).", ex);
            }
        }

        public async Task<WorkQueue> GetWorkQueueAsync(Guid id, CancellationToken ct)
        {
            try
            {
                return WorkQueueMapper.ToWorkQueue(await _http.GetAsync($"/work_queues/{id}", ct).ConfigureAwait(false) as JObject ?? throw Malformed($"/work_queues/{id}"));
            }
            catch (PrefectApiException ex) when (ex.Kind == PrefectErrorKind.NotFound)
            {
                throw QueueGone(id, ex);
            }
        }

        public async Task<int?> ReadLateRunsAsync(Guid queueId, CancellationToken ct)
        {
            var status = await _http.GetAsync($"/work_queues/{queueId}/status", ct).ConfigureAwait(false);
            return (int?)(status as JObject)?["late_runs_count"];
        }

        public async Task UpdateWorkQueueAsync(WorkQueue queue, WorkQueueChange change, CancellationToken ct)
        {
            var body = new JObject();
            if (change.IsPaused.HasValue) body["is_paused"] = change.IsPaused.Value;
            // null is sent as JSON null: that clears the limit (recorded "clear concurrency_limit (null)" -> 204).
            if (change.SetConcurrencyLimit) body["concurrency_limit"] = change.ConcurrencyLimit.HasValue ? new JValue(change.ConcurrencyLimit.Value) : JValue.CreateNull();
            if (body.Count == 0) return;
            try
            {
                // A PATCH of the wanted values: sending it twice leaves the same queue, so it may be retried.
                await _http.PatchAsync($"/work_queues/{queue.Id}", body, RetrySafety.Idempotent, ct).ConfigureAwait(false);
            }
            catch (PrefectApiException ex) when (ex.Kind == PrefectErrorKind.NotFound)
            {
                throw QueueGone(queue.Id, ex, queue.ToString());
            }
        }

        private PrefectException QueueGone(Guid id, Exception inner, string? name = null) =>
            new PrefectException(ErrorIds.WorkQueueNotFound, PrefectErrorKind.NotFound,
                $"The work queue {(name != null ? $"{name} " : "")}({id}) does not exist on {_http.ApiRoot}.", inner);

        private static string Escape(string segment) => Uri.EscapeDataString(segment);
    }
}
