using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Model;

namespace PrefectOps.Core.Services
{
    /// <summary>Get-Flow and Get-FlowTag: pages through the server's flows without holding them all.</summary>
    public sealed class FlowCatalog
    {
        private readonly IPrefectBackend _backend;

        public FlowCatalog(IPrefectBackend backend) => _backend = backend;


        /// <summary>Calls <paramref name="onFlow"/> for every flow the query and name filter match, page by page.</summary>
        public async Task<int> ForEachFlowAsync(FlowQuery query, NameFilter? names, Action<Flow> onFlow, CancellationToken ct)
        {
            int emitted = 0;
            // Offsets can shift if flows change while we page; ids seen already are not emitted twice.
            var seen = new HashSet<Guid>();
            using var readAhead = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var alongside = _backend.ReadAheadForListingAsync(query, readAhead.Token);
            try
            {
                await ReadPagesAsync(query, page =>
                {
                    foreach (var flow in page)
                    {
                        if (!seen.Add(flow.Id)) continue;
                        if (names != null && !names.Matches(flow)) continue;
                        onFlow(flow);
                        emitted++;
                    }
                    return true;
                }, ct).ConfigureAwait(false);
            }
            finally
            {
                // Not needed once the listing ends (early, when the caller stopped or a page failed); it never throws.
                readAhead.Cancel();
                await alongside.ConfigureAwait(false);
            }
            return emitted;
        }

        private Task ReadPagesAsync(FlowQuery query, Func<IReadOnlyList<Flow>, bool> onPage, CancellationToken ct) =>
            PageReader.ReadAllAsync((offset, limit, token) => _backend.ReadFlowsAsync(query, offset, limit, token), _backend.MaxPageSize,
                onPage, ct, countRows: token => _backend.CountFlowsAsync(query, token),
                countLater: query.CountLater ?? _backend.Stats.RoundTripsAreCheap);

        public async Task<List<Flow>> ListFlowsAsync(FlowQuery query, NameFilter? names, CancellationToken ct)
        {
            var flows = new List<Flow>();
            await ForEachFlowAsync(query, names, flows.Add, ct).ConfigureAwait(false);
            return flows;
        }

        /// <summary>Every tag in use with its counts, sorted by name. The maintenance marker's own tags are not listed.</summary>
        public async Task<IReadOnlyList<FlowTag>> GetTagsAsync(string marker, CancellationToken ct)
        {
            var tags = new Dictionary<string, FlowTag>(StringComparer.Ordinal);
            await ForEachFlowAsync(new FlowQuery { Marker = marker, IncludeFlowNames = false }, null, flow =>
            {
                foreach (string name in flow.Tags.Distinct(StringComparer.Ordinal))
                {
                    if (!tags.TryGetValue(name, out var tag)) tags[name] = tag = new FlowTag(name);
                    tag.FlowCount++;
                    switch (flow.Status)
                    {
                        case FlowStatus.Active: tag.ActiveCount++; break;
                        case FlowStatus.Paused: tag.PausedCount++; break;
                        case FlowStatus.Maintenance: tag.MaintenanceCount++; break;
                    }
                }
            }, ct).ConfigureAwait(false);
            return tags.Values.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ThenBy(t => t.Name, StringComparer.Ordinal).ToList();
        }
    }
}
