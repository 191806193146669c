using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Services;
using PrefectOps.Sandbox;
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
            // 1050 rows: five full pages and one of 50. The count, sent beside the first page, keeps the read-ahead
            // from asking past the end. The three flows' names are read with the first page.
            Assert.Equal(6, server.Requests.Count("POST /deployments/filter"));
            Assert.Equal(1, server.Requests.Count("POST /deployments/count"));
            Assert.Equal(1, server.Requests.Count("POST /deployments/count"));
            Assert.Equal(1, server.Requests.Count("POST /flows/filter"));

            // Get-FlowTag needs no flow names, so it asks for none.
            server.Requests.Reset();
            var tags = await catalog.GetTagsAsync("MAINTENANCE", CancellationToken.None);
            Assert.Equal(deployments, tags.Single(t => t.Name == "bulk").FlowCount);
            Assert.Equal(525, tags.Single(t => t.Name == "even").FlowCount);
            Assert.Equal(0, server.Requests.Count("POST /flows/filter"));
            Assert.Equal(6, server.Requests.Count("POST /deployments/filter"));
            Assert.Equal(1, server.Requests.Count("POST /deployments/count"));
            Assert.Empty(server.ContractViolations);
        }
    }
}
