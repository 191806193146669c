using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Errors;

namespace PrefectOps.Core.Connection
{
    /// <summary>
    /// Reads a setting's value the way Prefect's pydantic settings do: text from the environment, or a TOML value
    /// (string, bool, integer, float, array, inline table) from a profile. A value that does not fit is an error naming
    /// the setting and where it came from, never the value (it may be a secret).
    /// </summary>
    internal static class SettingParser
    {
        // pydantic's lax bool: these words, any case.
        private static readonly string[] TrueWords = { "true", "1", "yes", "on", "t", "y" };
        private static readonly string[] FalseWords = { "false", "0", "no", "off", "f", "n" };

        public static bool Bool(RawSetting raw)
        {
            switch (raw.Value)
            {
                case bool b: return b;
                case long l when l == 0 || l == 1: return l == 1;
                case string s:
                    string word = s.Trim().ToLowerInvariant();
                    if (TrueWords.Contains(word)) return true;
                    if (FalseWords.Contains(word)) return false;
                    break;
            }
            throw Invalid(raw, "true or false");
        }

        public static double Number(RawSetting raw, double min, bool minIncluded, string expected)
        {
            double value;
            switch (raw.Value)
            {
                case long l: value = l; break;
                case double d: value = d; break;
                case string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed): value = parsed; break;
                default: throw Invalid(raw, expected);
            }
            if (double.IsNaN(value) || double.IsInfinity(value) || value < min || (!minIncluded && value == min)) throw Invalid(raw, expected);
            return value;
        }

        public static int Integer(RawSetting raw, int min, string expected)
        {
            long value;
            switch (raw.Value)
            {
                case long l: value = l; break;
                case string s when long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed): value = parsed; break;
                default: throw Invalid(raw, expected);
            }
            if (value < min || value > int.MaxValue) throw Invalid(raw, expected);
            return (int)value;
        }

        /// <summary>PREFECT_CLIENT_RETRY_EXTRA_CODES: "404,429" as text, one integer, or an array of them; each 100..599.</summary>
        public static ISet<int> StatusCodes(RawSetting raw)
        {
            const string expected = "HTTP status codes (100-599) separated by commas, e.g. 500,504";
            IEnumerable<object> items = raw.Value switch
            {
                string s => s.Split(',').Select(part => (object)part.Trim()),
                long l => new object[] { l },
                IEnumerable list => list.Cast<object>(),
                _ => throw Invalid(raw, expected),
            };
            var codes = new HashSet<int>();
            foreach (var item in items)
            {
                var code = Integer(new RawSetting(raw.Name, item, raw.Source, raw.From), 100, expected);
                if (code > 599) throw Invalid(raw, expected);
                codes.Add(code);
            }
            return codes;
        }

        /// <summary>PREFECT_CLIENT_CUSTOM_HEADERS: a JSON object of strings as text, or a TOML inline table.</summary>
        public static IDictionary<string, string> Headers(RawSetting raw)
        {
            const string expected = "a JSON object of header names and string values, e.g. {\"X-Gateway-Team\": \"dba\"}";
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            IEnumerable<KeyValuePair<string, object?>> pairs;
            if (raw.Value is string text)
            {
                JObject json;
                try { json = JObject.Parse(text); }
                catch (JsonException) { throw Invalid(raw, expected); }
                pairs = json.Properties().Select(p => new KeyValuePair<string, object?>(p.Name, p.Value.Type == JTokenType.String ? (string?)p.Value : null));
            }
            else if (raw.Value is IDictionary<string, object> table)
            {
                pairs = table.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value));
            }
            else throw Invalid(raw, expected);

            foreach (var pair in pairs)
            {
                if (!(pair.Value is string value) || string.IsNullOrWhiteSpace(pair.Key)) throw Invalid(raw, expected);
                headers[pair.Key.Trim()] = value;
            }
            return headers;
        }

        public static string Text(RawSetting raw) =>
            raw.Value as string ?? throw Invalid(raw, "text");

        private static PrefectException Invalid(RawSetting raw, string expected) =>
            new PrefectException(ErrorIds.InvalidSetting, PrefectErrorKind.InvalidArgument,
                $"{raw.Name} from {Describe(raw)} is not {expected}.");

        internal static string Describe(RawSetting raw) => raw.Source switch
        {
            ConnectionSource.Environment => "the environment",
            ConnectionSource.Profile => "the " + raw.From,
            ConnectionSource.Explicit => "the parameter " + raw.From,
            _ => raw.From,
        };
    }
}
