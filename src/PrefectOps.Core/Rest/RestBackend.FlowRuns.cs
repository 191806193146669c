using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Http;

namespace PrefectOps.Core.Rest
{
    /// <summary>Flow runs on 2.x/3.x: POST /flow_runs/filter, GET /flow_runs/{id}, set_state and resume.</summary>
    public sealed partial class RestBackend
    {
        private readonly ConcurrentDictionary<Guid, string> _deploymentNames = new ConcurrentDictionary<Guid, string>();

        public async Task<IReadOnlyList<FlowRun>> ReadFlowRunsAsync(FlowRunQuery query, int offset, int limit, CancellationToken ct)
        {
            if (limit < 1 || limit > ServerRowLimit) throw new ArgumentOutOfRangeException(nameof(limit), $"1 to {ServerRowLimit} rows per page.");
            // A read: repeating it is harmless.
            var page = await _http.PostAsync("/flow_runs/filter", FlowRunFilterBody.For(query, offset, limit), RetrySafety.Idempotent, ct).ConfigureAwait(false);
            var runs = ExpectArray(page, "/flow_runs/filter").OfType<JObject>().ToList();
            return await MapRunsAsync(runs, ct).ConfigureAwait(false);
        }

        public async Task<FlowRun> GetFlowRunAsync(Guid id, CancellationToken ct)
        {
            JToken? answer;
            try
            {
                answer = await _http.GetAsync($"/flow_runs/{id}", ct).ConfigureAwait(false);
            }
            catch (PrefectApiException ex) when (ex.Kind == PrefectErrorKind.NotFound)
            {
                throw RunNotFound(id, ex);
            }
            var run = answer as JObject ?? throw Malformed($"/flow_runs/{id}");
            return (await MapRunsAsync(new List<JObject> { run }, ct).ConfigureAwait(false))[0];
        }

        public async Task<OrchestrationAnswer> RequestCancelAsync(Guid id, string message, CancellationToken ct)
        {
            var body = new JObject
            {
                ["state"] = new JObject { ["type"] = "CANCELLING", ["name"] = "Cancelling", ["message"] = message },
            };
            HttpAnswer answer;
            try
            {
                // Retried after an ambiguous failure: a second CANCELLING cannot write a second state. The server
                // rejects CANCELLING from Cancelling ("Cannot transition flows that are cancelling...") and aborts it
                // from Cancelled ("Run is already in terminal state CANCELLED"), and both answers carry the run's
                // state, which is what FlowRunControl reads the outcome from.
                answer = await _http.SendForStatusAsync(HttpMethod.Post, $"/flow_runs/{id}/set_state", body, RetrySafety.Idempotent, ct).ConfigureAwait(false);
            }
            catch (PrefectApiException ex) when (ex.Kind == PrefectErrorKind.NotFound)
            {
                throw RunNotFound(id, ex);
            }
            return FlowRunMapper.ToAnswer(answer.Status, answer.Body);
        }

        public async Task<OrchestrationAnswer> ResumeAsync(Guid id, JObject? runInput, CancellationToken ct)
        {
            var body = new JObject();
            if (runInput != null) body["run_input"] = runInput;
            // Not idempotent: if the first resume went through, a repeat is answered ABORT "not paused" (or, for a run
            // waiting for input, stores nothing), so a lost answer would turn a success into an error. Only retried
            // where the server certainly did not act (429, 503, connection never opened).
            var answer = await _http.SendForStatusAsync(HttpMethod.Post, $"/flow_runs/{id}/resume", body, RetrySafety.NotIdempotent, ct).ConfigureAwait(false);
            return FlowRunMapper.ToAnswer(answer.Status, answer.Body);
        }

        // POST /flow_runs/{id}/resume takes {"run_input": ...}.
        public bool SupportsRunInput => true;

        private async Task<IReadOnlyList<FlowRun>> MapRunsAsync(List<JObject> runs, CancellationToken ct)
        {
            await ResolveFlowNamesAsync(runs.Select(r => (string?)r["flow_id"]), ct).ConfigureAwait(false);
            await ResolveDeploymentNamesAsync(runs, ct).ConfigureAwait(false);
            return runs.Select(r => FlowRunMapper.ToFlowRun(r, FlowNameOf((string?)r["flow_id"]), DeploymentNameOf(r))).ToList();
        }

        /// <summary>One read per page for the deployments not seen yet, so DeploymentName matches Get-Flow's Name.</summary>
        private async Task ResolveDeploymentNamesAsync(IEnumerable<JObject> runs, CancellationToken ct)
        {
            var missing = runs
                .Select(r => Guid.TryParse((string?)r["deployment_id"], out var id) ? id : Guid.Empty)
                .Where(id => id != Guid.Empty && !_deploymentNames.ContainsKey(id))
                .Distinct()
                .ToList();
            for (int i = 0; i < missing.Count; i += ServerRowLimit)
            {
                var ids = missing.Skip(i).Take(ServerRowLimit).Select(id => id.ToString()).ToList();
                var body = new JObject
                {
                    ["deployments"] = new JObject { ["id"] = new JObject { ["any_"] = new JArray(ids) } },
                    ["limit"] = ids.Count,
                };
                var deployments = await FilterDeploymentsAsync(body, ct).ConfigureAwait(false);
                await ResolveFlowNamesAsync(deployments.Select(d => d.FlowId), ct).ConfigureAwait(false);
                foreach (var d in deployments)
                    if (Guid.TryParse(d.Id, out var id))
                        _deploymentNames[id] = $"{FlowNameOf(d.FlowId) ?? d.FlowId}/{d.Name}";
            }
        }

        private string? DeploymentNameOf(JObject run) =>
            Guid.TryParse((string?)run["deployment_id"], out var id) && _deploymentNames.TryGetValue(id, out var name) ? name : null;

        private PrefectException RunNotFound(Guid id, Exception inner) =>
            new PrefectException(ErrorIds.FlowRunNotFound, PrefectErrorKind.NotFound, $"No flow run with id {id} on {_http.ApiRoot}.", inner);
    }
}
