using System.Linq;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Errors;

namespace PrefectOps.Core.GraphQL
{
    /// <summary>Turns the `errors` of a GraphQL answer into a PrefectException with the server's message and a stable ErrorId.</summary>
    internal static class GraphQLErrors
    {
        /// <summary>Cloud 1.0's code for an internal failure it asks clients to retry.</summary>
        public const string ApiError = "API_ERROR";

        /// <summary>HTTP 400: the query did not parse or validate against the server's schema, or a variable did not coerce.</summary>
        public static PrefectException Validation(string operation, string endpoint, string? serverMessage, PrefectException inner) =>
            new PrefectException(ErrorIds.GraphQLValidationFailed, PrefectErrorKind.InvalidArgument,
                $"{operation} was rejected by the GraphQL schema of {endpoint} (HTTP 400): {serverMessage ?? "no message"}. " +
                "This server does not have what PrefectOps asked for: check that it is Prefect Server 1.x or Cloud 1.0, and report the message to the PrefectOps maintainers.",
                inner);

        /// <summary>HTTP 200 with `errors`: a resolver refused or failed.</summary>
        public static PrefectException FromResolver(string operation, string endpoint, JArray errors)
        {
            var first = errors.OfType<JObject>().FirstOrDefault();
            string code = (string?)first?["extensions"]?["code"] ?? "";
            string message = Message(errors);
            string where = $"{operation} on {endpoint}";
            switch (code)
            {
                case "UNAUTHENTICATED":
                    return new PrefectException(ErrorIds.AuthenticationFailed, PrefectErrorKind.Authentication,
                        $"{where}: the server refused the credentials ({message}). Check the API key given to Connect-Prefect or in PREFECT_API_KEY, and -TenantId.");
                case "FORBIDDEN":
                    return new PrefectException(ErrorIds.PermissionDenied, PrefectErrorKind.PermissionDenied,
                        $"{where}: permission denied ({message}). Check that the API key's role may do this in this tenant.");
                case ApiError:
                    return new PrefectException(ErrorIds.ServerError, PrefectErrorKind.ServerError, $"{where} failed on the server: {message}");
                case "VERSION_LOCKING_ERROR":
                    return new PrefectException(ErrorIds.VersionConflict, PrefectErrorKind.ResourceBusy,
                        $"{where}: the object changed since it was read ({message}). Run the command again.");
            }
            // Server raises ValueError for business rules ("Flow ... not found", "Can not schedule a flow that has required parameters.").
            var kind = message.IndexOf("not found", System.StringComparison.OrdinalIgnoreCase) >= 0 ? PrefectErrorKind.NotFound : PrefectErrorKind.InvalidOperation;
            return new PrefectException(ErrorIds.GraphQLError, kind, $"{where} was refused: {message}");
        }

        public static bool IsRetryable(JArray errors) =>
            errors.OfType<JObject>().Any(e => (string?)e["extensions"]?["code"] == ApiError);

        /// <summary>The messages of every error, with the path of the field that failed.</summary>
        public static string Message(JArray errors)
        {
            var parts = errors.OfType<JObject>().Select(e =>
            {
                string text = (string?)e["message"] ?? e.ToString(Newtonsoft.Json.Formatting.None);
                var path = (e["path"] as JArray)?.Select(p => p.ToString()).ToArray();
                return path != null && path.Length > 0 ? $"{text} (at {string.Join(".", path)})" : text;
            }).ToArray();
            string all = parts.Length == 0 ? "no message" : string.Join("; ", parts);
            return all.Length <= 500 ? all : all.Substring(0, 500) + "…";
        }
    }
}
