using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Errors;
using PrefectOps.Sandbox;
using Xunit;

namespace PrefectOps.Tests.Integration
{
    /// <summary>Connecting: what the server is, its versions, and the three ways it can go wrong.</summary>
    public sealed class ConnectionTests
    {
        private static ConnectionSettings Settings(Uri url, string? key = null, BackendKind backend = BackendKind.Auto) =>
            new ConnectionSettings(url, key != null ? new ApiKey(key) : null, backend) { Http = SandboxFixture.FastHttp() };

        [Theory]
        [InlineData(2, "2.19.9", "0.8.4")]
        [InlineData(3, "3.8.0", "3.8.0")]
        public async Task Auto_detects_REST_and_reads_the_versions(int major, string serverVersion, string apiVersion)
        {
            await using var server = await SandboxServer.StartAsync(new SandboxOptions { PrefectMajorVersion = major });
            using var connection = await PrefectConnection.OpenAsync(Settings(server.ApiUrl), null, CancellationToken.None);
            Assert.Equal(BackendKind.Rest, connection.BackendKind);
            Assert.Equal(serverVersion, connection.ServerVersion);
            Assert.Equal(apiVersion, connection.ApiVersion);
            Assert.Equal(major, ((PrefectOps.Core.Rest.RestBackend)connection.Backend).MajorVersion);
        }

        [Fact]
        public async Task A_server_that_requires_a_key_accepts_the_right_one_and_refuses_a_wrong_one_without_showing_it()
        {
            await using var server = await SandboxServer.StartAsync(new SandboxOptions { RequiredApiKey = "pnu_right_key" });
            using (var ok = await PrefectConnection.OpenAsync(Settings(server.ApiUrl, "pnu_right_key"), null, CancellationToken.None))
                Assert.True(ok.HasApiKey);

            var ex = await Assert.ThrowsAsync<PrefectApiException>(() => PrefectConnection.OpenAsync(Settings(server.ApiUrl, "pnu_wrong_key_123"), null, CancellationToken.None));
            Assert.Equal(ErrorIds.AuthenticationFailed, ex.ErrorId);
            Assert.Contains(server.ApiUrl.ToString().TrimEnd('/'), ex.Message);
            Assert.DoesNotContain("pnu_wrong_key_123", ex.ToString());
        }

        [Fact]
        public async Task An_unreachable_server_is_one_clear_error_naming_the_url()
        {
            int port = FreePort(); // nothing listens there
            var url = new Uri($"http://127.0.0.1:{port}/api");
            var ex = await Assert.ThrowsAsync<PrefectException>(() => PrefectConnection.OpenAsync(Settings(url), null, CancellationToken.None));
            Assert.Equal(ErrorIds.ServerUnreachable, ex.ErrorId);
            Assert.Contains($"127.0.0.1:{port}", ex.Message);
        }

        [Fact]
        public async Task A_web_server_that_is_not_Prefect_is_recognised()
        {
            await using var app = await StartPlainWebServerAsync();
            var url = new Uri($"{app.Url}/api");
            var ex = await Assert.ThrowsAsync<PrefectException>(() => PrefectConnection.OpenAsync(Settings(url), null, CancellationToken.None));
            Assert.Equal(ErrorIds.NotAPrefectServer, ex.ErrorId);
            Assert.Contains(app.Url, ex.Message);
        }

        [Fact]
        public async Task Asking_for_REST_of_a_server_that_is_not_Prefect_fails_the_same_way()
        {
            await using var app = await StartPlainWebServerAsync();
            var ex = await Assert.ThrowsAsync<PrefectException>(() => PrefectConnection.OpenAsync(Settings(new Uri(app.Url + "/api"), backend: BackendKind.Rest), null, CancellationToken.None));
            Assert.Equal(ErrorIds.NotAPrefectServer, ex.ErrorId);
        }

        private static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        /// <summary>A web server that answers every request with an HTML page, as a wrong URL often does.</summary>
        private static async Task<PlainWebServer> StartPlainWebServerAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            app.Run(ctx =>
            {
                ctx.Response.ContentType = "text/html";
                return ctx.Response.WriteAsync("<html><body>It works!</body></html>");
            });
            await app.StartAsync();
            return new PlainWebServer(app);
        }

        private sealed class PlainWebServer : IAsyncDisposable
        {
            private readonly WebApplication _app;
            public PlainWebServer(WebApplication app) => _app = app;
            public System.Collections.Generic.ICollection<string> Urls => _app.Urls;
            public string Url => System.Linq.Enumerable.First(_app.Urls).TrimEnd('/');
            public async ValueTask DisposeAsync() => await _app.DisposeAsync();
        }
    }
}
