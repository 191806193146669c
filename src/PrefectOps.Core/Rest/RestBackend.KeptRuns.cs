using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Http;
using PrefectOps.Core.Services;

namespace PrefectOps.Core.Rest
{
    /// <summary>
    /// The runs a pause leaves in place, on 2.x/3.x: pausing deletes the auto-scheduled runs, and the filter API
    /// cannot ask for "not auto-scheduled". But the scheduler tags each run it makes `auto-scheduled`
    /// (models/deployments.py), so two counts tell how many of a set of flows' scheduled runs are someone else's:
    /// all of them, and those with the tag. Sets where the counts agree are done without reading a run; the others
    /// are halved (one half counted, the other's counts are the rest) until their runs fit one page, and only then
    /// read (and told apart by `auto_scheduled` itself).
    /// The scheduler's runs, up to 100 per schedule ahead, are thus counted, never read.
    /// </summary>
    public sealed partial class RestBackend
    {
        internal const string AutoScheduledTag = "auto-scheduled";

        public async Task ForEachRunKeptByPauseAsync(IReadOnlyList<Guid> flowIds, DateTimeOffset? after, DateTimeOffset before,
            Action<FlowRun> onRun, CancellationToken ct)
        {
            var gate = new object();
            var slices = new List<Task>();
            for (int i = 0; i < flowIds.Count; i += ServerRowLimit)
            {
                var set = new KeptRunSet(this, flowIds.Skip(i).Take(ServerRowLimit).ToList(), after, before, run => { lock (gate) onRun(run); });
                slices.Add(CountAndNarrowAsync(set));
            }
            async Task CountAndNarrowAsync(KeptRunSet set) => await set.NarrowAsync(await set.CountAsync(ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            await Task.WhenAll(slices).ConfigureAwait(false);
        }

        /// <summary>A set of flows whose scheduled runs in the window are counted, halved and, once small, read.</summary>
        private sealed class KeptRunSet
        {
            private readonly RestBackend _backend;
            private readonly IReadOnlyList<Guid> _ids;
            private readonly DateTimeOffset? _after;
            private readonly DateTimeOffset _before;
            private readonly Action<FlowRun> _onRun;

            public KeptRunSet(RestBackend backend, IReadOnlyList<Guid> ids, DateTimeOffset? after, DateTimeOffset before, Action<FlowRun> onRun)
            {
                (_backend, _ids, _after, _before, _onRun) = (backend, ids, after, before, onRun);
            }

            private FlowRunQuery Scheduled(params string[] tags) => new FlowRunQuery
            {
                DeploymentIds = _ids,
                StateTypes = new[] { "SCHEDULED" },
                AllTags = tags,
                Since = _after,
                Before = _before,
            };

            /// <summary>(all scheduled runs in the window, those the scheduler made), asked together.</summary>
            public async Task<(int all, int auto)> CountAsync(CancellationToken ct)
            {
                var all = _backend.CountRunsAsync(Scheduled(), ct);
                var auto = _backend.CountRunsAsync(Scheduled(AutoScheduledTag), ct);
                return (await all.ConfigureAwait(false), await auto.ConfigureAwait(false));
            }

            public async Task NarrowAsync((int all, int auto) counted, CancellationToken ct)
            {
                if (counted.all - counted.auto <= 0) return;
                if (_ids.Count == 1 || counted.all <= ServerRowLimit)
                {
                    var query = Scheduled();
                    await PageReader.ReadAllAsync((offset, limit, token) => _backend.ReadFlowRunsAsync(query, offset, limit, token), ServerRowLimit, page =>
                    {
                        foreach (var run in page.Where(r => !r.AutoScheduled)) _onRun(run);
                        return true;
                    }, ct, countRows: _ => Task.FromResult<int?>(counted.all)).ConfigureAwait(false);
                    return;
                }
                // Only one half is counted: the other's counts are what is left of this set's.
                int half = _ids.Count / 2;
                var left = new KeptRunSet(_backend, _ids.Take(half).ToList(), _after, _before, _onRun);
                var right = new KeptRunSet(_backend, _ids.Skip(half).ToList(), _after, _before, _onRun);
                var leftCounts = await left.CountAsync(ct).ConfigureAwait(false);
                await Task.WhenAll(
                    left.NarrowAsync(leftCounts, ct),
                    right.NarrowAsync((counted.all - leftCounts.all, counted.auto - leftCounts.auto), ct)).ConfigureAwait(false);
            }
        }

        private async Task<int> CountRunsAsync(FlowRunQuery query, CancellationToken ct)
        {
            // A read: repeating it is harmless.
            var count = await _http.PostAsync("/flow_runs/count", FlowRunFilterBody.Filter(query), RetrySafety.Idempotent, ct).ConfigureAwait(false);
            return count != null && count.Type == JTokenType.Integer ? (int)count : throw Malformed("/flow_runs/count");
        }
    }
}
