using System;
using System.Collections.Generic;
using Newtonsoft.Json.Linq;

namespace PrefectOps.Sandbox.Contract
{
    /// <summary>
    /// Which JSON Schema keywords the validator enforces, which it ignores on purpose (and why), and a walk that lists
    /// the keywords a document actually uses, so a new keyword in a future document cannot be skipped silently.
    /// </summary>
    public static class SchemaKeywords
    {
        public static readonly IReadOnlyCollection<string> Supported = new HashSet<string>(StringComparer.Ordinal)
        {
            "$ref", "type", "nullable", "properties", "required", "additionalProperties", "items", "prefixItems",
            "anyOf", "oneOf", "allOf", "enum", "const", "format",
            "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
            "minLength", "maxLength", "pattern", "minItems", "maxItems",
        };

        public static readonly IReadOnlyDictionary<string, string> Ignored = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["title"] = "documentation only",
            ["description"] = "documentation only",
            ["examples"] = "documentation only",
            ["example"] = "documentation only",
            ["default"] = "the server fills defaults in; a default never constrains what a client may send",
            ["deprecated"] = "deprecated fields are still accepted by the server",
            ["readOnly"] = "annotation only; pydantic does not reject such fields on input",
            ["writeOnly"] = "annotation only (3.x marks secret settings with it)",
            ["uniqueItems"] = "pydantic set fields accept duplicates and deduplicate them, so enforcing it would reject requests the server accepts",
            ["contentMediaType"] = "only on a multipart form field (flow run input upload); only JSON bodies are validated",
            ["min_items"] = "pydantic v1 spelling passed to FastAPI Body(**extra) on the pydantic v2 (3.x) server: it lands in json_schema_extra and is not enforced",
            ["max_items"] = "pydantic v1 spelling passed to FastAPI Body(**extra) on the pydantic v2 (3.x) server: it lands in json_schema_extra and is not enforced",
            ["env_names"] = "Prefect settings metadata (2.x), only on settings schemas in responses",
            ["supported_environment_variables"] = "Prefect settings metadata (3.x), only on settings schemas in responses",
            ["ignored"] = "Prefect settings metadata (2.x), only on settings schemas in responses",
        };

        /// <summary>Formats checked by <see cref="FormatChecks"/>; the others are listed in <see cref="IgnoredFormats"/>.</summary>
        public static readonly IReadOnlyCollection<string> CheckedFormats = new HashSet<string>(StringComparer.Ordinal)
        {
            "uuid", "date-time",
        };

        public static readonly IReadOnlyDictionary<string, string> IgnoredFormats = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["time-delta"] = "always on \"type\": \"number\" (seconds), which the type check covers",
            ["duration"] = "3.x only, on settings schemas in responses",
            ["uri"] = "only on response schemas (next_page, docs urls)",
            ["path"] = "any string is a path to pydantic",
            ["binary"] = "only on multipart form fields; only JSON bodies are validated",
            ["password"] = "pydantic SecretStr: any string",
        };

        /// <summary>Keywords whose value is one subschema.</summary>
        internal static readonly string[] SingleSubschema = { "items", "additionalProperties", "not" };

        /// <summary>Keywords whose value is an array of subschemas.</summary>
        internal static readonly string[] SubschemaArrays = { "anyOf", "oneOf", "allOf", "prefixItems" };

        /// <summary>Keywords whose value is a map of name to subschema.</summary>
        internal static readonly string[] SubschemaMaps = { "properties", "patternProperties", "$defs", "definitions" };

        /// <summary>
        /// Every keyword used in the document's schemas (components, parameters, request and response bodies), with
        /// the number of uses. Walks schema positions only: a property named "title" is not a keyword, nor is anything
        /// inside default, examples, enum or const.
        /// </summary>
        public static IReadOnlyDictionary<string, int> UsedIn(JObject document)
        {
            var used = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var schema in OpenApiDocumentSchemas.All(document)) Walk(schema, used);
            return used;
        }

        /// <summary>Every <c>format</c> value used in the document's schemas.</summary>
        public static IReadOnlyCollection<string> FormatsUsedIn(JObject document)
        {
            var formats = new HashSet<string>(StringComparer.Ordinal);
            foreach (var schema in OpenApiDocumentSchemas.All(document)) VisitSchemas(schema, s =>
            {
                if (s["format"] is JValue { Type: JTokenType.String } f) formats.Add((string)f!);
            });
            return formats;
        }

        private static void Walk(JToken schema, Dictionary<string, int> used) => VisitSchemas(schema, s =>
        {
            foreach (var property in s.Properties())
                used[property.Name] = used.TryGetValue(property.Name, out var n) ? n + 1 : 1;
        });

        internal static void VisitSchemas(JToken schema, Action<JObject> visit)
        {
            if (schema is not JObject obj) return; // boolean schemas have no keywords
            visit(obj);
            foreach (var k in SingleSubschema)
                if (obj[k] is JObject sub) VisitSchemas(sub, visit);
            foreach (var k in SubschemaArrays)
                if (obj[k] is JArray arr)
                    foreach (var sub in arr) VisitSchemas(sub, visit);
            if (obj["items"] is JArray tuple) // pydantic v1 tuples: items: [a, b]
                foreach (var sub in tuple) VisitSchemas(sub, visit);
            foreach (var k in SubschemaMaps)
                if (obj[k] is JObject map)
                    foreach (var p in map.Properties()) VisitSchemas(p.Value, visit);
        }
    }
}
