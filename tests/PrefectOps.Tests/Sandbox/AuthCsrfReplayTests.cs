using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Sandbox;
using PrefectOps.Tests.CmdletContract;
using PrefectOps.Tests.Contract;
using Xunit;

namespace PrefectOps.Tests.Sandbox
{
    /// <summary>
    /// Replays tests/PrefectOps.Sandbox/recorded/prefect3-auth-csrf.md, in order, against 3.x sandboxes set up as the
    /// recorded servers were (auth string admin:pass; CSRF protection on, on with 1 s tokens, or off). Recorded ids and
    /// CSRF tokens map to the sandbox's as answers arrive; status, top-level keys, `detail` and `exception_message` must match.
    /// </summary>
    public sealed class AuthCsrfReplayTests
    {
        private static readonly Regex Uuid = new Regex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        private static readonly Regex Token = new Regex("\\b[0-9a-f]{64}\\b");

        private static string RecordingPath => Path.Combine(RepoPaths.Root, "tests", "PrefectOps.Sandbox", "recorded", "prefect3-auth-csrf.md");

        private static SandboxOptions OptionsFor(string server) => server switch
        {
            "auth+csrf" => new SandboxOptions { PrefectMajorVersion = 3, RequiredAuthString = "admin:pass", CsrfProtection = true },
            "auth+csrf, tokens expire after 1 s" => new SandboxOptions
                { PrefectMajorVersion = 3, RequiredAuthString = "admin:pass", CsrfProtection = true, CsrfTokenLifetime = TimeSpan.FromSeconds(1) },
            "auth, no csrf" => new SandboxOptions { PrefectMajorVersion = 3, RequiredAuthString = "admin:pass" },
            _ => throw new InvalidOperationException($"The recording names a server the replay does not know: '{server}'."),
        };

        [Fact]
        public void The_recording_covers_what_the_sandbox_models()
        {
            var exchanges = RecordedExchanges.Parse(File.ReadAllText(RecordingPath));
            Assert.True(exchanges.Count >= 30, $"only {exchanges.Count} exchanges parsed");
            Assert.All(exchanges, e => Assert.NotNull(e.Server));
            var statuses = exchanges.Select(e => e.Status).ToHashSet();
            foreach (var status in new int?[] { 200, 201, 204, 401, 403, 422 }) Assert.Contains(status, statuses);
        }

        [Fact]
        public async Task Sandbox_answers_the_auth_string_and_CSRF_exchanges_like_the_real_server()
        {
            var exchanges = RecordedExchanges.Parse(File.ReadAllText(RecordingPath));
            var servers = new Dictionary<string, SandboxServer>();
            var ids = new Dictionary<string, string>();
            var failures = new List<string>();
            using var http = new HttpClient();
            try
            {
                foreach (var ex in exchanges)
                {
                    if (!servers.TryGetValue(ex.Server!, out var server))
                    {
                        server = servers[ex.Server!] = await SandboxServer.StartAsync(OptionsFor(ex.Server!));
                        server.Clock.Set(DateTimeOffset.UtcNow);
                    }
                    // The recorder waited 2 s between issuing the 1 s token and using it.
                    if (server.Options.CsrfTokenLifetime < TimeSpan.FromMinutes(1)) server.Clock.Advance(TimeSpan.FromSeconds(2));

                    var request = new HttpRequestMessage(new HttpMethod(ex.Method!), server.ApiUrl.ToString().TrimEnd('/') + Map(ex.Path!, ids));
                    foreach (var header in ex.Headers) request.Headers.TryAddWithoutValidation(header.Key, Map(header.Value, ids));
                    if (ex.RequestBody != null) request.Content = new StringContent(Map(ex.RequestBody, ids), Encoding.UTF8, "application/json");
                    using var response = await http.SendAsync(request);
                    string text = await response.Content.ReadAsStringAsync();
                    JToken? json = text.Length == 0 ? null : PrefectOps.Sandbox.Http.Json.Parse(text);

                    if ((int)response.StatusCode != ex.Status) { failures.Add($"{ex}: got {(int)response.StatusCode} {text}"); continue; }
                    if (ex.Response == null || json == null) continue;
                    RecordedExchangeReplayTests.MapIds(ex.Response, json, ids);
                    if (ex.Response is JObject recorded && recorded["token"] is JValue recordedToken && json["token"] is JValue actualToken)
                        ids[(string)recordedToken!] = (string)actualToken!;
                    RecordedExchangeReplayTests.Compare(ex, ex.Response, json, failures);
                    if (ex.Response is JObject { } withMessage && withMessage["exception_message"] is JValue message && !JToken.DeepEquals(message, json["exception_message"]))
                        failures.Add($"{ex}: exception_message {json["exception_message"]}, recorded {message}");
                }
            }
            finally
            {
                foreach (var server in servers.Values) await server.DisposeAsync();
            }
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }

        private static string Map(string text, Dictionary<string, string> ids) =>
            Token.Replace(Uuid.Replace(text, m => ids.TryGetValue(m.Value, out var v) ? v : m.Value), m => ids.TryGetValue(m.Value, out var v) ? v : m.Value);
    }
}
