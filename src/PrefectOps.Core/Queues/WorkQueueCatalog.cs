using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Util;

namespace PrefectOps.Core.Queues
{
    /// <summary>Get-WorkQueue: the queues of one pool or of all, matched by name with wildcards.</summary>
    public sealed class WorkQueueCatalog
    {
        private readonly IWorkQueueBackend _backend;

        public WorkQueueCatalog(IWorkQueueBackend backend) => _backend = backend;

        /// <summary>
        /// Queues whose name matches any pattern (all when none), sorted by pool, priority and name, with LateRuns read
        /// when asked; and the patterns without wildcards that matched nothing (a name that is not there is an error).
        /// </summary>
        public async Task<(List<WorkQueue> queues, List<string> unmatched)> FindAsync(IReadOnlyList<string>? names, string? workPool,
            bool readLateRuns, CancellationToken ct)
        {
            var patterns = (names ?? Array.Empty<string>()).Where(n => !string.IsNullOrEmpty(n)).Select(n => new Wildcard(n)).ToList();
            var hits = new HashSet<string>(StringComparer.Ordinal);
            var queues = new List<WorkQueue>();
            var seen = new HashSet<Guid>();
            int limit = _backend.MaxPageSize;
            for (int offset = 0; ; )
            {
                var page = await _backend.ReadWorkQueuesAsync(workPool, offset, limit, ct).ConfigureAwait(false);
                foreach (var q in page)
                {
                    if (!seen.Add(q.Id)) continue;
                    var matched = patterns.Where(p => p.IsMatch(q.Name)).ToList();
                    if (patterns.Count > 0 && matched.Count == 0) continue;
                    foreach (var p in matched) hits.Add(p.Pattern);
                    queues.Add(q);
                }
                if (page.Count < limit) break;
                offset += page.Count;
            }
            if (readLateRuns)
                foreach (var q in queues)
                    q.LateRuns = await _backend.ReadLateRunsAsync(q.Id, ct).ConfigureAwait(false);
            var unmatched = patterns.Where(p => !Wildcard.ContainsWildcard(p.Pattern) && !hits.Contains(p.Pattern)).Select(p => p.Pattern).ToList();
            return (queues.OrderBy(q => q.WorkPool, StringComparer.OrdinalIgnoreCase).ThenBy(q => q.Priority ?? int.MaxValue)
                .ThenBy(q => q.Name, StringComparer.OrdinalIgnoreCase).ToList(), unmatched);
        }
    }
}
