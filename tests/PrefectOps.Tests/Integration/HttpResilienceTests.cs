using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Http;
using PrefectOps.Sandbox.Faults;
using Xunit;

namespace PrefectOps.Tests.Integration
{
    /// <summary>The HTTP pipeline against injected faults: what is retried, how long it waits, what the error says.</summary>
    public sealed class HttpResilienceTests : IClassFixture<Sandbox2Fixture>, IDisposable
    {
        private readonly SandboxFixture _sandbox;
        private readonly List<TimeSpan> _waits = new List<TimeSpan>();

        public HttpResilienceTests(Sandbox2Fixture sandbox)
        {
            _sandbox = sandbox;
            _sandbox.Server.Faults.Clear();
        }

        public void Dispose() => _sandbox.Server.Faults.Clear();

        private PrefectHttpClient Client(int attempts = 4, TimeSpan? timeout = null, TimeSpan? baseDelay = null) =>
            new PrefectHttpClient(_sandbox.Server.ApiUrl, null, new HttpOptions
            {
                MaxAttempts = attempts,
                BaseDelay = baseDelay ?? TimeSpan.FromSeconds(1),
                MaxDelay = TimeSpan.FromSeconds(8),
                MaxRetryAfter = TimeSpan.FromSeconds(30),
                RequestTimeout = timeout ?? TimeSpan.FromSeconds(10),
                // Record the backoff instead of sleeping through it.
                DelayAsync = (delay, ct) => { lock (_waits) _waits.Add(delay); return Task.CompletedTask; },
            });

        [Fact]
        public async Task A_429_waits_exactly_what_Retry_After_asks_then_succeeds()
        {
            _sandbox.Server.Faults.Add(new FaultRule("GET /health", FaultKind.Status, 429, times: 1) { RetryAfterSeconds = 7 });
            using var http = Client();
            Assert.True((bool)(await http.GetAsync("/health", CancellationToken.None))!);
            Assert.Equal(new[] { TimeSpan.FromSeconds(7) }, _waits);
            Assert.Equal(1, http.Stats.Throttled);
        }

        [Fact]
        public async Task Retry_After_beyond_the_cap_is_capped()
        {
            _sandbox.Server.Faults.Add(new FaultRule("GET /health", FaultKind.Status, 429, times: 1) { RetryAfterSeconds = 3600 });
            using var http = Client();
            await http.GetAsync("/health", CancellationToken.None);
            Assert.Equal(new[] { TimeSpan.FromSeconds(30) }, _waits);
        }

        [Fact]
        public async Task Backoff_grows_exponentially_with_jitter_and_gives_up_after_the_attempts()
        {
            _sandbox.Server.Faults.Add("GET /health", FaultKind.Status, 502);
            using var http = Client(attempts: 4);
            var ex = await Assert.ThrowsAsync<PrefectApiException>(() => http.GetAsync("/health", CancellationToken.None));
            Assert.Equal(ErrorIds.ServerError, ex.ErrorId);
            Assert.Equal(3, _waits.Count);
            // Full jitter in the upper half: [cap/2, cap] with cap = 1 s, 2 s, 4 s.
            for (int i = 0; i < 3; i++)
            {
                double cap = Math.Pow(2, i);
                Assert.InRange(_waits[i].TotalSeconds, cap / 2, cap);
            }
        }

        [Fact]
        public async Task A_503_busy_server_is_waited_out_from_half_a_second_other_failures_from_the_base_delay()
        {
            // Prefect on SQLite holds its database for seconds while its scheduler runs: 0.2 s steps would give up first.
            _sandbox.Server.Faults.Add("GET /health", FaultKind.Status, 503);
            using (var http = Client(attempts: 3, baseDelay: TimeSpan.FromMilliseconds(100)))
                await Assert.ThrowsAsync<PrefectApiException>(() => http.GetAsync("/health", CancellationToken.None));
            Assert.Equal(2, _waits.Count);
            Assert.InRange(_waits[0].TotalSeconds, 0.25, 0.5);
            Assert.InRange(_waits[1].TotalSeconds, 0.5, 1.0);

            _waits.Clear();
            _sandbox.Server.Faults.Clear();
            _sandbox.Server.Faults.Add("GET /health", FaultKind.Status, 502);
            using (var http = Client(attempts: 2, baseDelay: TimeSpan.FromMilliseconds(100)))
                await Assert.ThrowsAsync<PrefectApiException>(() => http.GetAsync("/health", CancellationToken.None));
            Assert.InRange(Assert.Single(_waits).TotalSeconds, 0.05, 0.1);
        }

        [Fact]
        public async Task A_500_to_a_request_that_is_not_idempotent_is_not_repeated()
        {
            var flow = await _sandbox.Seed.CreateFlowAsync(Unique.Name("f"));
            var id = (string)(await _sandbox.Seed.CreateDeploymentAsync(flow, "d"))["id"]!;
            var rule = _sandbox.Server.Faults.Add("POST /deployments/{id}/create_flow_run", FaultKind.Status, 500);
            using var http = Client();
            await Assert.ThrowsAsync<PrefectApiException>(() => http.PostAsync($"/deployments/{id}/create_flow_run", new JObject(), RetrySafety.NotIdempotent, CancellationToken.None));
            Assert.Equal(1, rule.Hits);
            Assert.Empty(_waits);
        }

        [Fact]
        public async Task A_503_is_repeated_even_when_not_idempotent_because_the_server_did_not_act()
        {
            var flow = await _sandbox.Seed.CreateFlowAsync(Unique.Name("f"));
            var id = (string)(await _sandbox.Seed.CreateDeploymentAsync(flow, "d"))["id"]!;
            _sandbox.Server.Faults.Add("POST /deployments/{id}/create_flow_run", FaultKind.Status, 503, times: 2);
            using var http = Client();
            var run = await http.PostAsync($"/deployments/{id}/create_flow_run", new JObject(), RetrySafety.NotIdempotent, CancellationToken.None);
            Assert.NotNull(run!["id"]);
            Assert.Single(await _sandbox.RunsOfAsync(Guid.Parse(id)));
        }

        [Fact]
        public async Task A_connection_dropped_after_the_server_acted_is_not_repeated_for_a_non_idempotent_request()
        {
            var flow = await _sandbox.Seed.CreateFlowAsync(Unique.Name("f"));
            var id = (string)(await _sandbox.Seed.CreateDeploymentAsync(flow, "d"))["id"]!;
            _sandbox.Server.Faults.Add("POST /deployments/{id}/create_flow_run", FaultKind.ResetAfterHandling, times: 1);
            using var http = Client();
            var ex = await Assert.ThrowsAsync<PrefectException>(() => http.PostAsync($"/deployments/{id}/create_flow_run", new JObject(), RetrySafety.NotIdempotent, CancellationToken.None));
            Assert.Equal(ErrorIds.ServerUnreachable, ex.ErrorId);
            // The server did create it: repeating would have made two.
            Assert.Single(await _sandbox.RunsOfAsync(Guid.Parse(id)));
        }

        [Fact]
        public async Task A_reset_connection_is_repeated_for_an_idempotent_request()
        {
            _sandbox.Server.Faults.Add("GET /health", FaultKind.ResetConnection, times: 2);
            using var http = Client();
            Assert.True((bool)(await http.GetAsync("/health", CancellationToken.None))!);
            Assert.Equal(2, _waits.Count);
        }

        [Fact]
        public async Task Malformed_JSON_is_repeated_when_harmless_and_reported_clearly_when_it_persists()
        {
            _sandbox.Server.Faults.Add("GET /health", FaultKind.MalformedJson);
            using var http = Client(attempts: 3);
            var ex = await Assert.ThrowsAsync<PrefectApiException>(() => http.GetAsync("/health", CancellationToken.None));
            Assert.Equal(ErrorIds.MalformedResponse, ex.ErrorId);
            Assert.Contains("not valid JSON", ex.Message);
            Assert.Equal(2, _waits.Count);
        }

        [Fact]
        public async Task An_answer_of_another_shape_than_expected_is_malformed_too()
        {
            // /health answers `true`; a listing expects an array of deployments.
            using var http = Client(attempts: 2);
            var ex = await Assert.ThrowsAsync<PrefectApiException>(() => http.GetForAsync<List<PrefectOps.Core.Rest.DeploymentRecord>>("/health", CancellationToken.None));
            Assert.Equal(ErrorIds.MalformedResponse, ex.ErrorId);
            Assert.Contains("not in the shape Prefect's API answers", ex.Message);
            Assert.Single(_waits);
        }

        [Fact]
        public async Task An_answer_that_never_comes_times_out_per_attempt()
        {
            _sandbox.Server.Faults.Add("GET /health", FaultKind.Hang);
            using var http = Client(attempts: 2, timeout: TimeSpan.FromMilliseconds(200));
            var ex = await Assert.ThrowsAsync<PrefectException>(() => http.GetAsync("/health", CancellationToken.None));
            Assert.Equal(ErrorIds.RequestTimedOut, ex.ErrorId);
            Assert.Equal(PrefectErrorKind.OperationTimeout, ex.Kind);
            Assert.Single(_waits);
        }

        [Fact]
        public async Task Cancelling_stops_a_request_in_flight()
        {
            using var cts = new CancellationTokenSource();
            _sandbox.Server.Faults.Add(new FaultRule("GET /health", FaultKind.Hang) { OnHit = _ => cts.Cancel() });
            using var http = Client(timeout: TimeSpan.FromMinutes(5));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => http.GetAsync("/health", cts.Token));
            Assert.Empty(_waits);
        }

        [Theory]
        [InlineData(401, ErrorIds.AuthenticationFailed, PrefectErrorKind.Authentication)]
        [InlineData(403, ErrorIds.PermissionDenied, PrefectErrorKind.PermissionDenied)]
        public async Task Auth_failures_are_not_repeated(int status, string errorId, PrefectErrorKind kind)
        {
            var rule = _sandbox.Server.Faults.Add("GET /health", FaultKind.Status, status);
            using var http = Client();
            var ex = await Assert.ThrowsAsync<PrefectApiException>(() => http.GetAsync("/health", CancellationToken.None));
            Assert.Equal((errorId, kind, 1), (ex.ErrorId, ex.Kind, rule.Hits));
        }

        internal sealed class RecordingLog : IOperationLog
        {
            public readonly List<string> Lines = new List<string>();
            public void Verbose(string message) { lock (Lines) Lines.Add(message); }
            public void Debug(string message) { lock (Lines) Lines.Add(message); }
            public void Warning(string message) { lock (Lines) Lines.Add(message); }
        }
    }
}
