using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Http;

namespace PrefectOps.Infrastructure
{
    /// <summary>
    /// What every PrefectOps cmdlet shares: cancellation wired to Ctrl+C (StopProcessing), and async core work run off
    /// the pipeline thread while the pipeline thread executes the writes it posts. What the work needs from PowerShell
    /// (the session's connection, this invocation's log) is taken here on the pipeline thread and handed to it as a
    /// <see cref="CoreContext"/>: the work cannot reach into the cmdlet, because nothing here gives it a way to.
    /// </summary>
    public abstract class PrefectCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();
        private PipelineDispatcher? _dispatcher;
        private CmdletLog? _log;
        private CoreContext? _context;
        private bool _verboseAsDebug;

        private PipelineDispatcher Dispatcher => _dispatcher ??= new PipelineDispatcher();

        /// <summary>This invocation's log: Write-Verbose/-Debug/-Warning, posted to its own dispatcher.</summary>
        private protected IOperationLog Log => _log ??= new CmdletLog(this, Dispatcher);

        protected override void BeginProcessing()
        {
            // Created here at the latest, so the dispatcher knows the pipeline thread.
            _ = Log;
            var bound = MyInvocation.BoundParameters;
            _verboseAsDebug = IsOn(bound, "Debug") && !bound.ContainsKey("Verbose");
        }

        private static bool IsOn(System.Collections.Generic.IDictionary<string, object> bound, string name) =>
            bound.TryGetValue(name, out var value) && value is SwitchParameter on && on.IsPresent;

        /// <summary>
        /// Write-Verbose, except under -Debug without -Verbose: PowerShell then asks before every verbose line of a
        /// compiled cmdlet (its Inquire preference), which stops a scheduled task and floods a prompt; the line goes to
        /// the debug stream instead, which -Debug asked for. Hides Cmdlet.WriteVerbose so every command gets this.
        /// </summary>
        internal new void WriteVerbose(string text)
        {
            if (_verboseAsDebug) WriteDebug(text);
            else base.WriteVerbose(text);
        }

        protected override void StopProcessing() => _cancellation.Cancel();

        /// <summary>Runs core work to completion, executing its posted writes as they come. A PrefectException ends the command.</summary>
        internal void Run(Func<CoreContext, CancellationToken, Task> work)
        {
            var context = Context;
            Terminating(() => Dispatch(ct => work(context, ct)));
        }

        internal T Run<T>(Func<CoreContext, CancellationToken, Task<T>> work)
        {
            T result = default!;
            Run(async (context, ct) => { result = await work(context, ct).ConfigureAwait(false); });
            return result;
        }

        /// <summary>As Run, but a PrefectException comes back to the caller, for failures that concern one item.</summary>
        internal T RunForItem<T>(Func<CoreContext, CancellationToken, Task<T>> work)
        {
            var context = Context;
            T result = default!;
            Dispatch(async ct => { result = await work(context, ct).ConfigureAwait(false); });
            return result;
        }

        /// <summary>Core work that is quick and synchronous (planning, checks against the backend's capabilities), on the pipeline thread.</summary>
        internal T WithCore<T>(Func<CoreContext, T> work) => Checked(() => work(Context));

        /// <summary>Core work that needs no connection (Connect-Prefect opening one). A PrefectException ends the command.</summary>
        internal T RunUnconnected<T>(Func<IOperationLog, CancellationToken, Task<T>> work)
        {
            var log = Log;
            T result = default!;
            Terminating(() => Dispatch(async ct => { result = await work(log, ct).ConfigureAwait(false); }));
            return result;
        }

        /// <summary>Argument checks that happen before any request: a PrefectException ends the command with its ErrorId.</summary>
        internal T Checked<T>(Func<T> check)
        {
            T result = default!;
            Terminating(() => result = check());
            return result;
        }

        internal void Checked(Action check) => Terminating(check);

        /// <summary>Queues a write for the pipeline thread (callable from any thread).</summary>
        internal void Post(Action action) => Dispatcher.Post(action);

        /// <summary>Tells tab completion what a listing of the whole estate found (pipeline thread only).</summary>
        private protected void TeachCompletion(Action<PrefectConnection> learn) => learn(Context.Connection);

        /// <summary>The connected server's URL, for messages (pipeline thread only).</summary>
        private protected Uri ConnectionUrl => Context.Url;

        private CoreContext Context
        {
            get
            {
                Dispatcher.RequirePipelineThread();
                if (_context != null) return _context;
                var connection = SessionConnection();
                // This command is about to use the server: a tab completion read in the background would compete with it.
                Completion.CompletionCache.Yield(connection);
                return _context = new CoreContext(connection, Log);
            }
        }

        /// <summary>The session's connection; on first use without Connect-Prefect, resolved as Prefect's own client does.</summary>
        private PrefectConnection SessionConnection()
        {
            var connection = PrefectSession.Connection;
            if (connection != null) return connection;
            var settings = Checked(() => new ConnectionResolver().Resolve());
            WriteVerbose($"No Connect-Prefect in this session: using {settings.ApiUrl} from {Describe(settings)}.");
            WarnIfCertificatesUnchecked(settings);
            connection = RunUnconnected((log, ct) => PrefectConnection.OpenAsync(settings, log, ct));
            PrefectSession.Connection = connection;
            return connection;
        }

        /// <summary>Said wherever the setting came from (parameter, PREFECT_API_TLS_INSECURE_SKIP_VERIFY, profile).</summary>
        private protected void WarnIfCertificatesUnchecked(ConnectionSettings settings)
        {
            if (settings.Http.SkipCertificateCheck)
                WriteWarning($"TLS certificate checks are off for {settings.ApiUrl}: anyone on the network path could read the credentials. Use this for lab servers only.");
        }

        private static string Describe(ConnectionSettings settings) => settings.Source switch
        {
            ConnectionSource.Environment => "PREFECT_API_URL",
            ConnectionSource.Profile => $"the Prefect profile '{settings.ProfileName}'",
            ConnectionSource.Default => "the local server default",
            _ => "Connect-Prefect",
        };

        private void Dispatch(Func<CancellationToken, Task> work)
        {
            var log = Log;
            try
            {
                Dispatcher.Run(async () =>
                {
                    // The requests this work sends log to this invocation, whoever opened the connection.
                    using (OperationLog.Use(log)) await work(_cancellation.Token).ConfigureAwait(false);
                }, _cancellation);
            }
            catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        private void Terminating(Action action)
        {
            try
            {
                action();
            }
            catch (PrefectException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, null));
            }
        }

        protected override void EndProcessing() => Dispatcher.DrainPending();

        public void Dispose()
        {
            _cancellation.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
