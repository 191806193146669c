using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Maintenance;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Errors;
using PrefectOps.Sandbox;
using PrefectOps.Sandbox.Faults;
using PrefectOps.Sandbox.Seeding;
using Xunit;

namespace PrefectOps.Tests.Integration
{
    /// <summary>
    /// A Prefect 3 server started with PREFECT_SERVER_API_AUTH_STRING and CSRF protection, as the sandbox models it from
    /// the recorded answers: the auth string gets in, CSRF tokens are fetched once and renewed, and a wrong or missing
    /// auth string is one clear error naming the URL.
    /// </summary>
    public sealed class AuthAndCsrfTests : IAsyncLifetime
    {
        private const string Auth = "admin:S3cr3t-auth-string";
        private SandboxServer _server = null!;
        private PrefectSeedClient _seed = null!;

        public async Task InitializeAsync()
        {
            _server = await SandboxServer.StartAsync(new SandboxOptions { PrefectMajorVersion = 3, RequiredAuthString = Auth, CsrfProtection = true });
            _seed = new PrefectSeedClient(_server.ApiUrl, authString: Auth, csrf: true);
        }

        public async Task DisposeAsync()
        {
            _seed.Dispose();
            await _server.DisposeAsync();
        }

        private ConnectionSettings Settings(string? auth, bool csrf = true)
        {
            var settings = new ConnectionSettings(_server.ApiUrl, authString: auth == null ? null : new AuthString(auth)) { Http = SandboxFixture.FastHttp() };
            settings.Http.CsrfSupport = csrf;
            return settings;
        }

        [Fact]
        public async Task Disable_and_enable_by_tag_work_with_the_auth_string_and_one_CSRF_token_for_all_writes()
        {
            for (int i = 0; i < 6; i++)
                await _seed.CreateDeploymentAsync(await _seed.CreateFlowAsync($"auth-flow-{i}"), "d", new[] { "auth-tag" }, "{\"interval\":3600}");
            int issuedBySeed = _server.CsrfTokens.IssuedCount;

            using var connection = await PrefectConnection.OpenAsync(Settings(Auth), null, CancellationToken.None);
            var service = new MaintenanceService(connection.Backend);
            var flows = await service.FindByTagsAsync(new[] { "auth-tag" }, "MAINTENANCE", CancellationToken.None);
            Assert.Equal(6, flows.Count);
            var window = service.NewWindow("MAINTENANCE", null, null);
            int failures = 0;
            await service.RunAsync(flows.Select(f => service.PlanDisable(f, window)).ToList(), window, 6, r => { if (r.Error != null) failures++; }, CancellationToken.None);
            Assert.Equal(0, failures);
            Assert.All(await service.FindMarkedAsync(new[] { "auth-tag" }, "MAINTENANCE", CancellationToken.None), f => Assert.Equal(FlowStatus.Maintenance, f.Status));

            var marked = await service.FindMarkedAsync(new[] { "auth-tag" }, "MAINTENANCE", CancellationToken.None);
            await service.RunAsync(marked.Select(f => service.PlanEnable(f, "MAINTENANCE", false, 10)).ToList(), null, 6, r => { if (r.Error != null) failures++; }, CancellationToken.None);
            Assert.Equal(0, failures);
            // Six writes at once asked for one token between them.
            Assert.Equal(1, _server.CsrfTokens.IssuedCount - issuedBySeed);
        }

        [Fact]
        public async Task A_token_fetch_stopped_with_the_command_that_started_it_does_not_fail_the_next_command()
        {
            // Tab completion's background read (a POST filter) is the first to be refused and starts the shared token
            // fetch; the user's command stops that read while the fetch is under way. The command's own requests must
            // then fetch a token of their own, not fail with the read's cancellation.
            await _seed.CreateDeploymentAsync(await _seed.CreateFlowAsync("stopped-fetch-flow"), "d", new[] { "stopped-fetch-tag" });
            using var connection = await PrefectConnection.OpenAsync(Settings(Auth), null, CancellationToken.None);
            var service = new MaintenanceService(connection.Backend);
            using var background = new CancellationTokenSource();
            _server.Faults.Add(new FaultRule("GET /csrf-token", FaultKind.Hang, times: 1) { OnHit = _ => background.Cancel() });

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                service.FindByTagsAsync(new[] { "stopped-fetch-tag" }, "MAINTENANCE", background.Token));
            var flows = await service.FindByTagsAsync(new[] { "stopped-fetch-tag" }, "MAINTENANCE", CancellationToken.None);
            Assert.Single(flows);
        }

        [Fact]
        public async Task An_expired_CSRF_token_is_replaced_and_the_write_goes_through()
        {
            await _seed.CreateDeploymentAsync(await _seed.CreateFlowAsync("expiring-flow"), "d", new[] { "expiring-tag" });
            using var connection = await PrefectConnection.OpenAsync(Settings(Auth), null, CancellationToken.None);
            var service = new MaintenanceService(connection.Backend);
            var flow = (await service.FindByTagsAsync(new[] { "expiring-tag" }, "MAINTENANCE", CancellationToken.None)).Single();
            var window = service.NewWindow("MAINTENANCE", null, null);
            Assert.Null((await service.ExecuteAsync(service.PlanDisable(flow, window), window, CancellationToken.None)).Error);
            int issued = _server.CsrfTokens.IssuedCount;

            _server.Clock.Advance(TimeSpan.FromHours(2)); // the server's one-hour token is now stale
            flow = await service.GetFlowAsync(flow.Id, "MAINTENANCE", CancellationToken.None);
            Assert.Null((await service.ExecuteAsync(service.PlanEnable(flow, "MAINTENANCE", false, 0), null, CancellationToken.None)).Error);
            Assert.Equal(issued + 1, _server.CsrfTokens.IssuedCount);
        }

        [Fact]
        public async Task A_wrong_auth_string_is_one_clear_error_naming_the_url_and_never_the_secret()
        {
            var log = new HttpResilienceTests.RecordingLog();
            var ex = await Assert.ThrowsAsync<PrefectApiException>(() => PrefectConnection.OpenAsync(Settings("admin:wrong-guess"), log, CancellationToken.None));
            Assert.Equal(ErrorIds.AuthenticationFailed, ex.ErrorId);
            Assert.Contains(_server.ApiUrl.ToString().TrimEnd('/'), ex.Message);
            Assert.Contains("PREFECT_API_AUTH_STRING", ex.Message);
            Assert.DoesNotContain("wrong-guess", ex.ToString());
            // 401 is not retried: /health is open to all, then one /version is refused.
            Assert.Equal(new[] { "GET /version -> 401" }, log.Lines.Where(l => l.Contains("-> 401")).Select(l => l.Substring(0, l.IndexOf(" (", StringComparison.Ordinal))));
            Assert.All(log.Lines, l => Assert.DoesNotContain("wrong-guess", l));
        }

        [Fact]
        public async Task No_auth_string_says_which_setting_the_server_wants()
        {
            var ex = await Assert.ThrowsAsync<PrefectApiException>(() => PrefectConnection.OpenAsync(Settings(null), null, CancellationToken.None));
            Assert.Equal(ErrorIds.AuthenticationFailed, ex.ErrorId);
            Assert.Contains("No credentials were sent", ex.Message);
            Assert.Contains("PREFECT_API_AUTH_STRING", ex.Message);
        }

        [Fact]
        public async Task With_CSRF_support_off_a_write_is_refused_with_a_message_naming_the_setting()
        {
            await _seed.CreateDeploymentAsync(await _seed.CreateFlowAsync("no-csrf-flow"), "d", new[] { "no-csrf-tag" });
            using var connection = await PrefectConnection.OpenAsync(Settings(Auth, csrf: false), null, CancellationToken.None);
            // Filters are POSTs, so even listing is refused on such a server.
            var ex = await Assert.ThrowsAsync<PrefectApiException>(() =>
                new MaintenanceService(connection.Backend).FindByTagsAsync(new[] { "no-csrf-tag" }, "MAINTENANCE", CancellationToken.None));
            Assert.Equal(ErrorIds.PermissionDenied, ex.ErrorId);
            Assert.Contains("PREFECT_CLIENT_CSRF_SUPPORT_ENABLED", ex.Message);
        }
    }
}
