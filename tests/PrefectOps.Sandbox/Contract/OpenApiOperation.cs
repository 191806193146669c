using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace PrefectOps.Sandbox.Contract
{
    /// <summary>One operation (method + path template) with its compiled parameter and body schemas.</summary>
    internal sealed class OpenApiOperation
    {
        private static readonly string[] HttpMethods = { "get", "put", "post", "delete", "options", "head", "patch", "trace" };

        public string Method { get; private set; } = "";
        public string Template { get; private set; } = "";
        public IReadOnlyList<OpenApiParameter> PathParameters { get; private set; } = Array.Empty<OpenApiParameter>();
        public IReadOnlyList<OpenApiParameter> QueryParameters { get; private set; } = Array.Empty<OpenApiParameter>();

        /// <summary>Whether the operation declares a request body at all.</summary>
        public bool HasBody { get; private set; }
        public bool BodyRequired { get; private set; }

        /// <summary>The application/json body schema; null when the body is not JSON (it is then not validated).</summary>
        public SchemaNode? JsonBodySchema { get; private set; }

        /// <summary>All operations of the document, keyed by path template, then upper-case method.</summary>
        public static Dictionary<string, Dictionary<string, OpenApiOperation>> ReadAll(JObject document, SchemaCompiler compiler)
        {
            var result = new Dictionary<string, Dictionary<string, OpenApiOperation>>(StringComparer.Ordinal);
            if (document["paths"] is not JObject paths) throw new FormatException("The OpenAPI document has no 'paths'.");
            foreach (var path in paths.Properties())
            {
                var byMethod = new Dictionary<string, OpenApiOperation>(StringComparer.Ordinal);
                var pathItem = (JObject)path.Value;
                var shared = pathItem["parameters"] as JArray; // path-level parameters apply to every operation
                foreach (var m in pathItem.Properties().Where(p => HttpMethods.Contains(p.Name)))
                    byMethod[m.Name.ToUpperInvariant()] = Read(m.Name.ToUpperInvariant(), path.Name, (JObject)m.Value, shared, compiler);
                result[path.Name] = byMethod;
            }
            return result;
        }

        private static OpenApiOperation Read(string method, string template, JObject op, JArray? shared, SchemaCompiler compiler)
        {
            var parameters = (shared ?? new JArray()).Concat(op["parameters"] as JArray ?? new JArray())
                .Select(p => OpenApiParameter.Read((JObject)p, compiler))
                .ToList();
            var body = op["requestBody"] as JObject;
            var json = body?["content"]?["application/json"]?["schema"];
            return new OpenApiOperation
            {
                Method = method,
                Template = template,
                PathParameters = parameters.Where(p => p.In == "path").ToArray(),
                QueryParameters = parameters.Where(p => p.In == "query").ToArray(),
                HasBody = body != null,
                BodyRequired = body?["required"]?.Type == JTokenType.Boolean && (bool)body["required"]!,
                JsonBodySchema = json == null ? null : compiler.Compile(json),
            };
        }
    }

    internal sealed class OpenApiParameter
    {
        public string Name { get; private set; } = "";
        public string In { get; private set; } = "";
        public bool Required { get; private set; }
        public SchemaNode Schema { get; private set; } = new SchemaNode();

        public static OpenApiParameter Read(JObject p, SchemaCompiler compiler) => new OpenApiParameter
        {
            Name = (string)p["name"]!,
            In = (string)p["in"]!,
            Required = p["required"]?.Type == JTokenType.Boolean && (bool)p["required"]!,
            Schema = p["schema"] is JToken s ? compiler.Compile(s) : new SchemaNode(),
        };
    }
}
