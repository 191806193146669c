using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Errors;
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
            var http = new PrefectHttpClient(settings.ApiUrl, settings.ApiKey, settings.Http, log);
            try
            {
                if (settings.Backend != BackendKind.GraphQL)
                {
                    var rest = await TryRestAsync(http, log, ct).ConfigureAwait(false);
                    if (rest != null) return new PrefectConnection(settings, rest);
                }
                if (settings.Backend != BackendKind.Rest && await IsPrefect1Async(http, ct).ConfigureAwait(false))
                {
                    throw new PrefectException(ErrorIds.BackendNotSupported, PrefectErrorKind.NotSupported,
                        $"{settings.ApiUrl} is a Prefect 1 (GraphQL) server. This version of PrefectOps works with Prefect 2.x and 3.x; the Prefect 1 backend is not available yet.");
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

        private static async Task<bool> IsPrefect1Async(PrefectHttpClient http, CancellationToken ct)
        {
            string path = http.ApiRoot.AbsolutePath.EndsWith("/graphql", StringComparison.OrdinalIgnoreCase) ? "" : "/graphql";
            try
            {
                // A read; repeating it is harmless.
                var answer = await http.PostAsync(path, new JObject { ["query"] = "query { api { backend version } }" }, RetrySafety.Idempotent, ct).ConfigureAwait(false);
                return answer?["data"]?["api"]?["backend"] != null;
            }
            catch (PrefectApiException ex) when (ex.Kind != PrefectErrorKind.Authentication && ex.Kind != PrefectErrorKind.PermissionDenied)
            {
                return false;
            }
        }

        internal static int? MajorOf(string version)
        {
            int dot = version.IndexOf('.');
            return int.TryParse(dot > 0 ? version.Substring(0, dot) : version, out int major) ? major : (int?)null;
        }

        private static PrefectException NotPrefect(Uri url, BackendKind asked) =>
            new PrefectException(ErrorIds.NotAPrefectServer, PrefectErrorKind.InvalidResult,
                $"{url} answered, but not as a Prefect {(asked == BackendKind.GraphQL ? "1 GraphQL" : asked == BackendKind.Rest ? "2.x/3.x REST" : "")} API. " +
                "Check the URL: a local Prefect 2.x/3.x server's API root is http://<host>:4200/api, Prefect Cloud's is https://api.prefect.cloud/api/accounts/<account>/workspaces/<workspace>, a Prefect 1 server's is http://<host>:4200/graphql.");
    }
}
