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
    /// are halved until their runs fit one page, and only then read (and told apart by `auto_scheduled` itself).
    /// The scheduler's runs, up to 100 per schedule ahead, are thus counted, never read.
    /// </summary>
    public sealed partial class RestBackend
    {
        internal const string AutoScheduledTag = "auto-scheduled";

        public async Task ForEachRunKeptByPauseAsync(IReadOnlyList<Guid> flowIds, DateTimeOffset? after, DateTimeOffset before,
            Action<FlowRun> onRun, CancellationToken ct)
        {
            var gate = new object();
            void Emit(FlowRun run) { lock (gate) onRun(run); }
            var slices = new List<Task>();
            for (int i = 0; i < flowIds.Count; i += ServerRowLimit)
                slices.Add(NarrowKeptRunsAsync(flowIds.Skip(i).Take(ServerRowLimit).ToList(), after, before, Emit, ct));
            await Task.WhenAll(slices).ConfigureAwait(false);
        }

        private async Task NarrowKeptRunsAsync(IReadOnlyList<Guid> ids, DateTimeOffset? after, DateTimeOffset before, Action<FlowRun> onRun, CancellationToken ct)
        {
            FlowRunQuery Scheduled(params string[] tags) => new FlowRunQuery
            {
                DeploymentIds = ids,
                StateTypes = new[] { "SCHEDULED" },
                AllTags = tags,
                Since = after,
                Before = before,
            };
            var all = CountRunsAsync(Scheduled(), ct);
            var auto = CountRunsAsync(Scheduled(AutoScheduledTag), ct);
            int scheduled = await all.ConfigureAwait(false);
            if (scheduled - await auto.ConfigureAwait(false) <= 0) return;

            if (ids.Count == 1 || scheduled <= ServerRowLimit)
            {
                var query = Scheduled();
                await PageReader.ReadAllAsync((offset, limit, token) => ReadFlowRunsAsync(query, offset, limit, token), ServerRowLimit, page =>
                {
                    foreach (var run in page.Where(r => !r.AutoScheduled)) onRun(run);
                    return true;
                }, ct, countRows: _ => Task.FromResult<int?>(scheduled)).ConfigureAwait(false);
                return;
            }
            int half = ids.Count / 2;
            await Task.WhenAll(
                NarrowKeptRunsAsync(ids.Take(half).ToList(), after, before, onRun, ct),
                NarrowKeptRunsAsync(ids.Skip(half).ToList(), after, before, onRun, ct)).ConfigureAwait(false);
        }

        private async Task<int> CountRunsAsync(FlowRunQuery query, CancellationToken ct)
        {
            // A read: repeating it is harmless.
            var count = await _http.PostAsync("/flow_runs/count", FlowRunFilterBody.Filter(query), RetrySafety.Idempotent, ct).ConfigureAwait(false);
            return count != null && count.Type == JTokenType.Integer ? (int)count : throw Malformed("/flow_runs/count");
        }
    }
}
