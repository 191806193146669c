using System;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using PrefectOps.Completion;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Errors;
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

        [Parameter]
        public SecureString? ApiKey { get; set; }

        [Parameter]
        public BackendKind Backend { get; set; } = BackendKind.Auto;

        /// <summary>Prefect Cloud 1.0: the tenant to act in (sent as X-PREFECT-TENANT-ID); left out, the API key's default tenant.</summary>
        [Parameter]
        public Guid? TenantId { get; set; }

        /// <summary>How long one request may take before it is retried or fails.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSeconds { get; set; } = 30;

        /// <summary>Attempts per request when the server answers 429/5xx or the network fails.</summary>
        [Parameter]
        [ValidateRange(1, 20)]
        public int MaxAttempts { get; set; } = 5;

        /// <summary>Accept any TLS certificate. For lab servers only.</summary>
        [Parameter]
        public SwitchParameter SkipCertificateCheck { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            ConnectionSettings settings;
            try
            {
                settings = ApiUrl == null
                    ? new ConnectionResolver().Resolve(Backend)
                    : new ConnectionSettings(ConnectionSettings.ParseApiUrl(ApiUrl), ReadKey(), Backend);
            }
            catch (PrefectException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, ApiUrl));
                return;
            }
            if (ApiUrl == null && ApiKey != null)
                settings = new ConnectionSettings(settings.ApiUrl, ReadKey(), Backend, settings.Source, settings.ProfileName);

            settings.Http = new HttpOptions
            {
                RequestTimeout = TimeSpan.FromSeconds(TimeoutSeconds),
                MaxAttempts = MaxAttempts,
                SkipCertificateCheck = SkipCertificateCheck.IsPresent,
            };
            if (TenantId.HasValue) settings.Http.ExtraHeaders["X-PREFECT-TENANT-ID"] = TenantId.Value.ToString("D");
            if (SkipCertificateCheck)
                WriteWarning($"TLS certificate checks are off for {settings.ApiUrl}: anyone on the network path could read the API key. Use this for lab servers only.");

            var connection = RunUnconnected((log, ct) => PrefectConnection.OpenAsync(settings, log, ct));
            PrefectSession.Connection = connection;
            CompletionCache.Warm(connection);
            if (PassThru) WriteObject(connection);
            base.EndProcessing();
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
