using System;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using PrefectOps.Completion;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Http;
using PrefectOps.Infrastructure;

namespace PrefectOps.Commands
{
    /// <summary>Connects to a Prefect server and makes it this session's default.</summary>
    [Cmdlet(VerbsCommunications.Connect, "Prefect")]
    [OutputType(typeof(PrefectConnection))]
    public sealed class ConnectPrefectCommand : PrefectCmdlet
    {
        /// <summary>The API root, e.g. http://127.0.0.1:4200/api (Prefect 1: http://127.0.0.1:4200 or .../graphql). Left out: PREFECT_API_URL, the active Prefect profile, then the local default.</summary>
        [Parameter(Position = 0)]
        [Alias("Url")]
        public string? ApiUrl { get; set; }

        /// <summary>A Prefect Cloud API key (PREFECT_API_KEY).</summary>
        [Parameter]
        public SecureString? ApiKey { get; set; }

        /// <summary>
        /// The auth string of a self-hosted Prefect 3 server started with PREFECT_SERVER_API_AUTH_STRING (PREFECT_API_AUTH_STRING),
        /// as user name and password: `admin:pass` is -Credential with user admin and password pass. Wins over -ApiKey.
        /// </summary>
        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>Extra headers for every request, e.g. for a gateway in front of the server (PREFECT_CLIENT_CUSTOM_HEADERS).</summary>
        [Parameter]
        public System.Collections.IDictionary? Headers { get; set; }

        /// <summary>A PEM (or DER) file of the CA certificates to trust instead of the system's store (PREFECT_API_SSL_CERT_FILE).</summary>
        [Parameter]
        public string? CertificateFile { get; set; }

        [Parameter]
        public BackendKind Backend { get; set; } = BackendKind.Auto;

        /// <summary>Prefect Cloud 1.0: the tenant to act in (sent as X-PREFECT-TENANT-ID); left out, the API key's default tenant.</summary>
        [Parameter]
        public Guid? TenantId { get; set; }

        /// <summary>How long one request may take before it is retried or fails (PREFECT_API_REQUEST_TIMEOUT). Default 30.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSeconds { get; set; }

        /// <summary>Attempts per request when the server answers 429/5xx or the network fails (PREFECT_CLIENT_MAX_RETRIES + 1). Default 5.</summary>
        [Parameter]
        [ValidateRange(1, 20)]
        public int MaxAttempts { get; set; }

        /// <summary>Accept any TLS certificate (PREFECT_API_TLS_INSECURE_SKIP_VERIFY). For lab servers only.</summary>
        [Parameter]
        public SwitchParameter SkipCertificateCheck { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            var given = new ConnectionOverrides
            {
                ApiUrl = ApiUrl,
                ApiKey = ReadKey(),
                AuthString = ReadAuthString(),
                Headers = ReadHeaders(),
                CertificateFile = CertificateFile == null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(CertificateFile),
                SkipCertificateCheck = Bound(nameof(SkipCertificateCheck)) ? SkipCertificateCheck.IsPresent : (bool?)null,
                TimeoutSeconds = Bound(nameof(TimeoutSeconds)) ? TimeoutSeconds : (double?)null,
                MaxAttempts = Bound(nameof(MaxAttempts)) ? MaxAttempts : (int?)null,
            };
            var settings = Checked(() => new ConnectionResolver().Resolve(given, Backend));
            if (TenantId.HasValue) settings.Http.ExtraHeaders["X-PREFECT-TENANT-ID"] = TenantId.Value.ToString("D");
            WarnIfCertificatesUnchecked(settings);

            var connection = RunUnconnected((log, ct) => PrefectConnection.OpenAsync(settings, log, ct));
            PrefectSession.Connection = connection;
            CompletionCache.Warm(connection);
            foreach (var origin in connection.Settings)
                if (origin.Source != ConnectionSource.Default) WriteVerbose($"Setting {origin}.");
            if (PassThru) WriteObject(connection);
            base.EndProcessing();
        }

        private bool Bound(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);

        private AuthString? ReadAuthString()
        {
            if (Credential == null || Credential == PSCredential.Empty) return null;
            return new AuthString(Credential.UserName + ":" + Credential.GetNetworkCredential().Password);
        }

        private System.Collections.Generic.IDictionary<string, string>? ReadHeaders()
        {
            if (Headers == null) return null;
            var headers = new System.Collections.Generic.Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (System.Collections.DictionaryEntry entry in Headers)
                headers[entry.Key?.ToString() ?? ""] = entry.Value?.ToString() ?? "";
            return headers;
        }

        private ApiKey? ReadKey()
        {
            if (ApiKey == null || ApiKey.Length == 0) return null;
            IntPtr pointer = Marshal.SecureStringToGlobalAllocUnicode(ApiKey);
            try
            {
                return new ApiKey(Marshal.PtrToStringUni(pointer) ?? "");
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }
}
