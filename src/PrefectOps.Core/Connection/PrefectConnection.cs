using System;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Http;

namespace PrefectOps.Core.Connection
{
    /// <summary>
    /// An open connection: the settings it came from and the backend that answered. What Connect-Prefect -PassThru
    /// shows. Its text never includes the API key.
    /// </summary>
    public sealed class PrefectConnection : IDisposable
    {
        internal PrefectConnection(ConnectionSettings settings, IPrefectBackend backend)
        {
            Settings = settings;
            Backend = backend;
        }

        public Uri Url => Settings.ApiUrl;
        public BackendKind BackendKind => Backend.Kind;
        public string ServerVersion => Backend.ServerVersion;
        public string ApiVersion => Backend.ApiVersion;
        public ConnectionSource Source => Settings.Source;
        public bool HasApiKey => Settings.ApiKey != null;

        internal ConnectionSettings Settings { get; }
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
