using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Errors;
using PrefectOps.Core.GraphQL;
using PrefectOps.Core.Http;
using PrefectOps.Core.Rest;

namespace PrefectOps.Core.Connection
{
    /// <summary>
    /// Tells Prefect 2.x/3.x (REST: `GET /health` answers true) from Prefect 1 (GraphQL: `query { api { backend version } }`)
    /// and from things that are not Prefect at all, and reads the versions.
    /// </summary>
    internal static class BackendDetector
    {
        public static async Task<PrefectConnection> ConnectAsync(ConnectionSettings settings, IOperationLog log, CancellationToken ct)
        {
            var http = new PrefectHttpClient(settings.ApiUrl, settings.Credential, settings.Http);
            try
            {
                if (settings.Backend != BackendKind.GraphQL)
                {
                    var rest = await TryRestAsync(http, log, ct).ConfigureAwait(false);
                    if (rest != null) return new PrefectConnection(settings, rest);
                }
                if (settings.Backend != BackendKind.Rest)
                {
                    var prefect1 = await TryPrefect1Async(http, settings.Http, log, ct).ConfigureAwait(false);
                    if (prefect1 != null) return new PrefectConnection(settings, prefect1);
                }
                throw NotPrefect(settings.ApiUrl, settings.Backend);
            }
            catch
            {
                http.Dispose();
                throw;
            }
        }

        private static async Task<RestBackend?> TryRestAsync(PrefectHttpClient http, IOperationLog log, CancellationToken ct)
        {
            JToken? health;
            try
            {
                health = await http.GetAsync("/health", ct).ConfigureAwait(false);
            }
            catch (PrefectApiException ex) when (ex.Kind == PrefectErrorKind.NotFound || ex.Kind == PrefectErrorKind.InvalidArgument
                                                 || ex.ErrorId == ErrorIds.MalformedResponse)
            {
                return null;
            }
            if (health == null || health.Type != JTokenType.Boolean || !(bool)health) return null;

            string apiVersion = await ReadVersionAsync(http, "/version", ct).ConfigureAwait(false) ?? "unknown";
            // Prefect Cloud has no /admin/version; the API version then tells 2.x ("0.8.x") from 3.x.
            string serverVersion = await ReadVersionAsync(http, "/admin/version", ct).ConfigureAwait(false) ?? "unknown";
            int major = MajorOf(serverVersion) ?? (apiVersion.StartsWith("0.", StringComparison.Ordinal) ? 2 : MajorOf(apiVersion) ?? 3);
            if (major < 2) major = 3;
            log.Verbose($"Connected to Prefect {serverVersion} (REST API {apiVersion}) at {http.ApiRoot}.");
            return new RestBackend(http, serverVersion, apiVersion, major);
        }

        private static async Task<string?> ReadVersionAsync(PrefectHttpClient http, string path, CancellationToken ct)
        {
            try
            {
                var answer = await http.GetAsync(path, ct).ConfigureAwait(false);
                return answer?.Type == JTokenType.String ? (string?)answer : null;
            }
            catch (PrefectApiException ex) when (ex.Kind == PrefectErrorKind.NotFound || ex.Kind == PrefectErrorKind.PermissionDenied)
            {
                return null;
            }
        }

        private static async Task<Prefect1Backend?> TryPrefect1Async(PrefectHttpClient http, HttpOptions options, IOperationLog log, CancellationToken ct)
        {
            var gql = new GraphQLClient(http, options);
            JObject data;
            try
            {
                data = await gql.QueryAsync("query PrefectOpsDetect { api { backend version core_version } }", null, ct).ConfigureAwait(false);
            }
            catch (PrefectException ex) when (ex.Kind != PrefectErrorKind.Authentication && ex.Kind != PrefectErrorKind.PermissionDenied
                                             && ex.Kind != PrefectErrorKind.ConnectionError && ex.Kind != PrefectErrorKind.OperationTimeout)
            {
                // Not GraphQL, or GraphQL without Prefect 1's `api` field.
                return null;
            }
            var api = data["api"] as JObject;
            string? backend = (string?)api?["backend"];
            if (backend == null) return null;
            string version = (string?)api!["version"] ?? "unknown";
            string core = (string?)api["core_version"] ?? "unknown";
            bool cloud = string.Equals(backend, "CLOUD", StringComparison.OrdinalIgnoreCase);
            log.Verbose($"Connected to Prefect 1 {(cloud ? "Cloud" : "Server")} {version} (Core {core}) at {gql.Endpoint}.");
            return new Prefect1Backend(gql, version, core, cloud);
        }

        internal static int? MajorOf(string version)
        {
            int dot = version.IndexOf('.');
            return int.TryParse(dot > 0 ? version.Substring(0, dot) : version, out int major) ? major : (int?)null;
        }

        private static PrefectException NotPrefect(Uri url, BackendKind asked) =>
            new PrefectException(ErrorIds.NotAPrefectServer, PrefectErrorKind.InvalidResult,
                $"{url} answered, but not as a Prefect {(asked == BackendKind.GraphQL ? "1 GraphQL" : asked == BackendKind.Rest ? "2.x/3.x REST" : "")} API. " +
                "Check the URL: a local Prefect 2.x/3.x server's API root is http://<host>:4200/api, Prefect Cloud's is https://api.prefect.cloud/api/accounts/<account>/workspaces/<workspace>, a Prefect 1 server's is http://<host>:4200 or http://<host>:4200/graphql, Prefect Cloud 1.0's https://api.prefect.io.");
    }
}
