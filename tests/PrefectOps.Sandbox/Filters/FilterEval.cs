using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json.Linq;
using PrefectOps.Sandbox.Http;

namespace PrefectOps.Sandbox.Filters
{
    /// <summary>
    /// Evaluates Prefect's filter objects ({"tags": {"all_": [...]}, "state": {"type": {"any_": [...]}}, "operator": "and_"}).
    /// A field accessor returns the entity's value: string, Guid, bool, DateTimeOffset?, a string list, or a nested accessor.
    /// </summary>
    public delegate object? FieldAccessor(string field);

    public static class FilterEval
    {
        public static bool Match(JToken? filter, FieldAccessor field)
        {
            if (!(filter is JObject f)) return true;
            bool or = (string?)f["operator"] == "or_";
            var results = new List<bool>();
            foreach (var prop in f.Properties())
            {
                if (prop.Name == "operator" || prop.Value.Type == JTokenType.Null) continue;
                var value = field(prop.Name);
                results.Add(value is FieldAccessor nested ? Match(prop.Value, nested) : MatchOps(prop.Value as JObject, value));
            }
            if (results.Count == 0) return true;
            return or ? results.Any(x => x) : results.All(x => x);
        }

        private static bool MatchOps(JObject? ops, object? value)
        {
            if (ops == null) return true;
            foreach (var op in ops.Properties())
            {
                if (op.Value.Type == JTokenType.Null) continue;
                if (!MatchOp(op.Name, op.Value, value)) return false;
            }
            return true;
        }

        private static bool MatchOp(string op, JToken arg, object? value)
        {
            switch (op)
            {
                case "any_": return AnyOf(arg, value);
                case "not_any_": return !AnyOf(arg, value);
                case "all_":
                    return value is IEnumerable<string> have && arg is JArray need && need.All(n => have.Contains((string)n!));
                case "is_null_":
                    bool isNull = value == null || (value is IEnumerable<string> l && !l.Any());
                    return (bool)arg == isNull;
                case "eq_": return Equals(Scalar(value), Scalar(arg));
                case "ne_": return !Equals(Scalar(value), Scalar(arg));
                case "like_":
                    return value is string s && s.IndexOf((string)arg!, StringComparison.OrdinalIgnoreCase) >= 0;
                case "startswith_":
                    var prefixes = arg is JArray pa ? pa.Select(x => (string)x!) : new[] { (string)arg! };
                    return value is string sv && prefixes.Any(p => sv.StartsWith(p, StringComparison.OrdinalIgnoreCase));
                case "before_":
                    return value is DateTimeOffset b && Json.TryParseTime(arg, out var tb) && b <= tb;
                case "after_":
                    return value is DateTimeOffset a && Json.TryParseTime(arg, out var ta) && a >= ta;
                case "ge_": return value is int gi && gi >= (int)arg;
                case "le_": return value is int li && li <= (int)arg;
                case "exists_": return (bool)arg == (value != null);
                default: return true; // the contract check rejects unknown operators
            }
        }

        private static bool AnyOf(JToken arg, object? value)
        {
            if (!(arg is JArray options)) return false;
            var set = options.Select(x => Normalize((string?)x)).ToHashSet();
            if (value is IEnumerable<string> list && !(value is string)) return list.Any(v => set.Contains(v));
            var s = Scalar(value);
            return s != null && set.Contains(Normalize(s.ToString()));
        }

        private static string? Normalize(string? s) => Guid.TryParse(s, out var g) ? g.ToString() : s;

        private static object? Scalar(object? v) => v switch
        {
            JValue jv => jv.Value is string js ? Normalize(js) : jv.Value,
            Guid g => g.ToString(),
            string s => Normalize(s),
            _ => v,
        };
    }
}
