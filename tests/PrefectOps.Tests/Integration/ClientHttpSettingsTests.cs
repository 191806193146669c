using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Http;
using PrefectOps.Sandbox;
using PrefectOps.Sandbox.Faults;
using Xunit;

namespace PrefectOps.Tests.Integration
{
    /// <summary>What the HTTP settings do to requests: custom headers, extra retry codes, the jitter factor, the CA bundle.</summary>
    public sealed class ClientHttpSettingsTests : IClassFixture<Sandbox3Fixture>, IDisposable
    {
        private readonly SandboxFixture _sandbox;
        private readonly List<TimeSpan> _waits = new List<TimeSpan>();

        public ClientHttpSettingsTests(Sandbox3Fixture sandbox)
        {
            _sandbox = sandbox;
            _sandbox.Server.Faults.Clear();
        }

        public void Dispose() => _sandbox.Server.Faults.Clear();

        private HttpOptions Recorded(Action<HttpOptions> set)
        {
            var options = new HttpOptions
            {
                MaxAttempts = 4,
                BaseDelay = TimeSpan.FromSeconds(1),
                MaxDelay = TimeSpan.FromSeconds(8),
                MaxRetryAfter = TimeSpan.FromSeconds(30),
                DelayAsync = (delay, ct) => { lock (_waits) _waits.Add(delay); return Task.CompletedTask; },
            };
            set(options);
            return options;
        }

        [Fact]
        public async Task A_custom_Authorization_header_replaces_the_credential_as_in_Prefect()
        {
            await using var server = await SandboxServer.StartAsync(new SandboxOptions { PrefectMajorVersion = 3, RequiredApiKey = "gateway-key" });
            var settings = new ConnectionSettings(server.ApiUrl, new ApiKey("some-other-key")) { Http = SandboxFixture.FastHttp() };
            settings.Http.ExtraHeaders["Authorization"] = "Bearer gateway-key";
            using var connection = await PrefectConnection.OpenAsync(settings, null, CancellationToken.None);
            Assert.StartsWith("3.", connection.ServerVersion);
        }

        [Fact]
        public void Headers_PrefectOps_manages_are_not_replaced_and_a_warning_says_so()
        {
            var log = new HttpResilienceTests.RecordingLog();
            using (OperationLog.Use(log))
            using (new PrefectHttpClient(_sandbox.Server.ApiUrl, null, Recorded(o => o.ExtraHeaders["user-agent"] = "curl/8"))) { }
            Assert.Contains(log.Lines, l => l.Contains("'user-agent' is ignored"));
        }

        [Fact]
        public async Task An_extra_retry_code_is_retried_for_reads_and_only_for_them()
        {
            _sandbox.Server.Faults.Add(new FaultRule("GET /version", FaultKind.Status, 520, times: 2));
            using (var http = new PrefectHttpClient(_sandbox.Server.ApiUrl, null, Recorded(o => o.RetryExtraCodes = new HashSet<int> { 520 })))
                Assert.Equal("3.8.0", (string?)await http.GetAsync("/version", CancellationToken.None));
            Assert.Equal(2, _waits.Count);

            _sandbox.Server.Faults.Add(new FaultRule("GET /version", FaultKind.Status, 520, times: 1));
            using (var http = new PrefectHttpClient(_sandbox.Server.ApiUrl, null, Recorded(_ => { })))
                Assert.Equal(ErrorIds.ServerError, (await Assert.ThrowsAsync<PrefectApiException>(() => http.GetAsync("/version", CancellationToken.None))).ErrorId);

            _sandbox.Server.Faults.Add(new FaultRule("POST /flows/", FaultKind.Status, 520, times: 1));
            using (var http = new PrefectHttpClient(_sandbox.Server.ApiUrl, null, Recorded(o => o.RetryExtraCodes = new HashSet<int> { 520 })))
                await Assert.ThrowsAsync<PrefectApiException>(() =>
                    http.PostAsync("/flows/", Newtonsoft.Json.Linq.JObject.Parse("{\"name\":\"x\"}"), RetrySafety.NotIdempotent, CancellationToken.None));
            Assert.Equal(2, _waits.Count);
        }

        [Fact]
        public async Task A_jitter_factor_of_0_waits_exactly_the_exponential_backoff()
        {
            _sandbox.Server.Faults.Add("GET /health", FaultKind.Status, 502);
            using var http = new PrefectHttpClient(_sandbox.Server.ApiUrl, null, Recorded(o => o.JitterFactor = 0));
            await Assert.ThrowsAsync<PrefectApiException>(() => http.GetAsync("/health", CancellationToken.None));
            Assert.Equal(new[] { 1.0, 2.0, 4.0 }, _waits.Select(w => w.TotalSeconds));
        }

        [Fact]
        public async Task A_jitter_factor_spreads_around_the_backoff_and_only_lengthens_Retry_After()
        {
            _sandbox.Server.Faults.Add("GET /health", FaultKind.Status, 502);
            using (var http = new PrefectHttpClient(_sandbox.Server.ApiUrl, null, Recorded(o => o.JitterFactor = 0.5)))
                await Assert.ThrowsAsync<PrefectApiException>(() => http.GetAsync("/health", CancellationToken.None));
            for (int i = 0; i < 3; i++) Assert.InRange(_waits[i].TotalSeconds, Math.Pow(2, i) * 0.5, Math.Pow(2, i) * 1.5);

            _waits.Clear();
            _sandbox.Server.Faults.Clear();
            _sandbox.Server.Faults.Add(new FaultRule("GET /health", FaultKind.Status, 429, times: 1) { RetryAfterSeconds = 4 });
            using (var http = new PrefectHttpClient(_sandbox.Server.ApiUrl, null, Recorded(o => o.JitterFactor = 0.5)))
                await http.GetAsync("/health", CancellationToken.None);
            Assert.InRange(_waits.Single().TotalSeconds, 4, 6);
        }
    }

    /// <summary>PREFECT_API_SSL_CERT_FILE and PREFECT_API_TLS_INSECURE_SKIP_VERIFY against a sandbox serving HTTPS.</summary>
    public sealed class CertificateSettingsTests : IAsyncLifetime
    {
        private readonly TestCertificates _certificates = new TestCertificates();
        private readonly Dictionary<string, string> _env = new Dictionary<string, string>();
        private SandboxServer _server = null!;

        public async Task InitializeAsync() =>
            _server = await SandboxServer.StartAsync(new SandboxOptions { PrefectMajorVersion = 3, Certificate = _certificates.Server });

        public async Task DisposeAsync()
        {
            await _server.DisposeAsync();
            _certificates.Dispose();
        }

        private Task<PrefectConnection> ConnectAsync()
        {
            _env[SettingNames.ApiUrl] = _server.ApiUrl.AbsoluteUri;
            _env[SettingNames.MaxRetries] = "0";
            var settings = new ConnectionResolver(name => _env.TryGetValue(name, out var v) ? v : null, () => "/nonexistent").Resolve();
            return PrefectConnection.OpenAsync(settings, null, CancellationToken.None);
        }

        [Fact]
        public async Task The_company_CA_bundle_makes_the_server_trusted()
        {
            Assert.StartsWith("https://", _server.ApiUrl.AbsoluteUri);
            _env[SettingNames.SslCertFile] = _certificates.AuthorityPem;
            using var connection = await ConnectAsync();
            Assert.StartsWith("3.", connection.ServerVersion);
        }

        [Fact]
        public async Task Without_it_or_with_another_CA_the_certificate_is_rejected_in_one_clear_error()
        {
            var ex = await Assert.ThrowsAsync<PrefectException>(ConnectAsync);
            Assert.Equal(ErrorIds.CertificateRejected, ex.ErrorId);
            Assert.Contains("PREFECT_API_SSL_CERT_FILE", ex.Message);

            // The bundle replaces the system's store, as in Prefect: a bundle of another CA trusts nothing here.
            _env[SettingNames.SslCertFile] = _certificates.OtherAuthorityPem;
            Assert.Equal(ErrorIds.CertificateRejected, (await Assert.ThrowsAsync<PrefectException>(ConnectAsync)).ErrorId);
        }

        [Fact]
        public async Task Skipping_verification_connects_whatever_the_bundle()
        {
            _env[SettingNames.SslCertFile] = _certificates.OtherAuthorityPem;
            _env[SettingNames.TlsInsecureSkipVerify] = "true";
            using var connection = await ConnectAsync();
            Assert.StartsWith("3.", connection.ServerVersion);
        }
    }
}
