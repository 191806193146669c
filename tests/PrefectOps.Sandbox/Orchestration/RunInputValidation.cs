using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace PrefectOps.Sandbox.Orchestration
{
    /// <summary>
    /// Checks a resume's run_input against the schema the paused flow stored, as Prefect's schema_tools.validate does
    /// with Python's jsonschema: the best error (the one nearest the top) becomes "Validation failed[ for field 'x'].
    /// Failure reason: ..." in jsonschema's words. Covers what flows' RunInput schemas use: type, required,
    /// properties, additionalProperties false, enum.
    /// </summary>
    public static class RunInputValidation
    {
        /// <returns>null when the input fits.</returns>
        public static string? Check(JToken input, JObject schema)
        {
            var errors = new List<(int Depth, string Path, string Message)>();
            Walk(input, schema, "$", 0, errors);
            if (errors.Count == 0) return null;
            var best = errors.OrderBy(e => e.Depth).First();
            string where = best.Path == "$" ? "Validation failed." : $"Validation failed for field {Repr(new JValue(best.Path.Substring(2)))}.";
            return $"{where} Failure reason: {best.Message}";
        }

        private static void Walk(JToken value, JObject schema, string path, int depth, List<(int, string, string)> errors)
        {
            foreach (var keyword in schema.Properties())
            {
                switch (keyword.Name)
                {
                    case "type":
                        var types = keyword.Value is JArray a ? a.Select(t => (string)t!).ToList() : new List<string> { (string)keyword.Value! };
                        if (!types.Any(t => IsOfType(value, t)))
                            errors.Add((depth, path, $"{Repr(value)} is not of type {string.Join(", ", types.Select(t => Repr(new JValue(t))))}"));
                        break;
                    case "enum" when keyword.Value is JArray options:
                        if (!options.Any(o => JToken.DeepEquals(o, value))) errors.Add((depth, path, $"{Repr(value)} is not one of {Repr(options)}"));
                        break;
                    case "required" when value is JObject o && keyword.Value is JArray required:
                        foreach (var name in required.Select(r => (string)r!).Where(n => !o.ContainsKey(n)))
                            errors.Add((depth, path, $"{Repr(new JValue(name))} is a required property"));
                        break;
                    case "additionalProperties" when value is JObject o && keyword.Value.Type == JTokenType.Boolean && !(bool)keyword.Value:
                        var known = (schema["properties"] as JObject)?.Properties().Select(p => p.Name).ToHashSet() ?? new HashSet<string>();
                        var extra = o.Properties().Select(p => p.Name).Where(n => !known.Contains(n)).ToList();
                        if (extra.Count > 0)
                            errors.Add((depth, path, $"Additional properties are not allowed ({string.Join(", ", extra.Select(e => Repr(new JValue(e))))} {(extra.Count == 1 ? "was" : "were")} unexpected)"));
                        break;
                    case "properties" when value is JObject o && keyword.Value is JObject properties:
                        foreach (var p in properties.Properties())
                            if (o.TryGetValue(p.Name, out var child) && p.Value is JObject childSchema)
                                Walk(child, childSchema, path + "." + p.Name, depth + 1, errors);
                        break;
                }
            }
        }

        private static bool IsOfType(JToken v, string type) => type switch
        {
            "object" => v.Type == JTokenType.Object,
            "array" => v.Type == JTokenType.Array,
            "string" => v.Type == JTokenType.String,
            "boolean" => v.Type == JTokenType.Boolean,
            "integer" => v.Type == JTokenType.Integer || (v.Type == JTokenType.Float && (double)v == System.Math.Floor((double)v)),
            "number" => v.Type == JTokenType.Integer || v.Type == JTokenType.Float,
            "null" => v.Type == JTokenType.Null,
            _ => true,
        };

        /// <summary>Python's repr() of the JSON value, as jsonschema's messages print instances.</summary>
        public static string Repr(JToken v) => v.Type switch
        {
            JTokenType.String => "'" + ((string)v!).Replace("\\", "\\\\").Replace("'", "\\'") + "'",
            JTokenType.Boolean => (bool)v ? "True" : "False",
            JTokenType.Null => "None",
            JTokenType.Integer => ((long)v).ToString(CultureInfo.InvariantCulture),
            JTokenType.Float => ((double)v).ToString("R", CultureInfo.InvariantCulture),
            JTokenType.Array => "[" + string.Join(", ", ((JArray)v).Select(Repr)) + "]",
            JTokenType.Object => "{" + string.Join(", ", ((JObject)v).Properties().Select(p => Repr(new JValue(p.Name)) + ": " + Repr(p.Value))) + "}",
            _ => v.ToString(),
        };
    }
}
