using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using PrefectOps.Sandbox;
using PrefectOps.Sandbox.Load;
using PrefectOps.Sandbox.Seeding;
using Xunit;

namespace PrefectOps.Tests.Sandbox
{
    /// <summary>The load modes the benchmark uses: a remote server's latency, and SQLite's one writer.</summary>
    public sealed class LoadModeTests
    {
        [Fact]
        public async Task Single_writer_answers_a_concurrent_write_503_database_is_locked_and_resets_that_connection_next()
        {
            var load = LoadProfile.SqliteServer();
            load.WriteCost = TimeSpan.FromMilliseconds(200);
            load.Enabled = false;
            await using var server = await SandboxServer.StartAsync(new SandboxOptions { Load = load });
            using var seed = new PrefectSeedClient(server.ApiUrl);
            var flow = await seed.CreateFlowAsync("load-flow");
            var id = (string)(await seed.CreateDeploymentAsync(flow, "load-dep"))["id"]!;
            load.Enabled = true;

            using var first = new HttpClient();
            using var second = new HttpClient();
            HttpRequestMessage Patch() => new HttpRequestMessage(new HttpMethod("PATCH"), $"{server.ApiUrl}/deployments/{id}")
            {
                Content = new StringContent("{\"paused\": true}", Encoding.UTF8, "application/json"),
            };
            var writing = first.SendAsync(Patch());
            await Task.Delay(50);
            using var locked = await second.SendAsync(Patch());
            Assert.Equal(503, (int)locked.StatusCode);
            Assert.Equal("{\"detail\":\"(sqlite3.OperationalError) database is locked\"}", await locked.Content.ReadAsStringAsync());
            Assert.Equal(204, (int)(await writing).StatusCode);

            // The next request on the 503's connection is reset, as on the real server (the client may retry it itself).
            try { await second.GetAsync($"{server.ApiUrl}/deployments/{id}"); } catch (HttpRequestException) { }
            Assert.Equal((1L, 1L, 1L), (load.Counters.Writes, load.Counters.Locked, load.Counters.Resets));
        }

        [Fact]
        public async Task Single_writer_reads_are_not_serialised_and_filter_reads_are_not_writes()
        {
            var load = LoadProfile.SqliteServer();
            load.ReadCost = TimeSpan.FromMilliseconds(100);
            await using var server = await SandboxServer.StartAsync(new SandboxOptions { Load = load });
            using var http = new HttpClient();
            await http.PostAsync($"{server.ApiUrl}/deployments/filter", new StringContent("{}", Encoding.UTF8, "application/json"));
            var watch = Stopwatch.StartNew();
            var reads = Enumerable.Range(0, 8).Select(_ => http.PostAsync($"{server.ApiUrl}/deployments/filter",
                new StringContent("{}", Encoding.UTF8, "application/json"))).ToList();
            foreach (var r in await Task.WhenAll(reads)) Assert.Equal(200, (int)r.StatusCode);
            // Serialised they would take 800 ms.
            Assert.True(watch.ElapsedMilliseconds < 600, $"{watch.ElapsedMilliseconds} ms for 8 parallel reads of 100 ms");
            Assert.Equal(0L, load.Counters.Locked + load.Counters.Writes);
        }

        [Fact]
        public async Task Python_server_mode_serves_one_request_at_a_time_and_charges_a_listing_per_deployment_row()
        {
            var load = LoadProfile.PythonServer(2);
            load.Served!.Base = TimeSpan.FromMilliseconds(50);
            load.Served.PerDeploymentRow = TimeSpan.FromMilliseconds(20);
            load.Enabled = false;
            await using var server = await SandboxServer.StartAsync(new SandboxOptions { Load = load });
            using var seed = new PrefectSeedClient(server.ApiUrl);
            var flow = await seed.CreateFlowAsync("python-flow");
            for (int i = 0; i < 5; i++) await seed.CreateDeploymentAsync(flow, $"python-dep-{i}");
            load.Enabled = true;
            using var http = new HttpClient();
            Task<HttpResponseMessage> List() => http.PostAsync($"{server.ApiUrl}/deployments/filter", new StringContent("{}", Encoding.UTF8, "application/json"));

            var watch = Stopwatch.StartNew();
            var lists = await Task.WhenAll(List(), List(), List(), List());
            // Each listing of 5 deployments holds the one process 50 + 5 x 20 ms; four side by side queue behind each other.
            Assert.All(lists, r => Assert.Equal(200, (int)r.StatusCode));
            Assert.True(watch.ElapsedMilliseconds >= 4 * 150 - 20, $"{watch.ElapsedMilliseconds} ms for four listings of 150 ms");
        }

        [Fact]
        public async Task Latency_mode_delays_every_request()
        {
            var load = LoadProfile.RemoteServer(latencyMs: 60);
            await using var server = await SandboxServer.StartAsync(new SandboxOptions { Load = load });
            using var http = new HttpClient();
            await http.GetAsync($"{server.ApiUrl}/health");
            var watch = Stopwatch.StartNew();
            await http.GetAsync($"{server.ApiUrl}/health");
            Assert.True(watch.ElapsedMilliseconds >= 55, $"{watch.ElapsedMilliseconds} ms");
        }
    }
}
