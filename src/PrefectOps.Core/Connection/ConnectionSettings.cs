using System;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Http;

namespace PrefectOps.Core.Connection
{
    /// <summary>What a connection is made from: URL, credentials, backend choice, HTTP behaviour, and where each came from.</summary>
    public sealed class ConnectionSettings
    {
        public ConnectionSettings(Uri apiUrl, ApiKey? apiKey = null, BackendKind backend = BackendKind.Auto,
            ConnectionSource source = ConnectionSource.Explicit, string? profileName = null, AuthString? authString = null)
        {
            ApiUrl = apiUrl;
            ApiKey = apiKey;
            AuthString = authString;
            Backend = backend;
            Source = source;
            ProfileName = profileName;
        }

        public Uri ApiUrl { get; }
        public ApiKey? ApiKey { get; }
        public AuthString? AuthString { get; }
        public BackendKind Backend { get; }
        public ConnectionSource Source { get; }
        public string? ProfileName { get; }
        public HttpOptions Http { get; set; } = new HttpOptions();

        /// <summary>The credential sent: the auth string when there is one, else the API key (Prefect's client does the same).</summary>
        public Secret? Credential => (Secret?)AuthString ?? ApiKey;

        /// <summary>Each setting and where it came from, for Connect-Prefect -PassThru; empty for settings built in code.</summary>
        public System.Collections.Generic.IReadOnlyList<SettingOrigin> Origins { get; internal set; } = Array.Empty<SettingOrigin>();

        /// <summary>Checks a user's URL before any request: absolute, http(s), no credentials in it.</summary>
        public static Uri ParseApiUrl(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
                throw new PrefectException(ErrorIds.InvalidApiUrl, PrefectErrorKind.InvalidArgument, "The Prefect API URL is empty.");
            string trimmed = text!.Trim();
            if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(uri.Host))
                throw new PrefectException(ErrorIds.InvalidApiUrl, PrefectErrorKind.InvalidArgument,
                    $"'{trimmed}' is not an http:// or https:// URL. Give the API root with its scheme, e.g. http://127.0.0.1:4200/api or https://api.prefect.cloud/api/accounts/<account>/workspaces/<workspace>.");
            if (!string.IsNullOrEmpty(uri.UserInfo))
                throw new PrefectException(ErrorIds.InvalidApiUrl, PrefectErrorKind.InvalidArgument,
                    "The API URL must not contain credentials; give an auth string with -Credential or PREFECT_API_AUTH_STRING, a key with -ApiKey or PREFECT_API_KEY.");
            // Keep the path as given (Cloud's is long) but without a trailing slash, so paths join cleanly.
            var builder = new UriBuilder(uri) { Path = uri.AbsolutePath.TrimEnd('/'), Query = "", Fragment = "" };
            return builder.Uri;
        }

        public override string ToString() =>
            $"{ApiUrl} ({Backend}, from {Source}{(AuthString != null ? ", with auth string" : ApiKey != null ? ", with API key" : "")})";
    }
}
