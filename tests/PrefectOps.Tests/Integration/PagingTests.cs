using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Rest;
using PrefectOps.Core.Services;
using PrefectOps.Sandbox;
using PrefectOps.Sandbox.Faults;
using PrefectOps.Sandbox.Seeding;
using Xunit;

namespace PrefectOps.Tests.Integration
{
    /// <summary>An estate larger than the server's 200-row limit: every flow is listed once, in pages of 200.</summary>
    public sealed class PagingTests
    {
        [Theory]
        [InlineData(2)]
        [InlineData(3)]
        public async Task Pages_past_the_200_row_limit(int major)
        {
            await using var server = await SandboxServer.StartAsync(new SandboxOptions { PrefectMajorVersion = major });
            using var seed = new PrefectSeedClient(server.ApiUrl);
            var flows = new[] { await seed.CreateFlowAsync("alpha"), await seed.CreateFlowAsync("beta"), await seed.CreateFlowAsync("gamma") };
            const int deployments = 1050;
            for (int i = 0; i < deployments; i++)
                await seed.CreateDeploymentAsync(flows[i % 3], $"d{i:0000}", i % 2 == 0 ? new[] { "bulk", "even" } : new[] { "bulk" });

            using var connection = await PrefectOps.Core.Connection.PrefectConnection.OpenAsync(
                new PrefectOps.Core.Connection.ConnectionSettings(server.ApiUrl) { Http = SandboxFixture.FastHttp() }, null, CancellationToken.None);
            server.Requests.Reset();
            var catalog = new FlowCatalog(connection.Backend);

            var all = await catalog.ListFlowsAsync(new FlowQuery { AllTags = new[] { "bulk" } }, null, CancellationToken.None);
            Assert.Equal(deployments, all.Count);
            Assert.Equal(deployments, all.Select(f => f.Id).Distinct().Count());
            Assert.Equal(new[] { "alpha", "beta", "gamma" }, all.Select(f => f.FlowName).Distinct().OrderBy(n => n));
            // 1050 rows: five full pages and one of 50. The count keeps the read-ahead from asking past the end. The three
            // flows' names are read beside the first page, so no page looks any up; their count is asked only where a
            // round trip costs more than a count (this loopback server usually answers faster: not then, one page of flows).
            Assert.Equal(6, server.Requests.Count("POST /deployments/filter"));
            Assert.Equal(1, server.Requests.Count("POST /deployments/count"));
            Assert.Equal(1, server.Requests.Count("POST /flows/filter"));
            Assert.Equal(connection.Backend.Stats.RoundTripsAreCheap ? 0 : 1, server.Requests.Count("POST /flows/count"));

            // Get-FlowTag needs no flow names, so it asks for none.
            server.Requests.Reset();
            var tags = await catalog.GetTagsAsync("MAINTENANCE", CancellationToken.None);
            Assert.Equal(deployments, tags.Single(t => t.Name == "bulk").FlowCount);
            Assert.Equal(525, tags.Single(t => t.Name == "even").FlowCount);
            Assert.Equal(0, server.Requests.Count("POST /flows/filter"));
            Assert.Equal(0, server.Requests.Count("POST /flows/count"));
            Assert.Equal(6, server.Requests.Count("POST /deployments/filter"));
            Assert.Equal(1, server.Requests.Count("POST /deployments/count"));
            Assert.Empty(server.ContractViolations);
        }

        /// <summary>A flow per deployment: the read-ahead stops at its bound and the pages look up what it did not read.</summary>
        [Fact]
        public async Task Flows_past_the_read_ahead_bound_are_looked_up_by_the_pages()
        {
            await using var server = await SandboxServer.StartAsync(new SandboxOptions { PrefectMajorVersion = 2 });
            var expected = await SeedOneFlowPerDeploymentAsync(server, 450);
            using var connection = await OpenAsync(server);
            ((RestBackend)connection.Backend).MaxFlowsReadAhead = 200;
            server.Requests.Reset();

            var all = await new FlowCatalog(connection.Backend).ListFlowsAsync(new FlowQuery { AllTags = new[] { "bulk" } }, null, CancellationToken.None);

            Assert.Equal(expected, all.ToDictionary(f => f.Id, f => f.FlowName));
            // The read-ahead's first page of 200 flows and its count (450, past the bound); the pages then look up the
            // other 250 flows' names (at most one request per page, and per 200 ids).
            Assert.Equal(1, server.Requests.Count("POST /flows/count"));
            Assert.InRange(server.Requests.Count("POST /flows/filter"), 2, 4);
            Assert.Empty(server.ContractViolations);
        }

        [Theory]
        [InlineData("POST /flows/count")]
        [InlineData("POST /flows/filter")]
        public async Task A_failing_read_ahead_costs_only_its_own_requests(string failingRoute)
        {
            await using var server = await SandboxServer.StartAsync(new SandboxOptions { PrefectMajorVersion = 3 });
            var expected = await SeedOneFlowPerDeploymentAsync(server, 250);
            using var connection = await OpenAsync(server);
            // Every attempt of the read-ahead's first request fails; look-ups by id (also /flows/filter) pass once the
            // read-ahead's attempts have used the rule up.
            server.Faults.Add(failingRoute, FaultKind.Status, 500, times: SandboxFixture.FastHttp().MaxAttempts);

            var all = await new FlowCatalog(connection.Backend).ListFlowsAsync(new FlowQuery { AllTags = new[] { "bulk" } }, null, CancellationToken.None);

            Assert.Equal(expected, all.ToDictionary(f => f.Id, f => f.FlowName));
            Assert.Empty(server.ContractViolations);
        }

        /// <returns>Each deployment's id and its flow's name.</returns>
        private static async Task<Dictionary<Guid, string>> SeedOneFlowPerDeploymentAsync(SandboxServer server, int count)
        {
            using var seed = new PrefectSeedClient(server.ApiUrl);
            var expected = new Dictionary<Guid, string>();
            for (int i = 0; i < count; i++)
            {
                string flowName = $"flow-{i:000}";
                var deployment = await seed.CreateDeploymentAsync(await seed.CreateFlowAsync(flowName), $"d{i:000}", new[] { "bulk" });
                expected[Guid.Parse((string)deployment["id"]!)] = flowName;
            }
            return expected;
        }

        private static Task<PrefectConnection> OpenAsync(SandboxServer server) =>
            PrefectConnection.OpenAsync(new ConnectionSettings(server.ApiUrl) { Http = SandboxFixture.FastHttp() }, null, CancellationToken.None);
    }
}
