using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Services;

namespace PrefectOps.Core.Runs
{
    /// <summary>Get-FlowRun: pages through the server's runs without holding them all.</summary>
    public sealed class FlowRunCatalog
    {
        private readonly IFlowRunBackend _backend;

        public FlowRunCatalog(IFlowRunBackend backend) => _backend = backend;

        /// <summary>Calls <paramref name="onRun"/> for every run the query matches, page by page; returns how many.</summary>
        public async Task<int> ForEachRunAsync(FlowRunQuery query, Action<FlowRun> onRun, CancellationToken ct)
        {
            int limit = _backend.MaxPageSize, emitted = 0;
            // Offsets can shift if runs change while we page; ids seen already are not emitted twice.
            var seen = new HashSet<Guid>();
            // Long id lists go in slices of a page each, so no request body grows with the estate.
            foreach (var slice in Slices(query, limit))
            {
                int read = 0;
                await PageReader.ReadAllAsync((offset, limit, token) => _backend.ReadFlowRunsAsync(slice, offset, limit, token), limit, page =>
                {
                    foreach (var run in page)
                    {
                        if (!seen.Add(run.Id)) continue;
                        onRun(run);
                        emitted++;
                    }
                    read += page.Count;
                    // Asked by id: there cannot be more runs than ids, so a full page of them is the last one.
                    return slice.Ids.Count == 0 || read < slice.Ids.Count;
                }, ct, slice.Ids.Count > 0 ? slice.Ids.Count : (int?)null).ConfigureAwait(false);
            }
            return emitted;
        }

        public async Task<List<FlowRun>> ListRunsAsync(FlowRunQuery query, CancellationToken ct)
        {
            var runs = new List<FlowRun>();
            await ForEachRunAsync(query, runs.Add, ct).ConfigureAwait(false);
            return runs;
        }

        /// <summary>The runs with these ids, in the order asked, and the ids the server does not know.</summary>
        public async Task<(List<FlowRun> found, List<Guid> missing)> GetRunsAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
        {
            var byId = new Dictionary<Guid, FlowRun>();
            await ForEachRunAsync(new FlowRunQuery { Ids = ids.Distinct().ToList() }, r => byId[r.Id] = r, ct).ConfigureAwait(false);
            var found = new List<FlowRun>();
            var missing = new List<Guid>();
            foreach (var id in ids.Distinct())
                if (byId.TryGetValue(id, out var run)) found.Add(run); else missing.Add(id);
            return (found, missing);
        }

        private static IEnumerable<FlowRunQuery> Slices(FlowRunQuery query, int size)
        {
            if (query.Ids.Count <= size && query.DeploymentIds.Count <= size)
            {
                yield return query;
                yield break;
            }
            foreach (var ids in Chunk(query.Ids, size))
                foreach (var deployments in Chunk(query.DeploymentIds, size))
                    yield return new FlowRunQuery
                    {
                        Ids = ids, DeploymentIds = deployments, AllTags = query.AllTags, StateTypes = query.StateTypes,
                        StateNames = query.StateNames, Since = query.Since, Before = query.Before,
                    };
        }

        /// <summary>Slices of at most <paramref name="size"/>; an empty list is one empty slice (no filter).</summary>
        private static IEnumerable<IReadOnlyList<Guid>> Chunk(IReadOnlyList<Guid> ids, int size)
        {
            if (ids.Count == 0) { yield return ids; yield break; }
            for (int i = 0; i < ids.Count; i += size) yield return ids.Skip(i).Take(size).ToList();
        }
    }
}
