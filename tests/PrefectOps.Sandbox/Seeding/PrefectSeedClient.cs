using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PrefectOps.Sandbox.Http;

namespace PrefectOps.Sandbox.Seeding
{
    /// <summary>Seeds a server through its HTTP API only, as one would seed a real Prefect server.</summary>
    public sealed class PrefectSeedClient : IDisposable
    {
        private readonly HttpClient _http;
        private readonly string _root;

        /// <param name="authString">PREFECT_SERVER_API_AUTH_STRING of the server, if it has one.</param>
        /// <param name="csrf">The server has CSRF protection: writes carry a token fetched once.</param>
        public PrefectSeedClient(Uri apiUrl, string? apiKey = null, string? authString = null, bool csrf = false)
        {
            _root = apiUrl.ToString().TrimEnd('/');
            _http = new HttpClient();
            if (apiKey != null) _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
            if (authString != null)
                _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(authString)));
            _csrf = csrf;
        }

        private readonly bool _csrf;
        private string? _csrfToken;
        private const string CsrfClient = "prefectops-sandbox-seed";

        /// <summary>
        /// Sends one request; a real SQLite-backed server's 503 "database is locked" (and 429, and the connection it
        /// closes after them) is retried, as Prefect's own client does, so the same seeding works against it.
        /// </summary>
        public async Task<JToken> SendAsync(string method, string path, JToken? body = null)
        {
            if (_csrf && method != "GET" && _csrfToken == null)
                _csrfToken = (string)(await SendAsync("GET", "/csrf-token?client=" + CsrfClient))["token"]!;
            for (int attempt = 1; ; attempt++)
            {
                using var req = new HttpRequestMessage(new HttpMethod(method), _root + path);
                if (_csrf && method != "GET")
                {
                    req.Headers.Add("Prefect-Csrf-Token", _csrfToken);
                    req.Headers.Add("Prefect-Csrf-Client", CsrfClient);
                }
                if (body != null) req.Content = new StringContent(body.ToString(Formatting.None), Encoding.UTF8, "application/json");
                HttpResponseMessage resp;
                try { resp = await _http.SendAsync(req); }
                catch (HttpRequestException) when (attempt < MaxAttempts) { await Task.Delay(100 * attempt); continue; }
                using (resp)
                {
                    var text = await resp.Content.ReadAsStringAsync();
                    int status = (int)resp.StatusCode;
                    if ((status == 503 || status == 429) && attempt < MaxAttempts) { await Task.Delay(100 * attempt); continue; }
                    if (!resp.IsSuccessStatusCode) throw new HttpRequestException($"{method} {path} -> {status}: {text}");
                    return string.IsNullOrEmpty(text) ? JValue.CreateNull() : Json.Parse(text);
                }
            }
        }

        private const int MaxAttempts = 20;

        public async Task<Guid> CreateFlowAsync(string name, params string[] tags)
            => Guid.Parse((string)(await SendAsync("POST", "/flows/", new JObject { ["name"] = name, ["tags"] = new JArray(tags) }))["id"]!);

        /// <summary>Creates (or upserts) a deployment; <paramref name="scheduleJson"/> is e.g. {"cron":"0 2 * * *","timezone":"Europe/Berlin"}.</summary>
        public async Task<JObject> CreateDeploymentAsync(Guid flowId, string name, IEnumerable<string>? tags = null, string? scheduleJson = null,
            bool paused = false, string? workQueue = null, string? workPool = null, JObject? parameters = null)
        {
            var body = new JObject { ["name"] = name, ["flow_id"] = flowId.ToString(), ["tags"] = new JArray(tags ?? Array.Empty<string>()), ["paused"] = paused };
            if (scheduleJson != null) body["schedules"] = new JArray(new JObject { ["schedule"] = Json.Parse(scheduleJson), ["active"] = true });
            if (workQueue != null) body["work_queue_name"] = workQueue;
            if (workPool != null) body["work_pool_name"] = workPool;
            if (parameters != null) body["parameters"] = parameters;
            return (JObject)await SendAsync("POST", "/deployments/", body);
        }

        public async Task<JObject> CreateWorkPoolAsync(string name, string type = "process", int? concurrencyLimit = null)
        {
            var body = new JObject { ["name"] = name, ["type"] = type };
            if (concurrencyLimit.HasValue) body["concurrency_limit"] = concurrencyLimit.Value;
            return (JObject)await SendAsync("POST", "/work_pools/", body);
        }

        public async Task<JObject> CreateWorkQueueAsync(string pool, string name, int? concurrencyLimit = null, int? priority = null)
        {
            var body = new JObject { ["name"] = name };
            if (concurrencyLimit.HasValue) body["concurrency_limit"] = concurrencyLimit.Value;
            if (priority.HasValue) body["priority"] = priority.Value;
            return (JObject)await SendAsync("POST", $"/work_pools/{pool}/queues", body);
        }

        /// <summary>A manual run of a deployment, optionally scheduled at a given time.</summary>
        public async Task<JObject> CreateFlowRunAsync(Guid deploymentId, DateTimeOffset? scheduledTime = null, IEnumerable<string>? tags = null, string? idempotencyKey = null)
        {
            var body = new JObject();
            if (scheduledTime.HasValue)
                body["state"] = new JObject { ["type"] = "SCHEDULED", ["state_details"] = new JObject { ["scheduled_time"] = Json.Time(scheduledTime.Value) } };
            if (tags != null) body["tags"] = new JArray(tags);
            if (idempotencyKey != null) body["idempotency_key"] = idempotencyKey;
            return (JObject)await SendAsync("POST", $"/deployments/{deploymentId}/create_flow_run", body);
        }

        public Task<JToken> SetStateAsync(Guid flowRunId, string type, bool force = false)
            => SendAsync("POST", $"/flow_runs/{flowRunId}/set_state", new JObject { ["state"] = new JObject { ["type"] = type }, ["force"] = force });

        /// <summary>
        /// A small realistic estate: 5 flows, 12 deployments, prod/dev tags, New York and Berlin crons, intervals,
        /// one without schedule, one paused on purpose, two work pools with queues, and runs in various states.
        /// </summary>
        /// <summary>
        /// <paramref name="count"/> more deployments of one flow, tagged <paramref name="tag"/>, every 5 minutes: for
        /// tests of bulk changes (progress, Ctrl+C) that need more flows than the demo estate has.
        /// </summary>
        public async Task SeedBulkAsync(int count, string tag)
        {
            var flow = await CreateFlowAsync("bulk-flow", tag);
            for (int i = 1; i <= count; i++)
                await CreateDeploymentAsync(flow, $"bulk-{i:D4}", new[] { tag }, "{\"interval\":300}", workQueue: "bulk", workPool: "prod-pool");
        }

        public async Task SeedDemoEstateAsync()
        {
            await CreateWorkPoolAsync("prod-pool", "process", 10);
            await CreateWorkQueueAsync("prod-pool", "critical", 5, 1);
            await CreateWorkQueueAsync("prod-pool", "bulk", 2);
            await CreateWorkPoolAsync("dev-pool", "process");
            await CreateWorkQueueAsync("dev-pool", "sandbox");

            var etl = await CreateFlowAsync("etl-warehouse", "etl");
            var backup = await CreateFlowAsync("db-backup", "dba");
            var reports = await CreateFlowAsync("finance-reports", "finance");
            var reindex = await CreateFlowAsync("index-maintenance", "dba");
            var sync = await CreateFlowAsync("crm-sync");

            const string ny = "America/New_York", berlin = "Europe/Berlin";
            string Cron(string c, string tz) => new JObject { ["cron"] = c, ["timezone"] = tz }.ToString(Formatting.None);
            string Every(int seconds) => new JObject { ["interval"] = seconds, ["timezone"] = "UTC" }.ToString(Formatting.None);

            var nightly = await CreateDeploymentAsync(etl, "nightly-load", new[] { "server-prod", "nightly" }, Cron("0 2 * * *", ny), workQueue: "critical", workPool: "prod-pool");
            await CreateDeploymentAsync(etl, "hourly-delta", new[] { "server-prod" }, Cron("15 * * * *", ny), workQueue: "bulk", workPool: "prod-pool");
            await CreateDeploymentAsync(etl, "dev-load", new[] { "server-dev", "nightly" }, Cron("0 3 * * *", berlin), workQueue: "sandbox", workPool: "dev-pool");
            await CreateDeploymentAsync(backup, "full-backup", new[] { "server-prod", "nightly" }, Cron("30 1 * * *", berlin), workQueue: "critical", workPool: "prod-pool");
            await CreateDeploymentAsync(backup, "log-backup", new[] { "server-prod" }, Every(900), workQueue: "critical", workPool: "prod-pool");
            await CreateDeploymentAsync(backup, "dev-backup", new[] { "server-dev" }, Cron("0 4 * * 1-5", berlin), workQueue: "sandbox", workPool: "dev-pool");
            await CreateDeploymentAsync(reports, "month-end-close", new[] { "server-prod", "finance" }, Cron("0 6 1 * *", ny), workQueue: "bulk", workPool: "prod-pool");
            await CreateDeploymentAsync(reports, "daily-pnl", new[] { "server-prod", "finance", "nightly" }, Cron("0 23 * * 1-5", ny), workQueue: "bulk", workPool: "prod-pool");
            var adhoc = await CreateDeploymentAsync(reports, "adhoc-report", new[] { "finance" }, null, workQueue: "bulk", workPool: "prod-pool");
            await CreateDeploymentAsync(reindex, "weekly-reindex", new[] { "server-prod" }, Cron("0 5 * * 0", berlin), workQueue: "bulk", workPool: "prod-pool");
            await CreateDeploymentAsync(reindex, "stats-update", new[] { "server-dev" }, Every(3600), paused: true, workQueue: "sandbox", workPool: "dev-pool");
            await CreateDeploymentAsync(sync, "crm-sync-15m", new[] { "server-prod" }, Every(900), workQueue: "critical", workPool: "prod-pool");

            var adhocId = Guid.Parse((string)adhoc["id"]!);
            var completed = await CreateFlowRunAsync(adhocId);
            var cid = Guid.Parse((string)completed["id"]!);
            await SetStateAsync(cid, "RUNNING");
            await SetStateAsync(cid, "COMPLETED");
            var failed = await CreateFlowRunAsync(adhocId);
            var fid = Guid.Parse((string)failed["id"]!);
            await SetStateAsync(fid, "RUNNING");
            await SetStateAsync(fid, "FAILED");
            var running = await CreateFlowRunAsync(Guid.Parse((string)nightly["id"]!), tags: new[] { "manual" });
            await SetStateAsync(Guid.Parse((string)running["id"]!), "RUNNING");
            await CreateFlowRunAsync(adhocId, DateTimeOffset.UtcNow.AddDays(1), new[] { "manual" });
        }

        public void Dispose() => _http.Dispose();
    }
}
