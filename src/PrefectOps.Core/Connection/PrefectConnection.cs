using System;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Http;

namespace PrefectOps.Core.Connection
{
    /// <summary>
    /// An open connection: the settings it came from and the backend that answered. What Connect-Prefect -PassThru
    /// shows. Its text never includes a credential.
    /// </summary>
    public sealed class PrefectConnection : IDisposable
    {
        internal PrefectConnection(ConnectionSettings settings, IPrefectBackend backend)
        {
            _settings = settings;
            Backend = backend;
        }

        public Uri Url => _settings.ApiUrl;
        public BackendKind BackendKind => Backend.Kind;
        public string ServerVersion => Backend.ServerVersion;
        public string ApiVersion => Backend.ApiVersion;
        public ConnectionSource Source => _settings.Source;
        public bool HasApiKey => _settings.ApiKey != null;
        public bool HasAuthString => _settings.AuthString != null;

        /// <summary>Every client setting and where it came from (parameter, environment, profile, default); never a secret's value.</summary>
        public System.Collections.Generic.IReadOnlyList<SettingOrigin> Settings => _settings.Origins;

        private readonly ConnectionSettings _settings;
        public IPrefectBackend Backend { get; }

        /// <summary>
        /// Connects: asks the server what it is (or checks the backend the caller named) and builds the backend. The
        /// connection keeps no log: <paramref name="log"/> hears about the connecting only (see <see cref="OperationLog"/>).
        /// </summary>
        public static async Task<PrefectConnection> OpenAsync(ConnectionSettings settings, IOperationLog? log, CancellationToken ct)
        {
            log ??= OperationLog.Current;
            using (OperationLog.Use(log))
                return await BackendDetector.ConnectAsync(settings, log, ct).ConfigureAwait(false);
        }

        public override string ToString() => $"{BackendKind} {ServerVersion} at {Url}";

        public void Dispose() => Backend.Dispose();
    }
}
