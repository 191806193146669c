using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Model;
using PrefectOps.Core.Queues;

namespace PrefectOps.Core.Services
{
    /// <summary>
    /// What tab completion offers for a server: its tags, flow names, work queue and pool names. A part is null where
    /// it is not known yet (a read still under way, or learned from a listing that did not carry it).
    /// </summary>
    public sealed class CompletionNames
    {
        private CompletionNames(IReadOnlyList<string>? tags, IReadOnlyList<string>? flowNames, IReadOnlyList<string>? queueNames,
            IReadOnlyList<string>? poolNames, DateTimeOffset readAt)
        {
            Tags = tags;
            FlowNames = flowNames;
            QueueNames = queueNames;
            PoolNames = poolNames;
            ReadAt = readAt;
        }

        public IReadOnlyList<string>? Tags { get; }
        public IReadOnlyList<string>? FlowNames { get; }
        public IReadOnlyList<string>? QueueNames { get; }
        public IReadOnlyList<string>? PoolNames { get; }
        public DateTimeOffset ReadAt { get; }

        /// <summary>Every part known.</summary>
        public bool IsComplete => Tags != null && FlowNames != null && QueueNames != null && PoolNames != null;

        public static readonly CompletionNames None = new CompletionNames(null, null, null, null, DateTimeOffset.MinValue);

        /// <summary>These names with the tags of the whole estate, as a listing of every flow found them.</summary>
        public CompletionNames WithTags(IEnumerable<string> tags) =>
            new CompletionNames(Sorted(tags, StringComparer.Ordinal), FlowNames, QueueNames, PoolNames, DateTimeOffset.UtcNow);

        /// <summary>These names with the tags and names of every flow of the estate, as an unfiltered Get-Flow found them.</summary>
        public CompletionNames WithFlows(Progress flows) =>
            new CompletionNames(flows.Tags(), flows.FlowNames(), QueueNames, PoolNames, DateTimeOffset.UtcNow);

        private static IReadOnlyList<string> Sorted(IEnumerable<string> names, StringComparer comparer) =>
            new SortedSet<string>(names, comparer).ToList();

        /// <summary>
        /// One listing of every flow (for tags and names) and one of the work queues, side by side. What it has found
        /// so far can be read from <paramref name="progress"/> while it runs (tags of the pages already read).
        /// </summary>
        public static async Task<CompletionNames> ReadAsync(IPrefectBackend backend, CancellationToken ct, Progress? progress = null)
        {
            progress ??= new Progress();
            var flows = new FlowCatalog(backend).ForEachFlowAsync(new FlowQuery(), null, progress.Add, ct);
            var queues = ReadQueuesAsync(backend, ct);
            await Task.WhenAll(flows, queues).ConfigureAwait(false);
            var queueList = await queues.ConfigureAwait(false);
            return new CompletionNames(progress.Tags(), progress.FlowNames(),
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

        /// <summary>The flows a read has found so far; thread-safe.</summary>
        public sealed class Progress
        {
            private readonly SortedSet<string> _tags = new SortedSet<string>(StringComparer.Ordinal);
            private readonly SortedSet<string> _names = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);

            /// <summary>Takes a flow's tags and name (the flow itself is not kept).</summary>
            public void Add(Flow flow)
            {
                lock (_tags)
                {
                    foreach (var t in flow.Tags) _tags.Add(t);
                    _names.Add(flow.Name);
                }
            }

            internal IReadOnlyList<string> Tags() { lock (_tags) return _tags.ToList(); }

            internal IReadOnlyList<string> FlowNames() { lock (_tags) return _names.ToList(); }

            /// <summary>What was found so far; the work queue parts are unknown until the read ends.</summary>
            public CompletionNames Snapshot() => new CompletionNames(Tags(), FlowNames(), null, null, DateTimeOffset.MinValue);
        }
    }
}
