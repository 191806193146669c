using System;
using System.Linq;
using System.Net;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Errors;

namespace PrefectOps.Core.Http
{
    /// <summary>Turns a failed HTTP answer into a PrefectApiException with the server's own reason.</summary>
    internal static class ErrorTranslator
    {
        /// <param name="credentialAdvice">What to check about the credentials sent (or not sent), for a 401.</param>
        public static PrefectApiException FromResponse(Uri apiRoot, string method, string path, HttpStatusCode status, string? body,
            string credentialAdvice = "Check the API key given to Connect-Prefect or in PREFECT_API_KEY, and that the URL names the right account and workspace.")
        {
            string? detail = ExtractDetail(body);
            string where = $"{method} {path} on {apiRoot}";
            string reason = detail != null ? $": {detail}" : ".";
            // Advice follows the reason in the 401 and 403 messages: end the reason as a sentence first.
            string sentence = detail != null && !detail.TrimEnd().EndsWith(".", StringComparison.Ordinal) ? reason + "." : reason;
            int code = (int)status;

            switch (code)
            {
                case 401:
                    return new PrefectApiException(ErrorIds.AuthenticationFailed, PrefectErrorKind.Authentication,
                        $"The Prefect server at {apiRoot} refused the credentials (401){sentence} {credentialAdvice}",
                        status, method, path, detail);
                case 403:
                    return new PrefectApiException(ErrorIds.PermissionDenied, PrefectErrorKind.PermissionDenied,
                        $"The Prefect server at {apiRoot} denied {method} {path} (403){sentence} " +
                        (CsrfTokens.IsRefusal(code, detail)
                            ? "The server has CSRF protection on (PREFECT_SERVER_CSRF_PROTECTION_ENABLED): leave PREFECT_CLIENT_CSRF_SUPPORT_ENABLED at its default, true, so PrefectOps answers it with tokens."
                            : "Check that the API key's role may do this."),
                        status, method, path, detail);
                case 404:
                    return new PrefectApiException(ErrorIds.ObjectNotFound, PrefectErrorKind.NotFound,
                        $"{where}: not found (404){reason}", status, method, path, detail);
                case 422:
                case 400:
                case 409:
                    return new PrefectApiException(ErrorIds.RequestRejected, PrefectErrorKind.InvalidArgument,
                        $"{where} was rejected ({code}){reason}", status, method, path, detail);
                case 429:
                    return new PrefectApiException(ErrorIds.RateLimited, PrefectErrorKind.ResourceBusy,
                        $"{where}: the server kept rate-limiting the request (429) after every retry{reason}", status, method, path, detail);
                default:
                    return new PrefectApiException(ErrorIds.ServerError, PrefectErrorKind.ServerError,
                        $"{where} failed ({code}){reason}", status, method, path, detail);
            }
        }

        /// <summary>Prefect answers with `detail` (string, list or object) or `exception_message` + `exception_detail`.</summary>
        internal static string? ExtractDetail(string? body)
        {
            if (string.IsNullOrWhiteSpace(body)) return null;
            JToken token;
            try { token = JToken.Parse(body!); }
            catch (Newtonsoft.Json.JsonException) { return Truncate(body!.Trim()); }

            if (token is JObject obj)
            {
                if (obj["detail"] is JToken d) return Truncate(Flatten(d));
                if (obj["exception_message"] is JToken m)
                {
                    var parts = (obj["exception_detail"] as JArray)?.OfType<JObject>()
                        .Select(e => $"{string.Join(".", (e["loc"] as JArray)?.Select(l => l.ToString()) ?? Enumerable.Empty<string>())}: {e["msg"]}")
                        .ToArray();
                    return Truncate(parts != null && parts.Length > 0 ? $"{m} {string.Join("; ", parts)}" : m.ToString());
                }
                if (obj["errors"] is JArray errors)
                    return Truncate(string.Join("; ", errors.Select(e => (string?)e["message"] ?? e.ToString())));
            }
            return Truncate(Flatten(token));
        }

        private static string Flatten(JToken t) => t.Type switch
        {
            JTokenType.String => (string)t!,
            JTokenType.Array => string.Join("; ", t.Select(Flatten)),
            _ => t.ToString(Newtonsoft.Json.Formatting.None),
        };

        private static string Truncate(string s) => s.Length <= 500 ? s : s.Substring(0, 500) + "…";
    }
}
