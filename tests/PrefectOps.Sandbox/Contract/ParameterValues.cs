using System;
using System.Collections.Generic;
using System.Globalization;
using Newtonsoft.Json.Linq;

namespace PrefectOps.Sandbox.Contract
{
    /// <summary>
    /// Path and query parameters arrive as text; FastAPI lets pydantic coerce the text to the declared type. A value
    /// conforms when the text itself, or its boolean / integer / number reading, validates.
    /// </summary>
    internal static class ParameterValues
    {
        // pydantic v1 and v2 both read these (case-insensitively) as booleans.
        private static readonly Dictionary<string, bool> Booleans = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase)
        {
            ["true"] = true, ["t"] = true, ["yes"] = true, ["y"] = true, ["on"] = true, ["1"] = true,
            ["false"] = false, ["f"] = false, ["no"] = false, ["n"] = false, ["off"] = false, ["0"] = false,
        };

        public static IReadOnlyList<string> Validate(JsonSchemaValidator validator, SchemaNode schema, string text, string location)
        {
            var asText = validator.Validate(schema, new JValue(text), location);
            if (asText.Count == 0) return asText;
            foreach (var reading in Readings(text))
                if (validator.Validate(schema, reading, location).Count == 0) return Array.Empty<string>();
            return asText;
        }

        private static IEnumerable<JToken> Readings(string text)
        {
            if (Booleans.TryGetValue(text.Trim(), out var b)) yield return new JValue(b);
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) yield return new JValue(l);
            else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !double.IsInfinity(d))
                yield return new JValue(d);
        }

        /// <summary>Query parameters by decoded name, each with its decoded values in order.</summary>
        public static Dictionary<string, List<string>> ParseQuery(string? queryString)
        {
            var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            if (string.IsNullOrEmpty(queryString)) return result;
            foreach (var pair in queryString!.TrimStart('?').Split('&'))
            {
                if (pair.Length == 0) continue;
                var eq = pair.IndexOf('=');
                var name = Decode(eq < 0 ? pair : pair.Substring(0, eq));
                var value = eq < 0 ? "" : Decode(pair.Substring(eq + 1));
                if (!result.TryGetValue(name, out var values)) result[name] = values = new List<string>();
                values.Add(value);
            }
            return result;
        }

        private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
    }
}
