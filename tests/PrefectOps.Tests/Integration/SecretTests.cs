using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Http;
using PrefectOps.Core.Maintenance;
using PrefectOps.Core.Services;
using PrefectOps.Sandbox;
using PrefectOps.Sandbox.Faults;
using Xunit;

namespace PrefectOps.Tests.Integration
{
    /// <summary>The API key never shows: not in errors, logs, or the text of a connection, whatever goes wrong.</summary>
    public sealed class SecretTests
    {
        private const string Key = "pnu_TOPSECRET_4b9f2c7d1e";

        [Fact]
        public async Task The_key_appears_in_no_error_log_line_or_object_text_under_any_fault()
        {
            await using var server = await SandboxServer.StartAsync(new SandboxOptions { RequiredApiKey = Key });
            using var seed = new PrefectOps.Sandbox.Seeding.PrefectSeedClient(server.ApiUrl, Key);
            var flow = await seed.CreateFlowAsync("secret-flow");
            await seed.CreateDeploymentAsync(flow, "d", new[] { "secret-tag" }, "{\"interval\":600}");
            var log = new HttpResilienceTests.RecordingLog();
            // Every request below logs here, as a PowerShell command's requests log to its -Debug stream.
            using var scope = OperationLog.Use(log);
            var texts = new List<string>();
            var settings = new ConnectionSettings(server.ApiUrl, new ApiKey(Key)) { Http = SandboxFixture.FastHttp() };
            settings.Http.MaxAttempts = 2;
            texts.Add(settings.ToString());

            using (var connection = await PrefectConnection.OpenAsync(settings, log, CancellationToken.None))
            {
                // Short only once connected: the hang fault below should not cost the test seconds.
                settings.Http.RequestTimeout = TimeSpan.FromMilliseconds(300);
                texts.Add(connection.ToString());
                var service = new MaintenanceService(connection.Backend, null, log);
                foreach (var (kind, status) in new[] { (FaultKind.Status, 500), (FaultKind.Status, 401), (FaultKind.Status, 403), (FaultKind.Status, 429),
                             (FaultKind.ResetConnection, 0), (FaultKind.Hang, 0), (FaultKind.MalformedJson, 0), (FaultKind.Status, 404) })
                {
                    server.Faults.Clear();
                    server.Faults.Add("*", kind, status);
                    try
                    {
                        await new FlowCatalog(connection.Backend).ListFlowsAsync(new FlowQuery { AllTags = new[] { "secret-tag" } }, null, CancellationToken.None);
                    }
                    catch (PrefectException ex)
                    {
                        texts.Add(ex.ToString());
                    }
                }
                server.Faults.Clear();
                var flows = await service.FindByTagsAsync(new[] { "secret-tag" }, "MAINTENANCE", CancellationToken.None);
                server.Faults.Add("PATCH /deployments/{id}", FaultKind.Status, 500);
                var window = service.NewWindow("MAINTENANCE", null, null);
                await service.RunAsync(new[] { service.PlanDisable(flows[0], window) }, window, 1,
                    r => texts.Add(r.Error?.ToString() ?? ""), CancellationToken.None);
            }

            var wrong = new ConnectionSettings(server.ApiUrl, new ApiKey(Key + "-wrong")) { Http = SandboxFixture.FastHttp() };
            server.Faults.Clear();
            var refused = await Assert.ThrowsAsync<PrefectApiException>(() => PrefectConnection.OpenAsync(wrong, log, CancellationToken.None));
            texts.Add(refused.ToString());

            Assert.True(texts.Count >= 10, "every fault should have produced an error text");
            Assert.NotEmpty(log.Lines);
            foreach (var text in texts) Assert.DoesNotContain("TOPSECRET", text);
            foreach (var line in log.Lines) Assert.DoesNotContain("TOPSECRET", line);
        }
    
        [Fact]
        public async Task The_auth_string_and_CSRF_token_appear_in_no_error_or_log_line()
        {
            const string Auth = "admin:AUTHSECRET_77c1";
            await using var server = await SandboxServer.StartAsync(new SandboxOptions { PrefectMajorVersion = 3, RequiredAuthString = Auth, CsrfProtection = true });
            using var seed = new PrefectOps.Sandbox.Seeding.PrefectSeedClient(server.ApiUrl, authString: Auth, csrf: true);
            await seed.CreateDeploymentAsync(await seed.CreateFlowAsync("auth-secret-flow"), "d", new[] { "auth-secret-tag" });
            var log = new HttpResilienceTests.RecordingLog();
            using var scope = OperationLog.Use(log);
            var texts = new List<string>();
            var settings = new ConnectionSettings(server.ApiUrl, authString: new AuthString(Auth)) { Http = SandboxFixture.FastHttp() };
            settings.Http.MaxAttempts = 2;
            texts.Add(settings.ToString());
            using (var connection = await PrefectConnection.OpenAsync(settings, log, CancellationToken.None))
            {
                texts.Add(connection.ToString());
                var service = new MaintenanceService(connection.Backend, null, log);
                var flows = await service.FindByTagsAsync(new[] { "auth-secret-tag" }, "MAINTENANCE", CancellationToken.None);
                foreach (var status in new[] { 401, 403, 500 })
                {
                    server.Faults.Clear();
                    server.Faults.Add("PATCH /deployments/{id}", FaultKind.Status, status);
                    var window = service.NewWindow("MAINTENANCE", null, null);
                    await service.RunAsync(new[] { service.PlanDisable(flows[0], window) }, window, 1, r => texts.Add(r.Error?.ToString() ?? ""), CancellationToken.None);
                }
            }
            server.Faults.Clear();
            var wrong = new ConnectionSettings(server.ApiUrl, authString: new AuthString(Auth + "-wrong")) { Http = SandboxFixture.FastHttp() };
            texts.Add((await Assert.ThrowsAsync<PrefectApiException>(() => PrefectConnection.OpenAsync(wrong, log, CancellationToken.None))).ToString());

            string encoded = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Auth));
            Assert.Contains(log.Lines, l => l.Contains("CSRF"));
            foreach (var text in texts.Concat(log.Lines))
            {
                Assert.DoesNotContain("AUTHSECRET", text);
                Assert.DoesNotContain(encoded, text);
            }
        }
    }
}
