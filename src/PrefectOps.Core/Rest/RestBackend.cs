using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Http;
using PrefectOps.Core.Model;

namespace PrefectOps.Core.Rest
{
    /// <summary>
    /// Prefect 2.x and 3.x over REST. A "flow" is a deployment. Both versions take the same requests here:
    /// `PATCH /deployments/{id} {"paused", "tags"}` pauses and marks in one step (2.19 keeps `is_schedule_active`
    /// in step with `paused`, and unlike `set_schedule_inactive` it also works for deployments with several schedules).
    /// </summary>
    public sealed partial class RestBackend : IPrefectBackend
    {
        private const int ServerRowLimit = 200;
        private readonly PrefectHttpClient _http;

        public RestBackend(PrefectHttpClient http, string serverVersion, string apiVersion, int majorVersion)
        {
            _http = http;
            ServerVersion = serverVersion;
            ApiVersion = apiVersion;
            MajorVersion = majorVersion;
        }

        public BackendKind Kind => BackendKind.Rest;
        public string ServerVersion { get; }
        public string ApiVersion { get; }
        /// <summary>2 or 3.</summary>
        public int MajorVersion { get; }
        public RequestStats Stats => _http.Stats;
        public int MaxPageSize => ServerRowLimit;
        // 3.x backfill ignores `paused` and a resume deletes only future runs; 2.x resumes delete every scheduled run.
        public bool CatchUpWorksWhilePaused => MajorVersion >= 3;
        // POST /deployments/{id}/schedule evaluates every schedule on the server.
        public bool ServerEvaluatesSchedules => true;
        internal PrefectHttpClient Http => _http;

        public async Task<IReadOnlyList<Flow>> ReadFlowsAsync(FlowQuery query, int offset, int limit, CancellationToken ct)
        {
            if (limit < 1 || limit > ServerRowLimit) throw new ArgumentOutOfRangeException(nameof(limit), $"1 to {ServerRowLimit} rows per page.");
            var present = await FilterDeploymentsAsync(DeploymentFilterBody.For(query, offset, limit), ct).ConfigureAwait(false);
            if (query.IncludeFlowNames) await ResolveFlowNamesAsync(present.Select(d => d.FlowId), ct).ConfigureAwait(false);
            return present.Select(d => DeploymentMapper.ToFlow(d, FlowNameOf(d.FlowId), query.Marker)).ToList();
        }

        /// <summary>POST /deployments/filter, read into records; a null row is skipped. A read: repeating it is harmless.</summary>
        private async Task<List<DeploymentRecord>> FilterDeploymentsAsync(JObject body, CancellationToken ct)
        {
            var rows = await _http.PostForAsync<List<DeploymentRecord?>>("/deployments/filter", body, RetrySafety.Idempotent, ct).ConfigureAwait(false)
                ?? throw Malformed("/deployments/filter");
            return rows.Where(d => d != null).Select(d => d!).ToList();
        }

        public async Task<int?> CountFlowsAsync(FlowQuery query, CancellationToken ct)
        {
            // The same filter as the pages, without sort/offset/limit. A read: repeating it is harmless.
            var count = await _http.PostAsync("/deployments/count", DeploymentFilterBody.Filter(query), RetrySafety.Idempotent, ct).ConfigureAwait(false);
            return count != null && count.Type == JTokenType.Integer ? (int?)(int)count : throw Malformed("/deployments/count");
        }

        public async Task<Flow> GetFlowAsync(Guid id, string marker, CancellationToken ct)
        {
            DeploymentRecord? deployment;
            try
            {
                deployment = await _http.GetForAsync<DeploymentRecord>($"/deployments/{id}", ct).ConfigureAwait(false);
            }
            catch (PrefectApiException ex) when (ex.Kind == PrefectErrorKind.NotFound)
            {
                throw new PrefectException(ErrorIds.FlowNotFound, PrefectErrorKind.NotFound, $"No deployment with id {id} on {_http.ApiRoot}.", ex);
            }
            if (deployment == null) throw Malformed($"/deployments/{id}");
            await ResolveFlowNamesAsync(new[] { deployment.FlowId }, ct).ConfigureAwait(false);
            return DeploymentMapper.ToFlow(deployment, FlowNameOf(deployment.FlowId), marker);
        }

        public async Task EnterMaintenanceAsync(Flow flow, MaintenanceWindow window, CancellationToken ct)
        {
            var tags = MaintenanceTags.With(flow.ServerTags, window);
            // A PATCH of the full wanted state: sending it twice leaves the same state, so it may be retried.
            await PatchDeploymentAsync(flow, new JObject { ["paused"] = true, ["tags"] = new JArray(tags) }, ct).ConfigureAwait(false);
            flow.ShowInMaintenance(window, tags);
        }

        public async Task LeaveMaintenanceAsync(Flow flow, string marker, CancellationToken ct)
        {
            var tags = MaintenanceTags.Without(flow.ServerTags, marker);
            // Full wanted state again, so safe to retry. In 2.x this PATCH deletes auto-scheduled runs, which is why
            // catch-up comes after it and nothing PATCHes the deployment after catch-up.
            await PatchDeploymentAsync(flow, new JObject { ["paused"] = false, ["tags"] = new JArray(tags) }, ct).ConfigureAwait(false);
            flow.ShowActive(tags);
        }

        public async Task CatchUpAsync(Flow flow, DateTimeOffset start, DateTimeOffset end, int maxRuns, CancellationToken ct)
        {
            // The server's scheduler stops once it has min_runs runs reaching start+min_time; asking for both minimums
            // to cover the whole window makes it create every run in the window, up to max_runs.
            var body = new JObject
            {
                ["start_time"] = Iso(start),
                ["end_time"] = Iso(end),
                ["min_time"] = Math.Max(0, (end - start).TotalSeconds),
                ["min_runs"] = maxRuns,
                ["max_runs"] = maxRuns,
            };
            // Runs get the scheduler's idempotency keys (`scheduled {deployment} {time}`): a repeat creates nothing.
            try
            {
                await _http.PostAsync($"/deployments/{flow.Id}/schedule", body, RetrySafety.Idempotent, ct).ConfigureAwait(false);
            }
            catch (PrefectApiException ex) when (ex.Kind == PrefectErrorKind.NotFound)
            {
                // The real server answers 200 for an unknown id here; a 404 can only come from something in between.
                throw Gone(flow, ex);
            }
        }

        private async Task PatchDeploymentAsync(Flow flow, JObject body, CancellationToken ct)
        {
            try
            {
                await _http.PatchAsync($"/deployments/{flow.Id}", body, RetrySafety.Idempotent, ct).ConfigureAwait(false);
            }
            catch (PrefectApiException ex) when (ex.Kind == PrefectErrorKind.NotFound)
            {
                throw Gone(flow, ex);
            }
        }

        private PrefectException Gone(Flow flow, Exception inner) =>
            new PrefectException(ErrorIds.FlowNotFound, PrefectErrorKind.NotFound,
                $"The deployment {flow.Name} ({flow.Id}) no longer exists on {_http.ApiRoot}.", inner);

        private JArray ExpectArray(JToken? token, string path) => token as JArray ?? throw Malformed(path);

        private PrefectException Malformed(string path) =>
            new PrefectException(ErrorIds.MalformedResponse, PrefectErrorKind.InvalidResult,
                $"{path} on {_http.ApiRoot} answered with something other than what Prefect's API returns.");

        internal static string Iso(DateTimeOffset t) =>
            t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

        public void Dispose()
        {
            _http.Dispose();
            _nameLookups.Dispose();
        }
    }
}
