using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace PrefectOps.Sandbox.Contract
{
    /// <summary>
    /// Checks requests against the real server's OpenAPI document: path and method exist, path parameters have the
    /// declared format, and the JSON body matches the request body schema.
    /// </summary>
    /// <remarks>
    /// Not checked, on purpose: headers (none is required by Prefect), unknown query parameters (FastAPI ignores them),
    /// non-JSON bodies, responses, and whatever pydantic validators enforce beyond the schema (cron syntax, tzdata
    /// names, 2.x's non-negative work queue limits, the handler's limit &lt;= 200). See <see cref="SchemaKeywords"/>.
    /// </remarks>
    public sealed class OpenApiContract
    {
        private static readonly ConcurrentDictionary<int, Lazy<OpenApiContract>> ByMajor = new ConcurrentDictionary<int, Lazy<OpenApiContract>>();

        private readonly Dictionary<string, Dictionary<string, OpenApiOperation>> _operations;
        private readonly PathTemplateMatcher _matcher;
        private readonly JsonSchemaValidator _validator;

        private OpenApiContract(JObject document)
        {
            var compiler = new SchemaCompiler(document);
            compiler.CompileAllComponents();
            _operations = OpenApiOperation.ReadAll(document, compiler);
            _matcher = new PathTemplateMatcher(_operations.Keys);
            // A document without a single nullable schema comes from pydantic v1 (the 2.x server), which drops Optional.
            IsPydanticV1Document = !compiler.SawNullType;
            _validator = new JsonSchemaValidator(optionalPropertiesAcceptNull: IsPydanticV1Document);
        }

        /// <summary>Loads ../shared/prefect-api/prefect2-openapi-2.19.9.json (major 2) or prefect3-openapi-3.8.json (major 3).</summary>
        public static OpenApiContract ForMajorVersion(int major)
        {
            var path = SharedApiDocs.OpenApiDocumentPath(major); // throws for majors without a document, before caching
            // Cached per process: the 3.x document is 1.2 MB and every sandbox request is checked.
            return ByMajor.GetOrAdd(major, _ => new Lazy<OpenApiContract>(() => Load(path))).Value;
        }

        public static OpenApiContract Load(string openApiJsonPath) => Parse(File.ReadAllText(openApiJsonPath));

        /// <summary>A contract from the text of an OpenAPI 3.x document.</summary>
        public static OpenApiContract Parse(string openApiJson) => new OpenApiContract((JObject)ParseJson(openApiJson));

        /// <summary>True for documents written by pydantic v1, whose optional properties also accept null.</summary>
        public bool IsPydanticV1Document { get; }

        public IReadOnlyCollection<string> PathTemplates => _operations.Keys;

        /// <summary>Whether the document declares <paramref name="method"/> on the exact path template.</summary>
        public bool HasOperation(string method, string pathTemplate) =>
            _operations.TryGetValue(pathTemplate, out var byMethod) && byMethod.ContainsKey(method.ToUpperInvariant());

        /// <summary>
        /// Violations for one request (empty when it conforms). <paramref name="path"/> is relative to the API root,
        /// e.g. "/deployments/filter" or "/deployments/0b6c.../set_schedule_inactive".
        /// </summary>
        public IReadOnlyList<string> Validate(string method, string path, string? queryString, string? body)
        {
            method = method.ToUpperInvariant();
            var q = path.IndexOf('?');
            if (q >= 0)
            {
                queryString ??= path.Substring(q + 1);
                path = path.Substring(0, q);
            }
            var prefix = $"{method} {path}: ";
            var errors = new List<string>();
            if (!path.StartsWith("/", StringComparison.Ordinal))
            {
                errors.Add(prefix + "the path must start with '/' (it is relative to the API root)");
                return errors;
            }

            var matches = _matcher.FindAll(path);
            if (matches.Count == 0)
            {
                errors.Add(prefix + "no such path in the OpenAPI document");
                return errors;
            }
            var match = matches.FirstOrDefault(m => _operations[m.Template].ContainsKey(method));
            if (match == null)
            {
                var allowed = string.Join(", ", _operations[matches[0].Template].Keys.OrderBy(k => k, StringComparer.Ordinal));
                errors.Add(prefix + $"method not allowed on {matches[0].Template} (allowed: {allowed})");
                return errors;
            }
            var operation = _operations[match.Template][method];

            foreach (var parameter in operation.PathParameters)
            {
                if (!match.Parameters.TryGetValue(parameter.Name, out var value))
                    errors.Add(prefix + $"path.{parameter.Name}: the template {match.Template} has no such segment");
                else
                    Add(errors, prefix, ParameterValues.Validate(_validator, parameter.Schema, value, "path." + parameter.Name));
            }

            var query = ParameterValues.ParseQuery(queryString);
            foreach (var parameter in operation.QueryParameters)
            {
                // Unknown query parameters are not flagged: FastAPI ignores them.
                if (!query.TryGetValue(parameter.Name, out var values))
                {
                    if (parameter.Required) errors.Add(prefix + $"query.{parameter.Name}: required query parameter is missing");
                    continue;
                }
                // A scalar parameter sent twice: FastAPI takes the last value.
                Add(errors, prefix, ParameterValues.Validate(_validator, parameter.Schema, values[values.Count - 1], "query." + parameter.Name));
            }

            ValidateBody(operation, body, prefix, errors);
            return errors;
        }

        private void ValidateBody(OpenApiOperation operation, string? body, string prefix, List<string> errors)
        {
            var empty = string.IsNullOrWhiteSpace(body);
            if (!operation.HasBody)
            {
                // FastAPI would ignore it; a client sending one has misunderstood the endpoint, so it is flagged.
                if (!empty) errors.Add(prefix + "body: this operation takes no request body");
                return;
            }
            if (empty)
            {
                if (operation.BodyRequired) errors.Add(prefix + "body: a request body is required");
                return;
            }

            JToken json;
            try
            {
                json = ParseJson(body!);
            }
            catch (Exception e) when (e is JsonException || e is System.Text.Json.JsonException)
            {
                errors.Add(prefix + "body: not valid JSON: " + e.Message);
                return;
            }

            // FastAPI reads a JSON null body as no body.
            if (json.Type == JTokenType.Null)
            {
                if (operation.BodyRequired) errors.Add(prefix + "body: a request body is required (got null)");
                return;
            }
            if (operation.JsonBodySchema != null)
                Add(errors, prefix, _validator.Validate(operation.JsonBodySchema, json, "body"));
        }

        private static void Add(List<string> errors, string prefix, IReadOnlyList<string> found)
        {
            foreach (var e in found) errors.Add(prefix + e);
        }

        /// <summary>
        /// Strict JSON (System.Text.Json rejects the single quotes, comments and bare names Newtonsoft tolerates and
        /// Python's json does not), then a JToken with date-like strings left as strings.
        /// </summary>
        internal static JToken ParseJson(string text)
        {
            using (System.Text.Json.JsonDocument.Parse(text)) { }
            using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None };
            return JToken.ReadFrom(reader);
        }
    }
}
