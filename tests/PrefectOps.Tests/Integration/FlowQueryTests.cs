using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Services;
using Xunit;

namespace PrefectOps.Tests.Integration
{
    /// <summary>Get-FlowTag and Get-Flow over loopback HTTP against the sandbox.</summary>
    public abstract class FlowQueryTests
    {
        private readonly SandboxFixture _sandbox;

        protected FlowQueryTests(SandboxFixture sandbox) => _sandbox = sandbox;

        private async Task<(string prod, string dev, string flowName)> SeedEstateAsync()
        {
            string prod = Unique.Name("server-prod"), dev = Unique.Name("server-dev"), nightly = Unique.Name("nightly");
            string flowName = Unique.Name("etl");
            var flow = await _sandbox.Seed.CreateFlowAsync(flowName);
            const string cron = "{\"cron\":\"0 2 * * *\",\"timezone\":\"America/New_York\"}";
            await _sandbox.Seed.CreateDeploymentAsync(flow, "nightly-etl", new[] { prod, nightly }, cron);
            await _sandbox.Seed.CreateDeploymentAsync(flow, "nightly-extract", new[] { prod }, "{\"interval\":3600,\"timezone\":\"UTC\"}");
            await _sandbox.Seed.CreateDeploymentAsync(flow, "hourly-etl", new[] { prod, dev }, cron, paused: true);
            await _sandbox.Seed.CreateDeploymentAsync(flow, "adhoc", new[] { dev, nightly });
            return (prod, dev, flowName);
        }

        [Fact]
        public async Task Tags_in_use_come_with_counts_per_state()
        {
            var (prod, dev, _) = await SeedEstateAsync();
            using var connection = await _sandbox.ConnectAsync();

            var tags = await new FlowCatalog(connection.Backend).GetTagsAsync("MAINTENANCE", CancellationToken.None);

            var prodTag = tags.Single(t => t.Name == prod);
            Assert.Equal((3, 2, 1, 0), (prodTag.FlowCount, prodTag.ActiveCount, prodTag.PausedCount, prodTag.MaintenanceCount));
            var devTag = tags.Single(t => t.Name == dev);
            Assert.Equal((2, 1, 1), (devTag.FlowCount, devTag.ActiveCount, devTag.PausedCount));
            Assert.Equal(tags.Select(t => t.Name).OrderBy(n => n, StringComparer.OrdinalIgnoreCase), tags.Select(t => t.Name));
            _sandbox.AssertNoContractViolations();
        }

        [Fact]
        public async Task One_tag_and_two_tags_filter_on_the_server_with_all_semantics()
        {
            var (prod, dev, flowName) = await SeedEstateAsync();
            using var connection = await _sandbox.ConnectAsync();
            var catalog = new FlowCatalog(connection.Backend);

            var withProd = await catalog.ListFlowsAsync(new FlowQuery { AllTags = new[] { prod } }, null, CancellationToken.None);
            Assert.Equal(new[] { "hourly-etl", "nightly-etl", "nightly-extract" }, withProd.Select(f => f.DeploymentName).OrderBy(n => n));
            Assert.All(withProd, f => Assert.Equal($"{flowName}/{f.DeploymentName}", f.Name));

            var withBoth = await catalog.ListFlowsAsync(new FlowQuery { AllTags = new[] { prod, dev } }, null, CancellationToken.None);
            var only = Assert.Single(withBoth);
            Assert.Equal("hourly-etl", only.DeploymentName);
            Assert.Equal(PrefectOps.FlowStatus.Paused, only.Status);
            Assert.Equal("cron 0 2 * * * (America/New_York)", only.Schedule);

            // The server saw all_ (never any_, a 422 on 2.x), so no contract violation either.
            _sandbox.AssertNoContractViolations();
        }

        [Fact]
        public async Task Names_match_with_wildcards_on_full_deployment_or_flow_name_and_exclusions()
        {
            var (prod, _, flowName) = await SeedEstateAsync();
            using var connection = await _sandbox.ConnectAsync();
            var catalog = new FlowCatalog(connection.Backend);
            var query = new FlowQuery { AllTags = new[] { prod } };

            var nightly = await catalog.ListFlowsAsync(query, new NameFilter(new[] { "NIGHTLY-*" }, null), CancellationToken.None);
            Assert.Equal(new[] { "nightly-etl", "nightly-extract" }, nightly.Select(f => f.DeploymentName).OrderBy(n => n));

            var full = await catalog.ListFlowsAsync(query, new NameFilter(new[] { $"{flowName}/hourly-*" }, null), CancellationToken.None);
            Assert.Equal("hourly-etl", Assert.Single(full).DeploymentName);

            var excluded = await catalog.ListFlowsAsync(query, new NameFilter(new[] { "*" }, new[] { "*-extract" }), CancellationToken.None);
            Assert.Equal(new[] { "hourly-etl", "nightly-etl" }, excluded.Select(f => f.DeploymentName).OrderBy(n => n));
        }

        [Fact]
        public async Task A_flow_read_by_id_matches_the_listing_and_an_unknown_id_is_not_found()
        {
            var (prod, _, _) = await SeedEstateAsync();
            using var connection = await _sandbox.ConnectAsync();
            var listed = (await new FlowCatalog(connection.Backend).ListFlowsAsync(new FlowQuery { AllTags = new[] { prod } }, null, CancellationToken.None)).First();

            var read = await connection.Backend.GetFlowAsync(listed.Id, "MAINTENANCE", CancellationToken.None);
            Assert.Equal((listed.Name, listed.Status, listed.Schedule), (read.Name, read.Status, read.Schedule));

            var ex = await Assert.ThrowsAsync<PrefectOps.Core.Errors.PrefectException>(() =>
                connection.Backend.GetFlowAsync(Guid.NewGuid(), "MAINTENANCE", CancellationToken.None));
            Assert.Equal(PrefectOps.Core.Errors.ErrorIds.FlowNotFound, ex.ErrorId);
        }
    }

    public sealed class FlowQueryTests2 : FlowQueryTests, IClassFixture<Sandbox2Fixture>
    {
        public FlowQueryTests2(Sandbox2Fixture sandbox) : base(sandbox) { }
    }

    public sealed class FlowQueryTests3 : FlowQueryTests, IClassFixture<Sandbox3Fixture>
    {
        public FlowQueryTests3(Sandbox3Fixture sandbox) : base(sandbox) { }
    }
}
