using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Tests.Contract;
using Xunit;

namespace PrefectOps.Tests.Sandbox
{
    /// <summary>
    /// Replays prefect2-recorded-exchanges.md against a fresh 2.x sandbox, in order, mapping recorded ids to the
    /// sandbox's ids as responses arrive, and compares status codes, top-level keys and detail/status/reason texts.
    /// Skipped: "invalid JSON body" (the recording has no request line or path; covered by Invalid_json_is_a_jsondecode_422).
    /// The clock is frozen at 2026-11-22T01:38:30Z so the recorded pause_timeouts (02:38:50 ahead, 01:37:51 behind)
    /// are in the future/past exactly as they were.
    /// </summary>
    public sealed class RecordedExchangeReplayTests
    {
        private static readonly Regex Uuid = new Regex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

        [Fact]
        public async Task Sandbox_answers_every_recorded_exchange_like_the_real_server()
        {
            var fixture = new Prefect2Sandbox();
            await fixture.InitializeAsync();
            try
            {
                fixture.Server.Clock.Set(new DateTimeOffset(2026, 11, 22, 1, 38, 30, TimeSpan.Zero));
                var ids = new Dictionary<string, string> { ["00000000-0000-0000-0000-000000000000"] = "00000000-0000-0000-0000-000000000000" };
                var failures = new List<string>();
                var unexpectedViolations = new List<string>();
                foreach (var ex in RecordedExchanges.ForPrefect2)
                {
                    if (ex.Method == null || ex.Path == null || ex.Status == null) continue; // "invalid JSON body"
                    string path = Uuid.Replace(ex.Path, m => ids.TryGetValue(m.Value, out var v) ? v : m.Value);
                    string? body = ex.RequestBody == null ? null : Uuid.Replace(ex.RequestBody, m => ids.TryGetValue(m.Value, out var v) ? v : m.Value);
                    int before = fixture.Server.ContractViolations.Count;
                    var (status, json) = await fixture.SendAsync(ex.Method, path, body == null ? null : JToken.Parse(body));
                    if (ex.Status < 400 && fixture.Server.ContractViolations.Count > before)
                        unexpectedViolations.AddRange(fixture.Server.ContractViolations.Skip(before).Select(v => $"{ex}: {v}"));
                    if (status != ex.Status) { failures.Add($"{ex}: got {status} {json}"); continue; }
                    if (ex.Response != null && json != null)
                    {
                        MapIds(ex.Response, json, ids);
                        var expected = PrefectOps.Sandbox.Http.Json.Parse(Uuid.Replace(ex.Response.ToString(Newtonsoft.Json.Formatting.None), m => ids.TryGetValue(m.Value, out var v) ? v : m.Value));
                        Compare(ex, expected, json, failures);
                    }
                }
                Assert.True(failures.Count == 0, string.Join("\n", failures));
                Assert.True(unexpectedViolations.Count == 0, string.Join("\n", unexpectedViolations));
            }
            finally { await fixture.DisposeAsync(); }
        }

        [Fact]
        public async Task Invalid_json_is_a_jsondecode_422()
        {
            var fixture = new Prefect2Sandbox();
            await fixture.InitializeAsync();
            try
            {
                var (status, json) = await fixture.SendAsync("POST", "/deployments/filter", "{not json");
                Assert.Equal(422, status);
                Assert.Equal("value_error.jsondecode", (string)json!["exception_detail"]![0]!["type"]!);
                Assert.Equal("Expecting property name enclosed in double quotes: line 1 column 2 (char 1)", (string)json["exception_detail"]![0]!["msg"]!);
                Assert.Equal(new JArray("body", 1), json["exception_detail"]![0]!["loc"]);
                Assert.Equal("{not json", (string)json["request_body"]!);
            }
            finally { await fixture.DisposeAsync(); }
        }

        /// <summary>Pairs recorded and actual values: every recorded uuid string maps to the sandbox's value at the same place.</summary>
        internal static void MapIds(JToken recorded, JToken actual, Dictionary<string, string> ids)
        {
            if (recorded is JObject ro && actual is JObject ao)
            {
                foreach (var p in ro.Properties())
                    if (ao[p.Name] is JToken av) MapIds(p.Value, av, ids);
            }
            else if (recorded is JArray ra && actual is JArray aa && ra.Count == aa.Count)
            {
                for (int i = 0; i < ra.Count; i++) MapIds(ra[i], aa[i], ids);
            }
            else if (recorded.Type == JTokenType.String && actual.Type == JTokenType.String)
            {
                string r = (string)recorded!, a = (string)actual!;
                if (Uuid.IsMatch(r) && Uuid.IsMatch(a) && r.Length == 36 && !ids.ContainsKey(r)) ids[r] = a;
            }
        }

        internal static void Compare(RecordedExchange ex, JToken recorded, JToken actual, List<string> failures)
        {
            if (recorded.Type != actual.Type) { failures.Add($"{ex}: JSON type {actual.Type}, recorded {recorded.Type}"); return; }
            if (recorded is JArray ra && actual is JArray aa)
            {
                if (ra.Count != aa.Count) failures.Add($"{ex}: {aa.Count} items, recorded {ra.Count}");
                if (ra.Count > 0 && aa.Count > 0) Compare(ex, ra[0], aa[0], failures);
                return;
            }
            if (!(recorded is JObject ro) || !(actual is JObject ao)) return;
            var rk = ro.Properties().Select(p => p.Name).OrderBy(x => x).ToList();
            var ak = ao.Properties().Select(p => p.Name).OrderBy(x => x).ToList();
            if (!rk.SequenceEqual(ak)) failures.Add($"{ex}: keys [{string.Join(",", ak)}], recorded [{string.Join(",", rk)}]");
            // "status" is compared only on orchestration results: elsewhere it is READY/NOT_READY bookkeeping.
            foreach (var key in ro["details"] != null ? new[] { "detail", "status" } : new[] { "detail" })
                if (ro[key] is JValue rv && !JToken.DeepEquals(rv, ao[key])) failures.Add($"{ex}: {key} {ao[key]}, recorded {rv}");
            if (ro["details"]?["reason"] is JToken reason && !JToken.DeepEquals(reason, ao["details"]?["reason"]))
                failures.Add($"{ex}: reason {ao["details"]?["reason"]}, recorded {reason}");
            if (ro["detail"] is JArray rd && !JToken.DeepEquals(rd, ao["detail"])) failures.Add($"{ex}: detail {ao["detail"]}, recorded {rd}");
        }
    }
}
