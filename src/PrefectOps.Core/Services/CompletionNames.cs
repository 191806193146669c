using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Queues;

namespace PrefectOps.Core.Services
{
    /// <summary>What tab completion offers for a server: its tags, flow names, work queue and pool names, read together.</summary>
    public sealed class CompletionNames
    {
        private CompletionNames(IReadOnlyList<string> tags, IReadOnlyList<string> flowNames, IReadOnlyList<string> queueNames,
            IReadOnlyList<string> poolNames, DateTimeOffset readAt)
        {
            Tags = tags;
            FlowNames = flowNames;
            QueueNames = queueNames;
            PoolNames = poolNames;
            ReadAt = readAt;
        }

        public IReadOnlyList<string> Tags { get; }
        public IReadOnlyList<string> FlowNames { get; }
        public IReadOnlyList<string> QueueNames { get; }
        public IReadOnlyList<string> PoolNames { get; }
        public DateTimeOffset ReadAt { get; }

        /// <summary>One listing of every flow (for tags and names) and one of the work queues, side by side.</summary>
        public static async Task<CompletionNames> ReadAsync(IPrefectBackend backend, CancellationToken ct)
        {
            var tags = new SortedSet<string>(StringComparer.Ordinal);
            var names = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            var flows = new FlowCatalog(backend).ForEachFlowAsync(new FlowQuery(), null, flow =>
            {
                lock (tags)
                {
                    foreach (var t in flow.Tags) tags.Add(t);
                    names.Add(flow.Name);
                }
            }, ct);
            var queues = ReadQueuesAsync(backend, ct);
            await Task.WhenAll(flows, queues).ConfigureAwait(false);
            var queueList = await queues.ConfigureAwait(false);
            return new CompletionNames(tags.ToList(), names.ToList(),
                queueList.Select(q => q.Name).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList(),
                queueList.Select(q => q.WorkPool).Where(p => !string.IsNullOrEmpty(p)).Distinct(StringComparer.Ordinal)
                    .OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList()!,
                DateTimeOffset.UtcNow);
        }

        private static async Task<List<WorkQueue>> ReadQueuesAsync(IPrefectBackend backend, CancellationToken ct)
        {
            try
            {
                return (await new WorkQueueCatalog(backend).FindAsync(null, null, readLateRuns: false, ct).ConfigureAwait(false)).queues;
            }
            catch (PrefectException ex) when (ex.Kind == PrefectErrorKind.NotSupported)
            {
                return new List<WorkQueue>(); // Prefect 1 has no work queues.
            }
        }
    }
}
