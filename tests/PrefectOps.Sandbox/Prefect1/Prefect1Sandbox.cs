using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace PrefectOps.Sandbox.Prefect1
{
    /// <summary>How to start the Prefect 1 GraphQL sandbox (tests/graphql-sandbox/server.js).</summary>
    public sealed class Prefect1SandboxOptions
    {
        /// <summary>Cloud 1.0 mode: every GraphQL request needs <c>Authorization: Bearer &lt;key&gt;</c> (401 otherwise).</summary>
        public string? ApiKey { get; set; }
        /// <summary>A seed the server loads at start ("demo"), or null for an empty server (one tenant).</summary>
        public string? Seed { get; set; }
        /// <summary>The node executable (default "node" on PATH).</summary>
        public string NodePath { get; set; } = "node";
        /// <summary>The repository root (the folder holding PrefectOps.psd1); found from AppContext.BaseDirectory when null.</summary>
        public string? RepoRoot { get; set; }
        /// <summary>Overrides the shared prefect-api folder (PREFECTOPS_SHARED_API).</summary>
        public string? SharedApiDir { get; set; }
        public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);
    }

    /// <summary>A flow registered by <see cref="Prefect1Sandbox.SeedAsync"/>.</summary>
    public sealed class Prefect1SeededFlow
    {
        public string FlowId { get; set; } = "";
        public string FlowGroupId { get; set; } = "";
        public string ProjectId { get; set; } = "";
        public string Name { get; set; } = "";
        public int Version { get; set; }
    }

    /// <summary>What <see cref="Prefect1Sandbox.SeedAsync"/> registers: a flow shaped like Prefect Core 1.4.1's flow.serialize().</summary>
    public sealed class Prefect1FlowSpec
    {
        public string Name { get; set; } = "";
        public string Project { get; set; } = "dba";
        /// <summary>Task name -> tags (tags live only on tasks in Prefect 1).</summary>
        public IDictionary<string, string[]> Tasks { get; set; } = new Dictionary<string, string[]> { ["task"] = Array.Empty<string>() };
        /// <summary>Serialized clocks (see <see cref="Prefect1Clocks"/>); null or empty: no schedule.</summary>
        public IList<JObject>? Clocks { get; set; }
        /// <summary>Flow parameters: name -> default (null default with Required = a required parameter).</summary>
        public IList<(string Name, JToken? Default, bool Required)> Parameters { get; set; } = new List<(string, JToken?, bool)>();
        /// <summary>run_config.labels.</summary>
        public string[] Labels { get; set; } = Array.Empty<string>();
        public string? VersionGroupId { get; set; }
        /// <summary>create_flow's set_schedule_active (Prefect's default is true).</summary>
        public bool SetScheduleActive { get; set; } = true;
    }

    /// <summary>Serialized Prefect 1 clocks as Core stores them (api-reference.md section 5).</summary>
    public static class Prefect1Clocks
    {
        private static JObject DateTz(DateTime local, string tz) => new JObject { ["dt"] = local.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF").TrimEnd('.'), ["tz"] = tz };

        public static JObject Cron(string cron, string? timeZone = null, bool dayOr = true, JObject? parameterDefaults = null, string[]? labels = null)
            => new JObject
            {
                ["type"] = "CronClock", ["cron"] = cron,
                ["start_date"] = timeZone == null ? JValue.CreateNull() : DateTz(new DateTime(2020, 1, 1), timeZone),
                ["end_date"] = null, ["parameter_defaults"] = parameterDefaults ?? new JObject(),
                ["labels"] = labels == null ? JValue.CreateNull() : new JArray(labels), ["day_or"] = dayOr, ["__version__"] = "1.4.1",
            };

        /// <summary>An IntervalClock: interval in MICROSECONDS; anchor = start_date (wall time in <paramref name="timeZone"/>), null = 2019-01-01 UTC.</summary>
        public static JObject Interval(TimeSpan interval, DateTime? anchor = null, string timeZone = "UTC", JObject? parameterDefaults = null, string[]? labels = null)
            => new JObject
            {
                ["type"] = "IntervalClock", ["interval"] = interval.Ticks / 10,
                ["start_date"] = anchor == null ? JValue.CreateNull() : DateTz(anchor.Value, timeZone),
                ["end_date"] = null, ["parameter_defaults"] = parameterDefaults ?? new JObject(),
                ["labels"] = labels == null ? JValue.CreateNull() : new JArray(labels), ["__version__"] = "1.4.1",
            };

        public static JObject Dates(IEnumerable<DateTime> utcDates, JObject? parameterDefaults = null, string[]? labels = null)
            => new JObject
            {
                ["type"] = "DatesClock", ["dates"] = new JArray(utcDates.Select(d => DateTz(d, "UTC"))),
                ["start_date"] = null, ["end_date"] = null, ["parameter_defaults"] = parameterDefaults ?? new JObject(),
                ["labels"] = labels == null ? JValue.CreateNull() : new JArray(labels), ["__version__"] = "1.4.1",
            };

        /// <summary>An RRuleClock (the sandbox does not evaluate it, as PrefectOps must not guess one).</summary>
        public static JObject RRule(string rrule)
            => new JObject { ["type"] = "RRuleClock", ["rrule_obj"] = new JObject { ["type"] = "rrule", ["rrule_str"] = rrule }, ["start_date"] = null, ["end_date"] = null, ["parameter_defaults"] = new JObject(), ["labels"] = null };
    }

    /// <summary>The raw answer of a GraphQL POST.</summary>
    public sealed class Prefect1Response
    {
        public int Status { get; set; }
        public string Text { get; set; } = "";
        public JObject? Json { get; set; }
        public JToken? Data => Json?["data"];
        public JArray? Errors => Json?["errors"] as JArray;
    }

    /// <summary>
    /// The in-memory Prefect 1 GraphQL server (tests/graphql-sandbox, Node.js + graphql-js) as a child process.
    /// GraphQL at <see cref="GraphQLUrl"/>; test controls under /__sandbox/.
    /// </summary>
    public sealed class Prefect1Sandbox : IAsyncDisposable
    {
        private static readonly SemaphoreSlim NpmGate = new SemaphoreSlim(1, 1);
        private static bool _npmChecked;
        private readonly Process _process;
        private readonly StringBuilder _stderr;
        private readonly HttpClient _http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        private int _disposed;

        private Prefect1Sandbox(Process process, StringBuilder stderr, Uri graphql, string? apiKey)
        {
            _process = process;
            _stderr = stderr;
            GraphQLUrl = graphql;
            ApiKey = apiKey;
            ControlUrl = new Uri(graphql, "/__sandbox/");
        }

        public Uri GraphQLUrl { get; }
        public Uri ControlUrl { get; }
        public string? ApiKey { get; }
        /// <summary>What the server wrote on stderr so far (scheduler notes, crashes).</summary>
        public string StandardError { get { lock (_stderr) return _stderr.ToString(); } }

        public static string FindRepoRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "PrefectOps.psd1"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException($"No folder with PrefectOps.psd1 above {AppContext.BaseDirectory}.");
        }

        public static async Task<Prefect1Sandbox> StartAsync(Prefect1SandboxOptions? o = null)
        {
            o ??= new Prefect1SandboxOptions();
            var sandboxDir = Path.Combine(o.RepoRoot ?? FindRepoRoot(), "tests", "graphql-sandbox");
            if (!File.Exists(Path.Combine(sandboxDir, "server.js"))) throw new InvalidOperationException($"{sandboxDir}/server.js not found.");
            await EnsureNodeModulesAsync(sandboxDir).ConfigureAwait(false);

            var psi = new ProcessStartInfo(o.NodePath)
            {
                WorkingDirectory = sandboxDir,
                RedirectStandardInput = true, // the server exits when its stdin closes: no orphan if the test host dies
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                CreateNoWindow = true,
            };
            psi.ArgumentList.Add(Path.Combine(sandboxDir, "server.js"));
            psi.ArgumentList.Add("--port");
            psi.ArgumentList.Add("0");
            if (o.ApiKey != null) { psi.ArgumentList.Add("--api-key"); psi.ArgumentList.Add(o.ApiKey); }
            if (o.Seed != null) { psi.ArgumentList.Add("--seed"); psi.ArgumentList.Add(o.Seed); }
            if (o.SharedApiDir != null) psi.Environment["PREFECTOPS_SHARED_API"] = o.SharedApiDir;

            Process process;
            try { process = Process.Start(psi) ?? throw new InvalidOperationException("node did not start."); }
            catch (Win32Exception e) { throw new InvalidOperationException($"Cannot start '{o.NodePath}' for the Prefect 1 sandbox: Node.js 20 must be on PATH ({e.Message}).", e); }

            var stderr = new StringBuilder();
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (stderr) stderr.AppendLine(e.Data); };
            process.BeginErrorReadLine();

            using var cts = new CancellationTokenSource(o.StartTimeout);
            try
            {
                while (true)
                {
                    var line = await process.StandardOutput.ReadLineAsync(cts.Token).ConfigureAwait(false);
                    if (line == null) throw new InvalidOperationException($"The Prefect 1 sandbox exited before listening: {Snapshot(stderr)}");
                    if (line.StartsWith("LISTENING ", StringComparison.Ordinal))
                    {
                        // keep draining stdout so the child never blocks on a full pipe
                        _ = Task.Run(async () => { try { while (await process.StandardOutput.ReadLineAsync().ConfigureAwait(false) != null) { } } catch (Exception) { } });
                        return new Prefect1Sandbox(process, stderr, new Uri(line.Substring("LISTENING ".Length).Trim()), o.ApiKey);
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException || e is InvalidOperationException)
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                process.Dispose();
                if (e is OperationCanceledException) throw new TimeoutException($"The Prefect 1 sandbox did not print LISTENING within {o.StartTimeout}: {Snapshot(stderr)}");
                throw;
            }
        }

        private static string Snapshot(StringBuilder sb) { lock (sb) return sb.ToString(); }

        /// <summary>Runs <c>npm ci</c> in tests/graphql-sandbox once per process when node_modules/graphql is missing.</summary>
        private static async Task EnsureNodeModulesAsync(string sandboxDir)
        {
            await NpmGate.WaitAsync().ConfigureAwait(false);
            try
            {
                if (_npmChecked || Directory.Exists(Path.Combine(sandboxDir, "node_modules", "graphql"))) { _npmChecked = true; return; }
                var psi = new ProcessStartInfo(RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "npm.cmd" : "npm")
                {
                    WorkingDirectory = sandboxDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, CreateNoWindow = true,
                };
                foreach (var a in new[] { "ci", "--no-audit", "--no-fund" }) psi.ArgumentList.Add(a);
                Process npm;
                try { npm = Process.Start(psi) ?? throw new InvalidOperationException("npm did not start."); }
                catch (Win32Exception e) { throw new InvalidOperationException($"tests/graphql-sandbox needs its npm packages and npm was not found on PATH: install Node.js 20 (with npm) or run 'npm ci' in {sandboxDir}. ({e.Message})", e); }
                using (npm)
                {
                    var outTask = npm.StandardOutput.ReadToEndAsync();
                    var errTask = npm.StandardError.ReadToEndAsync();
                    await npm.WaitForExitAsync().ConfigureAwait(false);
                    if (npm.ExitCode != 0) throw new InvalidOperationException($"'npm ci' in {sandboxDir} failed ({npm.ExitCode}): {await errTask.ConfigureAwait(false)}{await outTask.ConfigureAwait(false)}");
                }
                _npmChecked = true;
            }
            finally { NpmGate.Release(); }
        }

        // ---------------- GraphQL ----------------

        /// <summary>POSTs {query, variables} to /graphql (with the Bearer key in Cloud mode) and returns the raw answer.</summary>
        public async Task<Prefect1Response> QueryAsync(string query, object? variables = null, IDictionary<string, string>? headers = null, CancellationToken ct = default)
        {
            var body = new JObject { ["query"] = query };
            if (variables != null) body["variables"] = variables as JToken ?? JToken.FromObject(variables);
            using var req = new HttpRequestMessage(HttpMethod.Post, GraphQLUrl) { Content = new StringContent(body.ToString(Formatting.None), Encoding.UTF8, "application/json") };
            if (ApiKey != null) req.Headers.TryAddWithoutValidation("Authorization", "Bearer " + ApiKey);
            if (headers != null) foreach (var h in headers) { req.Headers.Remove(h.Key); req.Headers.TryAddWithoutValidation(h.Key, h.Value); }
            using var resp = await _http.SendAsync(req, ct).ConfigureAwait(false);
            var text = await resp.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            JObject? json = null;
            try { json = JsonConvert.DeserializeObject<JObject>(text, new JsonSerializerSettings { DateParseHandling = DateParseHandling.None }); } catch (JsonException) { }
            return new Prefect1Response { Status = (int)resp.StatusCode, Text = text, Json = json };
        }

        /// <summary>Like <see cref="QueryAsync"/> but throws unless HTTP 200 without errors; returns <c>data</c>.</summary>
        public async Task<JToken> QueryOkAsync(string query, object? variables = null, CancellationToken ct = default)
        {
            var r = await QueryAsync(query, variables, null, ct).ConfigureAwait(false);
            if (r.Status != 200 || r.Errors != null || r.Data == null) throw new InvalidOperationException($"GraphQL failed: HTTP {r.Status} {r.Text}");
            return r.Data;
        }

        /// <summary>
        /// Registers a flow through the GraphQL API as the Prefect 1 client does: finds the tenant, creates the project when
        /// missing (create_project), then create_flow with a serialized flow. Re-seeding the same name makes a new version.
        /// </summary>
        public async Task<Prefect1SeededFlow> SeedAsync(Prefect1FlowSpec spec, CancellationToken ct = default)
        {
            var tenant = (string)(await QueryOkAsync("query { tenant(limit: 1) { id } }", null, ct).ConfigureAwait(false))["tenant"]![0]!["id"]!;
            var projects = await QueryOkAsync("query($n: String!) { project(where: {name: {_eq: $n}}) { id } }", new JObject { ["n"] = spec.Project }, ct).ConfigureAwait(false);
            string projectId = projects["project"]!.Any()
                ? (string)projects["project"]![0]!["id"]!
                : (string)(await QueryOkAsync("mutation($i: create_project_input!) { create_project(input: $i) { id } }",
                    new JObject { ["i"] = new JObject { ["tenant_id"] = tenant, ["name"] = spec.Project } }, ct).ConfigureAwait(false))["create_project"]!["id"]!;

            var input = new JObject { ["project_id"] = projectId, ["serialized_flow"] = SerializeFlow(spec), ["set_schedule_active"] = spec.SetScheduleActive };
            if (spec.VersionGroupId != null) input["version_group_id"] = spec.VersionGroupId;
            var flowId = (string)(await QueryOkAsync("mutation($i: create_flow_input!) { create_flow(input: $i) { id } }", new JObject { ["i"] = input }, ct).ConfigureAwait(false))["create_flow"]!["id"]!;
            var flow = (await QueryOkAsync("query($id: uuid!) { flow_by_pk(id: $id) { id name version flow_group_id } }", new JObject { ["id"] = flowId }, ct).ConfigureAwait(false))["flow_by_pk"]!;
            return new Prefect1SeededFlow { FlowId = flowId, FlowGroupId = (string)flow["flow_group_id"]!, ProjectId = projectId, Name = (string)flow["name"]!, Version = (int)flow["version"]! };
        }

        /// <summary>A serialized flow as Prefect Core 1.4.1's flow.serialize() shapes it (the parts the server reads).</summary>
        public static JObject SerializeFlow(Prefect1FlowSpec spec)
        {
            var tasks = new JArray();
            var edges = new JArray();
            string? previous = null;
            foreach (var t in spec.Tasks)
            {
                var slug = t.Key + "-1";
                tasks.Add(new JObject
                {
                    ["name"] = t.Key, ["slug"] = slug, ["type"] = "prefect.tasks.core.function.FunctionTask",
                    ["tags"] = new JArray(t.Value.Distinct().OrderBy(x => x, StringComparer.Ordinal)), ["max_retries"] = 0, ["retry_delay"] = null,
                    ["mapped"] = false, ["auto_generated"] = false, ["cache_key"] = null, ["__version__"] = "1.4.1",
                });
                if (previous != null) edges.Add(new JObject { ["upstream_task"] = new JObject { ["slug"] = previous }, ["downstream_task"] = new JObject { ["slug"] = slug }, ["key"] = null, ["mapped"] = false });
                previous = slug;
            }
            JToken schedule = spec.Clocks == null || spec.Clocks.Count == 0
                ? JValue.CreateNull()
                : new JObject
                {
                    ["type"] = "Schedule", ["clocks"] = new JArray(spec.Clocks.Select(c => c.DeepClone())), ["filters"] = new JArray(), ["or_filters"] = new JArray(),
                    ["not_filters"] = new JArray(), ["adjustments"] = new JArray(), ["__version__"] = "1.4.1",
                };
            return new JObject
            {
                ["name"] = spec.Name, ["type"] = "prefect.core.flow.Flow", ["tasks"] = tasks, ["edges"] = edges, ["reference_tasks"] = new JArray(),
                ["parameters"] = new JArray(spec.Parameters.Select(p => new JObject { ["name"] = p.Name, ["slug"] = p.Name, ["default"] = p.Default ?? JValue.CreateNull(), ["required"] = p.Required, ["type"] = "prefect.core.parameter.Parameter" })),
                ["schedule"] = schedule, ["environment"] = null,
                ["run_config"] = new JObject { ["type"] = "UniversalRun", ["labels"] = new JArray(spec.Labels), ["env"] = null, ["__version__"] = "1.4.1" },
                ["storage"] = new JObject { ["type"] = "Local", ["directory"] = "/tmp", ["flows"] = new JObject(), ["__version__"] = "1.4.1" },
                ["__version__"] = "1.4.1",
            };
        }

        // ---------------- control API (/__sandbox/) ----------------

        private async Task<JToken> ControlAsync(HttpMethod method, string path, JObject? body = null)
        {
            using var req = new HttpRequestMessage(method, new Uri(ControlUrl, path));
            if (body != null) req.Content = new StringContent(body.ToString(Formatting.None), Encoding.UTF8, "application/json");
            using var resp = await _http.SendAsync(req).ConfigureAwait(false);
            var text = await resp.Content.ReadAsStringAsync().ConfigureAwait(false);
            if (!resp.IsSuccessStatusCode) throw new InvalidOperationException($"{method} /__sandbox/{path} -> {(int)resp.StatusCode}: {text}");
            return JsonConvert.DeserializeObject<JToken>(text, new JsonSerializerSettings { DateParseHandling = DateParseHandling.None }) ?? JValue.CreateNull();
        }

        /// <summary>Freezes the server's clock at <paramref name="now"/> (it follows real time until then).</summary>
        public async Task<DateTimeOffset> SetClockAsync(DateTimeOffset now)
            => DateTimeOffset.Parse((string)(await ControlAsync(HttpMethod.Post, "clock", new JObject { ["now"] = now.ToUniversalTime().ToString("o") }).ConfigureAwait(false))["now"]!, System.Globalization.CultureInfo.InvariantCulture);

        public async Task<DateTimeOffset> AdvanceClockAsync(TimeSpan by)
            => DateTimeOffset.Parse((string)(await ControlAsync(HttpMethod.Post, "clock", new JObject { ["seconds"] = by.TotalSeconds }).ConfigureAwait(false))["now"]!, System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>Runs one scheduler pass; returns the runs it created ({id, flow_id, scheduled_start_time, idempotency_key, ...}).</summary>
        public async Task<JArray> RunSchedulerAsync()
            => (JArray)(await ControlAsync(HttpMethod.Post, "scheduler/run").ConfigureAwait(false))["created"]!;

        /// <summary>Sets a flow run's state directly, as an agent would (e.g. "Running", "Success", "Failed").</summary>
        public Task<JToken> SetFlowRunStateAsync(string flowRunId, string type, string? message = null, DateTimeOffset? startTime = null)
            => ControlAsync(HttpMethod.Post, $"flow_runs/{Uri.EscapeDataString(flowRunId)}/state", StateBody(type, message, startTime));

        /// <summary>Sets a task run's state directly (e.g. "Paused" for Resume-FlowRun tests).</summary>
        public Task<JToken> SetTaskRunStateAsync(string taskRunId, string type, string? message = null, DateTimeOffset? startTime = null)
            => ControlAsync(HttpMethod.Post, $"task_runs/{Uri.EscapeDataString(taskRunId)}/state", StateBody(type, message, startTime));

        private static JObject StateBody(string type, string? message, DateTimeOffset? startTime)
        {
            var b = new JObject { ["type"] = type, ["message"] = message };
            if (startTime != null) b["start_time"] = startTime.Value.ToUniversalTime().ToString("o");
            return b;
        }

        /// <summary>
        /// Injects a fault for requests whose operation name or a root field name is <paramref name="operation"/> ("*" for all).
        /// kind: "status" (HTTP <paramref name="status"/>, with Retry-After for 429 when given), "reset", "hang", "malformed",
        /// "resolver_error" (HTTP 200, data.X null, errors[].extensions.code = <paramref name="code"/> or API_ERROR),
        /// "reset_after" (handled, then the connection dropped), "delay". <paramref name="times"/> null = every time.
        /// </summary>
        /// <param name="onlyWith">When given, only requests whose variables mention one of these (a flow's ids) are hit.</param>
        public async Task<int> AddFaultAsync(string operation, string kind, int status = 500, int? times = null, int? retryAfterSeconds = null, string? message = null, string? code = null, int? delayMs = null,
            IEnumerable<string>? onlyWith = null)
        {
            var b = new JObject { ["operation"] = operation, ["kind"] = kind, ["status"] = status };
            if (onlyWith != null) b["only_with"] = new JArray(onlyWith);
            if (times != null) b["times"] = times;
            if (retryAfterSeconds != null) b["retry_after"] = retryAfterSeconds;
            if (message != null) b["message"] = message;
            if (code != null) b["code"] = code;
            if (delayMs != null) b["delay_ms"] = delayMs;
            return (int)(await ControlAsync(HttpMethod.Post, "faults", b).ConfigureAwait(false))["id"]!;
        }

        public Task ClearFaultsAsync() => ControlAsync(HttpMethod.Delete, "faults");

        /// <summary>How many GraphQL requests named <paramref name="operation"/> (operation name, else root field name) arrived.</summary>
        public async Task<int> RequestCountAsync(string operation)
            => (int)(await ControlAsync(HttpMethod.Get, "requests/" + Uri.EscapeDataString(operation)).ConfigureAwait(false))["count"]!;

        /// <summary>All counters: {total, operations, fields, tenants, unauthorized}.</summary>
        public async Task<JObject> RequestCountsAsync() => (JObject)await ControlAsync(HttpMethod.Get, "requests").ConfigureAwait(false);

        /// <summary>Empties the server (one tenant left), clears faults and counters, and returns the clock to real time.</summary>
        public Task ResetAsync(string? seed = null) => ControlAsync(HttpMethod.Post, "reset", seed == null ? new JObject() : new JObject { ["seed"] = seed });

        /// <summary>The rows of one table (debugging aid).</summary>
        public async Task<JArray> TableAsync(string table) => (JArray)await ControlAsync(HttpMethod.Get, "tables/" + table).ConfigureAwait(false);

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            _http.Dispose();
            try
            {
                try { _process.StandardInput.Close(); } catch (IOException) { }
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                try { await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false); } catch (OperationCanceledException) { }
                if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException) { }
            finally { _process.Dispose(); }
        }
    }
}
