using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Http;
using PrefectOps.Core.Services;
using PrefectOps.Core.Util;

namespace PrefectOps.Core.Rest
{
    /// <summary>
    /// Flow names: a deployment carries only its `flow_id`, so the first half of a flow's Name comes from
    /// POST /flows/filter. Names are cached for the connection (a rename shows after reconnecting).
    /// </summary>
    public sealed partial class RestBackend
    {
        /// <summary>
        /// A listing's flows are read ahead of its pages when there are at most this many: they then come in one round
        /// trip after their count, which comes beside the first page. More than that, and pages look their names up.
        /// </summary>
        internal int MaxFlowsReadAhead { get; set; } = ServerRowLimit * PageReader.Prefetch;

        private readonly ConcurrentDictionary<Guid, string> _flowNames = new ConcurrentDictionary<Guid, string>();
        private readonly SemaphoreSlim _nameLookups = new SemaphoreSlim(1, 1);
        private readonly HashSet<Guid> _namesWanted = new HashSet<Guid>();
        private readonly List<Task> _readsAhead = new List<Task>();

        /// <summary>
        /// The flows of the listing's deployments (`/flows/filter` takes the same deployment filter, as an EXISTS), read
        /// beside its first page so no page waits for a look-up of its own. The same requests the look-ups would send,
        /// one round trip sooner.
        /// </summary>
        public async Task ReadAheadForListingAsync(FlowQuery query, CancellationToken ct)
        {
            if (!query.IncludeFlowNames) return;
            var reading = ReadListingFlowsAsync(query, ct);
            lock (_readsAhead) _readsAhead.Add(reading);
            try { await reading.ConfigureAwait(false); }
            catch (Exception) { /* the pages look up whatever it did not bring; their requests report real failures */ }
            finally { lock (_readsAhead) _readsAhead.Remove(reading); }
        }

        private async Task ReadListingFlowsAsync(FlowQuery query, CancellationToken ct)
        {
            var filter = new JObject { ["deployments"] = DeploymentFilterBody.Deployments(query) };
            JToken? count;
            if (query.CountLater ?? Stats.RoundTripsAreCheap)
            {
                // A round trip costs less than a count here: count only past the first page (up to 200 flows: no count).
                if (await ReadFlowPageAsync(filter, 0, ct).ConfigureAwait(false) < ServerRowLimit) return;
                count = await _http.PostAsync("/flows/count", filter, RetrySafety.Idempotent, ct).ConfigureAwait(false);
            }
            else
            {
                // A read: repeating it is harmless.
                var counting = _http.PostAsync("/flows/count", filter, RetrySafety.Idempotent, ct);
                var first = ReadFlowPageAsync(filter, 0, ct);
                // Both finish before the read-ahead does, even when one fails: no request of it outlives the listing's wait.
                await Task.WhenAll(counting, first).ConfigureAwait(false);
                count = counting.Result;
                if (first.Result < ServerRowLimit) return;
            }
            if (count == null || count.Type != JTokenType.Integer) return;
            int total = (int)count;
            if (total > MaxFlowsReadAhead) return; // too many to wait for: each page looks up its own
            var rest = new List<Task<int>>();
            for (int offset = ServerRowLimit; offset < total; offset += ServerRowLimit) rest.Add(ReadFlowPageAsync(filter, offset, ct));
            await Task.WhenAll(rest).ConfigureAwait(false);
        }

        /// <returns>The rows on the page.</returns>
        private async Task<int> ReadFlowPageAsync(JObject filter, int offset, CancellationToken ct)
        {
            var body = (JObject)filter.DeepClone();
            body["sort"] = "NAME_ASC";
            body["offset"] = offset;
            body["limit"] = ServerRowLimit;
            var flows = ExpectArray(await _http.PostAsync("/flows/filter", body, RetrySafety.Idempotent, ct).ConfigureAwait(false), "/flows/filter");
            Remember(flows);
            return flows.Count;
        }

        /// <param name="flowIds">The `flow_id`s of deployments or flow runs, as the server sent them.</param>
        private async Task ResolveFlowNamesAsync(IEnumerable<string?> flowIds, CancellationToken ct)
        {
            var missing = Unnamed(flowIds.Select(text => Guid.TryParse(text, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty));
            if (missing.Count == 0) return;
            // A listing's read-ahead usually brings them: wait for it rather than ask again beside it.
            Task[] readsAhead;
            lock (_readsAhead) readsAhead = _readsAhead.ToArray();
            if (readsAhead.Length > 0)
            {
                // Read-aheads never fail (see ReadAheadForListingAsync); the wait still ends at Ctrl+C.
                await Waiting.UnlessCancelledAsync(Task.WhenAll(readsAhead), ct).ConfigureAwait(false);
                missing = Unnamed(missing);
                if (missing.Count == 0) return;
            }
            // Pages read at once need mostly the same flows. One look-up at a time, each for everything the pages
            // waiting by then need: four pages arriving together cost one look-up, not four in a row.
            lock (_namesWanted) _namesWanted.UnionWith(missing);
            await _nameLookups.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                List<Guid> batch;
                lock (_namesWanted)
                {
                    _namesWanted.UnionWith(missing); // again, in case an earlier holder's look-up failed after taking them
                    batch = _namesWanted.Where(id => !_flowNames.ContainsKey(id)).ToList();
                    _namesWanted.Clear();
                }
                await LookUpFlowNamesAsync(batch, ct).ConfigureAwait(false);
            }
            finally { _nameLookups.Release(); }
        }

        private List<Guid> Unnamed(IEnumerable<Guid> ids) => ids.Where(id => !_flowNames.ContainsKey(id)).Distinct().ToList();

        /// <summary>One request per 200 ids, sent together.</summary>
        private Task LookUpFlowNamesAsync(List<Guid> missing, CancellationToken ct) =>
            Task.WhenAll(Enumerable.Range(0, (missing.Count + ServerRowLimit - 1) / ServerRowLimit).Select(async chunk =>
            {
                var ids = missing.Skip(chunk * ServerRowLimit).Take(ServerRowLimit).Select(id => id.ToString()).ToList();
                var body = new JObject
                {
                    ["flows"] = new JObject { ["id"] = new JObject { ["any_"] = new JArray(ids) } },
                    ["limit"] = ids.Count,
                };
                // A read: repeating it is harmless.
                Remember(ExpectArray(await _http.PostAsync("/flows/filter", body, RetrySafety.Idempotent, ct).ConfigureAwait(false), "/flows/filter"));
            }));

        private void Remember(JArray flows)
        {
            foreach (var f in flows.OfType<JObject>())
                if (Guid.TryParse((string?)f["id"], out var id)) _flowNames[id] = (string?)f["name"] ?? id.ToString();
        }

        private string? FlowNameOf(string? flowId) =>
            Guid.TryParse(flowId, out var id) && _flowNames.TryGetValue(id, out var name) ? name : null;
    }
}
