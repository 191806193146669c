using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;
using PrefectOps.Sandbox.Contract;
using PrefectOps.Sandbox.Http;
using PrefectOps.Sandbox.Middleware;
using PrefectOps.Sandbox.Orchestration;
using PrefectOps.Sandbox.Routes;
using PrefectOps.Sandbox.Scheduling;
using PrefectOps.Sandbox.State;

namespace PrefectOps.Sandbox
{
    /// <summary>An in-memory Prefect 2.19.9 / 3.8 server on loopback HTTP, for integration tests and the demo.</summary>
    public sealed class SandboxServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly SandboxState _state;
        private readonly List<string> _violations = new List<string>();
        private Timer? _schedulerTimer;

        public Uri ApiUrl { get; private set; } = null!;
        public SandboxClock Clock { get; }
        public RequestLog Requests { get; } = new RequestLog();
        /// <summary>Faults a test switches on per route (see Faults/).</summary>
        public Faults.FaultPlan Faults { get; } = new Faults.FaultPlan();
        public SandboxOptions Options { get; }
        /// <summary>The CSRF tokens issued (used only with <see cref="SandboxOptions.CsrfProtection"/>).</summary>
        public State.CsrfTokenStore CsrfTokens { get; }
        public int PrefectMajorVersion => _state.Major;

        /// <summary>Every OpenAPI violation seen so far ("METHOD /path: message").</summary>
        public IReadOnlyList<string> ContractViolations { get { lock (_violations) return _violations.ToList(); } }

        private SandboxServer(WebApplication app, SandboxState state, SandboxOptions options)
        {
            _app = app;
            _state = state;
            Clock = state.Clock;
            Options = options;
            CsrfTokens = new State.CsrfTokenStore(state.Clock, options.CsrfTokenLifetime);
        }

        /// <summary>
        /// The handlers take the state's one lock synchronously. With the pool's default minimum (one thread per core)
        /// a few concurrent requests park every thread on that lock and the rest wait for the pool to grow, about one
        /// thread a second: the sandbox, not the client, would then set the pace. A real async server has no such limit.
        /// </summary>
        private static void EnsureThreadsForBlockingHandlers()
        {
            const int MinWorkers = 64;
            ThreadPool.GetMinThreads(out int workers, out int io);
            if (workers < MinWorkers) ThreadPool.SetMinThreads(MinWorkers, io);
        }

        public static async Task<SandboxServer> StartAsync(SandboxOptions? options = null)
        {
            options ??= new SandboxOptions();
            if (options.PrefectMajorVersion != 2 && options.PrefectMajorVersion != 3)
                throw new ArgumentOutOfRangeException(nameof(options), "PrefectMajorVersion must be 2 or 3.");
            var state = new SandboxState(options.PrefectMajorVersion, new SandboxClock());
            EnsureThreadsForBlockingHandlers();

            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(SandboxServer).Assembly.GetName().Name });
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                if (options.Certificate != null) listen.UseHttps(options.Certificate);
            }));
            builder.Services.AddRouting();
            var app = builder.Build();
            var server = new SandboxServer(app, state, options);

            var contract = OpenApiContract.ForMajorVersion(options.PrefectMajorVersion);

            // Order matters and is the extension point: (load) -> faults -> CSRF -> auth -> request log -> contract check -> routes.
            // The real server checks CSRF before the auth string (recorded/prefect3-auth-csrf.md).
            app.UseRouting();
            if (options.Control) app.UseMiddleware<ControlMiddleware>(server);
            // Only registered when asked for, so the normal test suite pays nothing for it.
            if (options.Load != null) app.UseMiddleware<PrefectOps.Sandbox.Load.LoadMiddleware>(options.Load);
            app.UseMiddleware<FaultInjectionMiddleware>(server.Faults);
            app.UseMiddleware<CsrfMiddleware>(server);
            app.UseMiddleware<AuthMiddleware>(options);
            app.UseMiddleware<RequestLogMiddleware>(server.Requests);
            app.UseMiddleware<ContractCheckMiddleware>(contract, (Action<string>)server.RecordViolation);

            var c = new SandboxContext(state);
            var api = app.MapGroup("/api");
            AdminRoutes.Map(api, c);
            CsrfTokenRoutes.Map(api, c, server.CsrfTokens, options.CsrfProtection);
            FlowRoutes.Map(api, c);
            DeploymentRoutes.Map(api, c);
            DeploymentPauseRoutes.Map(api, c);
            DeploymentScheduleRoutes.Map(api, c);
            DeploymentFlowRunRoutes.Map(api, c);
            FlowRunRoutes.Map(api, c);
            FlowRunStateRoutes.Map(api, c);
            FlowRunInputRoutes.Map(api, c);
            WorkQueueRoutes.Map(api, c);
            WorkPoolRoutes.Map(api, c);

            await app.StartAsync();
            var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<IServerAddressesFeature>()!.Addresses.First();
            server.ApiUrl = new Uri(address.TrimEnd('/') + "/api");
            if (options.BackgroundScheduler)
            {
                var period = TimeSpan.FromSeconds(Math.Max(0.1, options.BackgroundSchedulerIntervalSeconds));
                server._schedulerTimer = new Timer(_ => { server.RunScheduler(); server.MarkLateRuns(); }, null, TimeSpan.Zero, period);
            }
            return server;
        }

        private void RecordViolation(string v) { lock (_violations) _violations.Add(v); }

        public void ClearContractViolations() { lock (_violations) _violations.Clear(); }

        /// <summary>One pass of Prefect's scheduler service; returns how many runs it created.</summary>
        public int RunScheduler() => AutoScheduler.RunOnce(_state);

        /// <summary>One pass of Prefect's late-runs service; returns how many runs it marked Late.</summary>
        public int MarkLateRuns() => LateRunMarker.RunOnce(_state);

        /// <summary>Plays the worker's part: forces a run into a state (e.g. RUNNING, then CANCELLED later).</summary>
        public void SetFlowRunState(Guid flowRunId, string stateType, string? stateName = null, string? message = null)
        {
            using (_state.Exclusive())
            {
                if (!_state.FlowRuns.TryGetValue(flowRunId, out var run)) throw new KeyNotFoundException($"No flow run {flowRunId}.");
                var now = _state.Now;
                var st = FlowRunStates.Make(run.Id, stateType, stateName ?? FlowRunStates.DefaultName(stateType), now, message,
                    stateType == "SCHEDULED" ? now : (DateTimeOffset?)null);
                FlowRunStates.Apply(run, st, now, _state.Major);
            }
        }

        /// <summary>Says who made a run, as Prefect 3.x and Cloud record it (created_by): a user, an automation...</summary>
        public void SetFlowRunCreatedBy(Guid flowRunId, string type, string displayValue)
        {
            using (_state.Exclusive())
                _state.FlowRuns[flowRunId].CreatedBy = new JObject { ["id"] = Guid.NewGuid().ToString(), ["type"] = type, ["display_value"] = displayValue };
        }

        /// <summary>Deletes a deployment as another user would, e.g. half-way through a client's bulk operation.</summary>
        public bool DeleteDeployment(Guid deploymentId)
        {
            using (_state.Exclusive()) return _state.Deployments.Remove(deploymentId);
        }

        /// <summary>
        /// Plays the worker stopping a Cancelling run: the <paramref name="reads"/>-th time a client reads the run
        /// (GET /flow_runs/{id} or in /flow_runs/filter) while it is Cancelling, it becomes Cancelled.
        /// </summary>
        /// <summary>Plays a worker for every run: each Cancelling run is Cancelled on its <paramref name="reads"/>-th read (null: no worker).</summary>
        public void FinishEveryCancellingRunAfterReads(int? reads)
        {
            using (_state.Exclusive()) _state.Cancellation.FinishEveryRunAfterReads(reads);
        }

        public void FinishCancellingAfterReads(Guid flowRunId, int reads)
        {
            using (_state.Exclusive()) _state.Cancellation.FinishAfterReads(flowRunId, reads);
        }

        /// <summary>Stores a flow_run_input row (what a paused flow writes for its run_input_keyset schema).</summary>
        public void SetFlowRunInput(Guid flowRunId, string key, string json)
        {
            using (_state.Exclusive()) _state.FlowRuns[flowRunId].Inputs[key] = json;
        }

        /// <summary>Reads the in-memory tables under the state lock (for assertions the API cannot make).</summary>
        public T Inspect<T>(Func<SandboxState, T> read)
        {
            using (_state.Exclusive()) return read(_state);
        }

        public async ValueTask DisposeAsync()
        {
            if (_schedulerTimer != null) await _schedulerTimer.DisposeAsync();
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
