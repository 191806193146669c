using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace PrefectOps.Sandbox.Contract
{
    /// <summary>
    /// Compiles JSON Schema objects into <see cref="SchemaNode"/>s once. Each <c>#/components/schemas/X</c> becomes one
    /// node, registered before its body is compiled, so cycles resolve to the node itself.
    /// </summary>
    public sealed class SchemaCompiler
    {
        private const string ComponentPrefix = "#/components/schemas/";

        private readonly JObject? _components;
        private readonly Dictionary<string, SchemaNode> _byRef = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);

        /// <param name="document">The OpenAPI document, for <c>$ref</c>s; null for standalone schemas without refs.</param>
        public SchemaCompiler(JObject? document)
        {
            _components = document?["components"]?["schemas"] as JObject;
        }

        /// <summary>True once any compiled schema allowed null (type "null" or nullable); pydantic v1 documents never do.</summary>
        public bool SawNullType { get; private set; }

        public SchemaNode Compile(JToken schema)
        {
            var node = new SchemaNode();
            Populate(node, schema);
            return node;
        }

        public SchemaNode Component(string name) => Resolve(ComponentPrefix + name);

        /// <summary>Compiles every component, so loading fails early on a bad schema and validation never compiles.</summary>
        public void CompileAllComponents()
        {
            if (_components == null) return;
            foreach (var p in _components.Properties()) Component(p.Name);
        }

        private SchemaNode Resolve(string reference)
        {
            if (_byRef.TryGetValue(reference, out var known)) return known;
            if (!reference.StartsWith(ComponentPrefix, StringComparison.Ordinal))
                throw new NotSupportedException($"Unsupported $ref '{reference}': only {ComponentPrefix}... is used by Prefect.");
            var name = reference.Substring(ComponentPrefix.Length);
            var target = _components?[name]
                ?? throw new KeyNotFoundException($"$ref '{reference}' names no schema in the document.");
            var node = new SchemaNode { Name = name };
            _byRef.Add(reference, node); // before compiling the body: a self-reference finds this node
            Populate(node, target);
            return node;
        }

        private void Populate(SchemaNode node, JToken schema)
        {
            if (schema.Type == JTokenType.Boolean)
            {
                node.RejectsEverything = !(bool)schema;
                return;
            }
            if (schema is not JObject s) throw new FormatException($"A schema must be an object or a boolean, got {schema.Type} at {schema.Path}.");

            if (s["$ref"] is JValue r) node.Ref = Resolve((string)r!);

            switch (s["type"])
            {
                case JValue t: node.Types = JsonTypeNames.Parse((string)t!); break;
                case JArray ts: node.Types = ts.Aggregate(JsonTypes.None, (acc, t) => acc | JsonTypeNames.Parse((string)t!)); break;
            }
            // OpenAPI 3.0 form; 3.1 documents say type: [..., "null"] instead.
            if (s["nullable"]?.Type == JTokenType.Boolean && (bool)s["nullable"]! && node.Types != JsonTypes.None)
                node.Types |= JsonTypes.Null;
            if ((node.Types & JsonTypes.Null) != 0) SawNullType = true;

            if (s["properties"] is JObject props)
                node.Properties = props.Properties().ToDictionary(p => p.Name, p => Compile(p.Value), StringComparer.Ordinal);
            if (s["required"] is JArray req) node.Required = req.Select(x => (string)x!).ToArray();

            switch (s["additionalProperties"])
            {
                case JValue b when b.Type == JTokenType.Boolean: node.AdditionalPropertiesAllowed = (bool)b; break;
                case JObject a: node.AdditionalProperties = Compile(a); break;
            }

            // Pydantic v1 writes tuples in the draft-04 form, items: [a, b]; that is prefixItems in 3.1 terms.
            if (s["items"] is JArray tuple) node.PrefixItems = tuple.Select(Compile).ToArray();
            else if (s["items"] is JToken items) node.Items = Compile(items);
            else if (s["prefixItems"] is JArray prefix) node.PrefixItems = prefix.Select(Compile).ToArray();

            node.AnyOf = CompileList(s["anyOf"]);
            node.OneOf = CompileList(s["oneOf"]);
            node.AllOf = CompileList(s["allOf"]);

            if (s["enum"] is JArray e) node.Enum = e.ToArray();
            if (s.TryGetValue("const", out var c)) node.Const = c;

            if (s["format"] is JValue f) node.Format = (string)f!;

            node.Minimum = Number(s["minimum"]);
            node.Maximum = Number(s["maximum"]);
            // 3.1 (and pydantic v2) write exclusiveMinimum: 0.0; OpenAPI 3.0 writes minimum: 0 + exclusiveMinimum: true.
            node.ExclusiveMinimum = ExclusiveBound(s["exclusiveMinimum"], node.Minimum, out var minIsExclusive);
            if (minIsExclusive) node.Minimum = null;
            node.ExclusiveMaximum = ExclusiveBound(s["exclusiveMaximum"], node.Maximum, out var maxIsExclusive);
            if (maxIsExclusive) node.Maximum = null;

            node.MinLength = Integer(s["minLength"]);
            node.MaxLength = Integer(s["maxLength"]);
            if (s["pattern"] is JValue pattern)
                node.Pattern = new Regex((string)pattern!, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            node.MinItems = Integer(s["minItems"]);
            node.MaxItems = Integer(s["maxItems"]);
        }

        private IReadOnlyList<SchemaNode>? CompileList(JToken? token) =>
            token is JArray arr ? arr.Select(Compile).ToArray() : null;

        private static double? Number(JToken? token) =>
            token != null && (token.Type == JTokenType.Integer || token.Type == JTokenType.Float) ? (double)token : (double?)null;

        private static int? Integer(JToken? token) => Number(token) is double d ? (int)d : (int?)null;

        private static double? ExclusiveBound(JToken? token, double? inclusive, out bool booleanForm)
        {
            booleanForm = false;
            if (token == null) return null;
            if (token.Type == JTokenType.Boolean)
            {
                booleanForm = (bool)token && inclusive.HasValue;
                return booleanForm ? inclusive : null;
            }
            return Number(token);
        }
    }
}
