using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace PrefectOps.Tests.Differential
{
    /// <summary>
    /// Compares the real server's answer with the sandbox's, ids and times aside: the same keys everywhere, the same
    /// values, ids that pair up consistently (a real id always meets the same sandbox id), times within a few seconds
    /// and written the same way (`Z` or `+00:00`). Keys that record when something happened (created, updated, a state's
    /// timestamp) are compared only for presence and null-ness.
    /// </summary>
    public sealed class JsonDiff
    {
        private static readonly Regex Uuid = new Regex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        private static readonly Regex IsoTime = new Regex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$");
        private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(5);

        /// <summary>When it happened, not what: values differ between any two runs of the same requests.</summary>
        public static readonly IReadOnlyCollection<string> WhenKeys = new HashSet<string>(StringComparer.Ordinal)
        {
            "created", "updated", "timestamp", "start_time", "end_time", "last_polled", "estimated_run_time",
            "estimated_start_time_delta", "total_run_time", "run_count", "next_scheduled_start_time", "last_heartbeat_time",
        };

        private readonly Dictionary<string, string> _realToSandbox = new Dictionary<string, string>();
        private readonly Dictionary<string, string> _sandboxToReal = new Dictionary<string, string>();

        /// <summary>The sandbox's id for a real one, once an answer paired them.</summary>
        public string? SandboxIdFor(string realId) => _realToSandbox.TryGetValue(realId, out var s) ? s : null;

        public List<string> Compare(JToken? real, JToken? sandbox, IReadOnlyCollection<string> ignore)
        {
            var differences = new List<string>();
            Walk(real ?? JValue.CreateNull(), sandbox ?? JValue.CreateNull(), "$", ignore, differences);
            return differences;
        }

        private void Walk(JToken real, JToken sandbox, string path, IReadOnlyCollection<string> ignore, List<string> diffs)
        {
            if (real is JObject ro && sandbox is JObject so)
            {
                foreach (var p in ro.Properties())
                {
                    string child = path + "." + p.Name;
                    if (!so.TryGetValue(p.Name, out var sv)) { diffs.Add($"{child}: missing in the sandbox (real: {Short(p.Value)})"); continue; }
                    if (ignore.Contains(p.Name)) continue;
                    if (WhenKeys.Contains(p.Name))
                    {
                        if ((p.Value.Type == JTokenType.Null) != (sv.Type == JTokenType.Null)) diffs.Add($"{child}: real {Short(p.Value)}, sandbox {Short(sv)}");
                        continue;
                    }
                    Walk(p.Value, sv, child, ignore, diffs);
                }
                foreach (var p in so.Properties())
                    if (!ro.ContainsKey(p.Name)) diffs.Add($"{path}.{p.Name}: only in the sandbox ({Short(p.Value)})");
                return;
            }
            if (real is JArray ra && sandbox is JArray sa)
            {
                // A run's tags are a set on the server (3.x unions the deployment's and the run's in hash order).
                if (path.EndsWith(".tags", StringComparison.Ordinal))
                {
                    ra = new JArray(ra.OrderBy(t => t.ToString(), StringComparer.Ordinal));
                    sa = new JArray(sa.OrderBy(t => t.ToString(), StringComparer.Ordinal));
                }
                if (ra.Count != sa.Count) { diffs.Add($"{path}: {ra.Count} items on the real server, {sa.Count} in the sandbox"); return; }
                for (int i = 0; i < ra.Count; i++) Walk(ra[i], sa[i], $"{path}[{i}]", ignore, diffs);
                return;
            }
            if (IsNumber(real) && IsNumber(sandbox))
            {
                if ((double)real != (double)sandbox) diffs.Add($"{path}: real {real}, sandbox {sandbox}");
                return;
            }
            if (real.Type != sandbox.Type) { diffs.Add($"{path}: real {Short(real)}, sandbox {Short(sandbox)}"); return; }
            if (real.Type == JTokenType.String) { CompareStrings((string)real!, (string)sandbox!, path, diffs); return; }
            if (!JToken.DeepEquals(real, sandbox)) diffs.Add($"{path}: real {Short(real)}, sandbox {Short(sandbox)}");
        }

        private void CompareStrings(string real, string sandbox, string path, List<string> diffs)
        {
            if (IsoTime.IsMatch(real) && IsoTime.IsMatch(sandbox))
            {
                if (Zone(real) != Zone(sandbox)) diffs.Add($"{path}: time written as {real} on the real server, {sandbox} in the sandbox");
                var r = DateTimeOffset.Parse(real, CultureInfo.InvariantCulture);
                var s = DateTimeOffset.Parse(sandbox, CultureInfo.InvariantCulture);
                if ((r - s).Duration() > Tolerance) diffs.Add($"{path}: real {real}, sandbox {sandbox}");
                return;
            }
            // Ids, alone or inside a text (an idempotency key names its deployment), pair up once and then must agree.
            var realIds = Uuid.Matches(real).Select(m => m.Value).ToList();
            var sandboxIds = Uuid.Matches(sandbox).Select(m => m.Value).ToList();
            if (realIds.Count > 0 && realIds.Count == sandboxIds.Count)
            {
                for (int i = 0; i < realIds.Count; i++)
                {
                    if (!Pair(realIds[i], sandboxIds[i])) { diffs.Add($"{path}: real id {realIds[i]} met sandbox id {sandboxIds[i]}, which pairs with another"); return; }
                }
                if (Uuid.Replace(real, "<id>") != Uuid.Replace(sandbox, "<id>")) diffs.Add($"{path}: real \"{real}\", sandbox \"{sandbox}\"");
                return;
            }
            if (real != sandbox) diffs.Add($"{path}: real \"{Clip(real)}\", sandbox \"{Clip(sandbox)}\"");
        }

        /// <summary>Pairs two ids; false when either is already paired with another.</summary>
        public bool Pair(string real, string sandbox)
        {
            if (_realToSandbox.TryGetValue(real, out var s)) return s == sandbox;
            if (_sandboxToReal.TryGetValue(sandbox, out var r)) return r == real;
            _realToSandbox[real] = sandbox;
            _sandboxToReal[sandbox] = real;
            return true;
        }

        private static string Zone(string time) => time.EndsWith("Z", StringComparison.Ordinal) ? "Z" : time.Substring(time.Length - 6);

        private static bool IsNumber(JToken t) => t.Type == JTokenType.Integer || t.Type == JTokenType.Float;

        private static string Short(JToken t) => Clip(t.ToString(Newtonsoft.Json.Formatting.None));

        private static string Clip(string s) => s.Length <= 400 ? s : s.Substring(0, 397) + "...";
    }
}
