using System;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PrefectOps.Sandbox;
using PrefectOps.Sandbox.Http;
using Xunit;

namespace PrefectOps.Tests.Sandbox
{
    /// <summary>One sandbox per test class; tests stay independent by seeding flows with unique names.</summary>
    public abstract class SandboxFixture : IAsyncLifetime
    {
        protected abstract int Major { get; }
        public SandboxServer Server { get; private set; } = null!;
        public HttpClient Http { get; } = new HttpClient();

        public async Task InitializeAsync() => Server = await SandboxServer.StartAsync(new SandboxOptions { PrefectMajorVersion = Major });

        public async Task DisposeAsync()
        {
            Http.Dispose();
            await Server.DisposeAsync();
        }

        public async Task<(int Status, JToken? Body)> SendAsync(string method, string path, object? body = null)
        {
            var req = new HttpRequestMessage(new HttpMethod(method), Server.ApiUrl.ToString().TrimEnd('/') + path);
            if (body != null)
            {
                string text = body is string s ? s : body is JToken t ? t.ToString(Formatting.None) : JsonConvert.SerializeObject(body);
                req.Content = new StringContent(text, Encoding.UTF8, "application/json");
            }
            using var resp = await Http.SendAsync(req);
            var content = await resp.Content.ReadAsStringAsync();
            JToken? parsed = null;
            if (!string.IsNullOrEmpty(content)) { try { parsed = Json.Parse(content); } catch (JsonException) { parsed = content; } }
            return ((int)resp.StatusCode, parsed);
        }

        public async Task<JToken> OkAsync(string method, string path, object? body = null)
        {
            var (status, json) = await SendAsync(method, path, body);
            Assert.True(status >= 200 && status < 300, $"{method} {path} -> {status}: {json}");
            return json ?? JValue.CreateNull();
        }

        public static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);

        public async Task<string> FlowAsync(string? name = null)
            => (string)(await OkAsync("POST", "/flows/", new { name = name ?? Unique("flow") }))["id"]!;

        public async Task<JObject> DeploymentAsync(string flowId, JObject extra)
        {
            var body = new JObject { ["name"] = Unique("dep"), ["flow_id"] = flowId };
            body.Merge(extra);
            return (JObject)await OkAsync("POST", "/deployments/", body);
        }

        public async Task<JArray> RunsOfAsync(string deploymentId)
            => (JArray)await OkAsync("POST", "/flow_runs/filter", new JObject
            {
                ["deployments"] = new JObject { ["id"] = new JObject { ["any_"] = new JArray(deploymentId) } },
                ["sort"] = "EXPECTED_START_TIME_ASC",
            });
    }

    public sealed class Prefect2Sandbox : SandboxFixture { protected override int Major => 2; }
    public sealed class Prefect3Sandbox : SandboxFixture { protected override int Major => 3; }

    /// <summary>Base for test classes: after each test, no contract violation unless the test provoked one.</summary>
    public abstract class SandboxTestBase<TFixture> : IDisposable where TFixture : SandboxFixture
    {
        protected TFixture F { get; }
        protected bool ExpectViolations { get; set; }

        protected SandboxTestBase(TFixture fixture)
        {
            F = fixture;
            F.Server.ClearContractViolations();
        }

        public void Dispose()
        {
            if (!ExpectViolations) Assert.Empty(F.Server.ContractViolations);
        }
    }
}
