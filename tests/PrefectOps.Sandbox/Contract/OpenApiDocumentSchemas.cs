using System.Collections.Generic;
using Newtonsoft.Json.Linq;

namespace PrefectOps.Sandbox.Contract
{
    /// <summary>The root schemas of an OpenAPI document: components, parameters, request and response bodies.</summary>
    internal static class OpenApiDocumentSchemas
    {
        public static IEnumerable<JToken> All(JObject document)
        {
            if (document["components"]?["schemas"] is JObject components)
                foreach (var p in components.Properties()) yield return p.Value;

            if (document["paths"] is not JObject paths) yield break;
            foreach (var path in paths.Properties())
            {
                if (path.Value is not JObject operations) continue;
                foreach (var operation in operations.Properties())
                {
                    if (operation.Value is not JObject op) continue;
                    if (op["parameters"] is JArray parameters)
                        foreach (var parameter in parameters)
                            if (parameter["schema"] is JToken s) yield return s;
                    foreach (var s in ContentSchemas(op["requestBody"]?["content"])) yield return s;
                    if (op["responses"] is JObject responses)
                        foreach (var response in responses.Properties())
                            foreach (var s in ContentSchemas(response.Value["content"])) yield return s;
                }
            }
        }

        private static IEnumerable<JToken> ContentSchemas(JToken? content)
        {
            if (content is not JObject c) yield break;
            foreach (var mediaType in c.Properties())
                if (mediaType.Value["schema"] is JToken s) yield return s;
        }
    }
}
