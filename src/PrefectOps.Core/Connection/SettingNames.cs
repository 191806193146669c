namespace PrefectOps.Core.Connection
{
    /// <summary>
    /// The Prefect client settings PrefectOps reads, by the names Prefect's own client reads them (Prefect 3.8's
    /// settings/models/api.py and client.py). Each is looked up in the environment, then in the active profile.
    /// </summary>
    public static class SettingNames
    {
        public const string ApiUrl = "PREFECT_API_URL";
        public const string ApiKey = "PREFECT_API_KEY";
        public const string AuthString = "PREFECT_API_AUTH_STRING";
        public const string CsrfSupportEnabled = "PREFECT_CLIENT_CSRF_SUPPORT_ENABLED";
        public const string CustomHeaders = "PREFECT_CLIENT_CUSTOM_HEADERS";
        public const string SslCertFile = "PREFECT_API_SSL_CERT_FILE";
        public const string TlsInsecureSkipVerify = "PREFECT_API_TLS_INSECURE_SKIP_VERIFY";
        public const string RequestTimeout = "PREFECT_API_REQUEST_TIMEOUT";
        public const string MaxRetries = "PREFECT_CLIENT_MAX_RETRIES";
        public const string RetryExtraCodes = "PREFECT_CLIENT_RETRY_EXTRA_CODES";
        public const string RetryJitterFactor = "PREFECT_CLIENT_RETRY_JITTER_FACTOR";

        /// <summary>Not a Prefect setting: the default of PREFECT_API_SSL_CERT_FILE, as in Prefect (and OpenSSL).</summary>
        public const string SystemSslCertFile = "SSL_CERT_FILE";
    }
}
