using System.Threading.Tasks;
using PrefectOps.Sandbox;
using PrefectOps.Sandbox.Seeding;
using Xunit;

namespace PrefectOps.Tests.Sandbox
{
    /// <summary>The demo estate seeds through the HTTP API without a contract violation, in both versions.</summary>
    public sealed class SeedDemoTests
    {
        [Theory]
        [InlineData(2)]
        [InlineData(3)]
        public async Task Demo_estate_seeds_cleanly(int major)
        {
            await using var server = await SandboxServer.StartAsync(new SandboxOptions { PrefectMajorVersion = major, RequiredApiKey = "k" });
            using var client = new PrefectSeedClient(server.ApiUrl, "k");
            await client.SeedDemoEstateAsync();
            Assert.True(server.RunScheduler() > 0);
            Assert.Equal(12, (int)await client.SendAsync("POST", "/deployments/count", new Newtonsoft.Json.Linq.JObject()));
            Assert.Empty(server.ContractViolations);
            using var anonymous = new PrefectSeedClient(server.ApiUrl);
            var ex = await Assert.ThrowsAsync<System.Net.Http.HttpRequestException>(() => anonymous.SendAsync("GET", "/health"));
            Assert.Contains("401", ex.Message);
        }
    }
}
