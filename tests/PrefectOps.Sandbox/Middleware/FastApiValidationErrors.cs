using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace PrefectOps.Sandbox.Middleware
{
    /// <summary>
    /// One contract violation as the real server words it in a 422's exception_detail: pydantic 1's loc/msg/type/ctx on
    /// 2.19, pydantic 2's type/loc/msg/input/ctx on 3.x. Covers what a client most often gets wrong (a missing or
    /// unknown field, a value that is not a list, not one of an enum, below a minimum, not a uuid); any other violation
    /// keeps the sandbox's own wording (tests/PrefectOps.Sandbox/DIFFERENCES.md).
    /// </summary>
    public static class FastApiValidationErrors
    {
        private static readonly Regex Required = new Regex(@"^required property '(?<name>[^']+)' is missing$");
        private static readonly Regex NotAllowed = new Regex(@"^property '(?<name>[^']+)' is not allowed$");
        private static readonly Regex NotOneOf = new Regex(@" is not one of (?<options>"".+)$");
        private static readonly Regex JsonString = new Regex(@"""(?:[^""\\]|\\.)*""");
        private static readonly Regex BelowMinimum = new Regex(@"^.+ is less than the minimum (?<min>-?[0-9.]+)$");
        private static readonly Regex NotUuid = new Regex(@" is not a valid uuid$");

        /// <param name="loc">Where, as FastAPI's loc: ["body", ...] or ["path", name].</param>
        /// <param name="problem">The validator's message.</param>
        /// <param name="body">The request body, for pydantic 2's "input".</param>
        /// <param name="v2">pydantic 2's wording (Prefect 3.x), else pydantic 1's (2.19).</param>
        public static JObject Detail(bool v2, JArray loc, string problem, JToken? body)
        {
            Match m;
            if ((m = Required.Match(problem)).Success)
                // FastAPI reports a missing body field with input null.
                return Make(v2, Append(loc, m.Groups["name"].Value), v2 ? "Field required" : "field required", v2 ? "missing" : "value_error.missing", null, null);
            if ((m = NotAllowed.Match(problem)).Success)
            {
                var where = Append(loc, m.Groups["name"].Value);
                return Make(v2, where, v2 ? "Extra inputs are not permitted" : "extra fields not permitted", v2 ? "extra_forbidden" : "value_error.extra", At(body, where), null);
            }
            if (problem.Contains("expected array, got"))
                return Make(v2, loc, v2 ? "Input should be a valid list" : "value is not a valid list", v2 ? "list_type" : "type_error.list", At(body, loc), null);
            if ((m = NotOneOf.Match(problem)).Success)
            {
                var options = JsonString.Matches(m.Groups["options"].Value).Select(s => (string)JToken.Parse(s.Value)!).ToList();
                var names = options.Select(o => $"'{o}'").ToList();
                return v2
                    ? Make(true, loc, "Input should be " + Either(names), "enum", At(body, loc), new JObject { ["expected"] = Either(names) })
                    : Make(false, loc, "value is not a valid enumeration member; permitted: " + string.Join(", ", names), "type_error.enum", null,
                        new JObject { ["enum_values"] = new JArray(options) });
            }
            if ((m = BelowMinimum.Match(problem)).Success)
            {
                var min = JToken.Parse(m.Groups["min"].Value);
                return v2
                    ? Make(true, loc, $"Input should be greater than or equal to {min}", "greater_than_equal", At(body, loc), new JObject { ["ge"] = min })
                    : Make(false, loc, $"ensure this value is greater than or equal to {min}", "value_error.number.not_ge", null, new JObject { ["limit_value"] = min });
            }
            if (NotUuid.IsMatch(problem) && !v2)
                return Make(false, loc, "value is not a valid uuid", "type_error.uuid", null, null);
            return new JObject { ["loc"] = loc, ["msg"] = problem, ["type"] = "sandbox.contract" };
        }

        /// <summary>pydantic 2 lists choices as "'A', 'B' or 'C'".</summary>
        private static string Either(System.Collections.Generic.List<string> names) =>
            names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1];

        private static JObject Make(bool v2, JArray loc, string msg, string type, JToken? input, JObject? ctx)
        {
            var o = v2 ? new JObject { ["type"] = type, ["loc"] = loc, ["msg"] = msg, ["input"] = input?.DeepClone() ?? JValue.CreateNull() }
                       : new JObject { ["loc"] = loc, ["msg"] = msg, ["type"] = type };
            if (ctx != null) o["ctx"] = ctx;
            return o;
        }

        private static JArray Append(JArray loc, string name)
        {
            var copy = (JArray)loc.DeepClone();
            copy.Add(name);
            return copy;
        }

        /// <summary>The value at a body loc (["body", "a", 0, "b"]), or null.</summary>
        private static JToken? At(JToken? body, JArray loc)
        {
            if (loc.Count == 0 || (string?)loc[0] != "body") return null;
            JToken? at = body;
            foreach (var seg in loc.Skip(1))
                at = seg.Type == JTokenType.Integer ? (at as JArray)?.ElementAtOrDefault((int)seg) : (at as JObject)?[(string)seg!];
            return at;
        }
    }
}
