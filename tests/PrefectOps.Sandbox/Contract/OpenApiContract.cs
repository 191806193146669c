using System;
using System.Collections.Generic;

namespace PrefectOps.Sandbox.Contract
{
    /// <summary>
    /// Checks requests against the real server's OpenAPI document: path and method exist, path parameters have the
    /// declared format, and the JSON body matches the request body schema.
    /// </summary>
    public sealed class OpenApiContract
    {
        /// <summary>Loads ../shared/prefect-api/prefect2-openapi-2.19.9.json (major 2) or prefect3-openapi-3.8.json (major 3).</summary>
        public static OpenApiContract ForMajorVersion(int major) => throw new NotImplementedException();

        public static OpenApiContract Load(string openApiJsonPath) => throw new NotImplementedException();

        /// <summary>
        /// Violations for one request (empty when it conforms). <paramref name="path"/> is relative to the API root,
        /// e.g. "/deployments/filter" or "/deployments/0b6c.../set_schedule_inactive".
        /// </summary>
        public IReadOnlyList<string> Validate(string method, string path, string? queryString, string? body)
            => throw new NotImplementedException();
    }
}
