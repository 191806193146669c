using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Http;
using PrefectOps.Core.Util;
using PrefectOps.Sandbox;
using PrefectOps.Sandbox.Seeding;
using Xunit;

namespace PrefectOps.Tests.Integration
{
    /// <summary>One sandbox server per test class, in 2.x or 3.x mode; tests seed their own uniquely named objects.</summary>
    public abstract class SandboxFixture : IAsyncLifetime
    {
        protected abstract int Major { get; }
        public SandboxServer Server { get; private set; } = null!;
        public PrefectSeedClient Seed { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Server = await SandboxServer.StartAsync(new SandboxOptions { PrefectMajorVersion = Major });
            Seed = new PrefectSeedClient(Server.ApiUrl);
        }

        public async Task DisposeAsync()
        {
            Seed.Dispose();
            await Server.DisposeAsync();
        }

        /// <summary>A connection as Connect-Prefect makes one, with retries fast enough for tests.</summary>
        public Task<PrefectConnection> ConnectAsync() =>
            PrefectConnection.OpenAsync(new ConnectionSettings(Server.ApiUrl) { Http = FastHttp() }, null, CancellationToken.None);

        public static HttpOptions FastHttp() => new HttpOptions
        {
            BaseDelay = TimeSpan.FromMilliseconds(1),
            MaxDelay = TimeSpan.FromMilliseconds(5),
            MaxRetryAfter = TimeSpan.FromMilliseconds(5),
            RequestTimeout = TimeSpan.FromSeconds(10),
        };

        /// <summary>The client's "now" is the sandbox server's now, as it is on a real machine with a synced clock.</summary>
        public IClock Clock => new ServerClock(Server.Clock);

        private sealed class ServerClock : IClock
        {
            private readonly SandboxClock _clock;
            public ServerClock(SandboxClock clock) => _clock = clock;
            public DateTimeOffset UtcNow => _clock.UtcNow;
        }

        /// <summary>Runs of one deployment as the server lists them (POST /flow_runs/filter), oldest first.</summary>
        public async Task<List<JObject>> RunsOfAsync(Guid deploymentId)
        {
            var runs = new List<JObject>();
            for (int offset = 0; ; offset += 200)
            {
                var page = (JArray)await Seed.SendAsync("POST", "/flow_runs/filter", new JObject
                {
                    ["deployments"] = new JObject { ["id"] = new JObject { ["any_"] = new JArray(deploymentId.ToString()) } },
                    ["sort"] = "EXPECTED_START_TIME_ASC",
                    ["limit"] = 200,
                    ["offset"] = offset,
                });
                runs.AddRange(page.OfType<JObject>());
                if (page.Count < 200) return runs;
            }
        }

        public async Task<JObject> DeploymentAsync(Guid id) => (JObject)await Seed.SendAsync("GET", $"/deployments/{id}");

        public void AssertNoContractViolations() => Assert.Empty(Server.ContractViolations);
    }

    public sealed class Sandbox2Fixture : SandboxFixture
    {
        protected override int Major => 2;
    }

    public sealed class Sandbox3Fixture : SandboxFixture
    {
        protected override int Major => 3;
    }

    internal static class Unique
    {
        public static string Name(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N").Substring(0, 8)}";
    }
}
