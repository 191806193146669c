using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Errors;

namespace PrefectOps.Infrastructure
{
    /// <summary>
    /// What every PrefectOps cmdlet shares: cancellation wired to Ctrl+C (StopProcessing), async core work run with
    /// one block of the pipeline thread per call, Write* only on the pipeline thread, and the session's connection.
    /// </summary>
    public abstract class PrefectCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();
        private PipelineDispatcher? _dispatcher;
        private CmdletLog? _log;

        internal PipelineDispatcher Dispatcher => _dispatcher ??= new PipelineDispatcher();
        internal CmdletLog Log => _log ??= new CmdletLog(this, Dispatcher);

        protected override void BeginProcessing() => _dispatcher = new PipelineDispatcher();

        protected override void StopProcessing() => _cancellation.Cancel();

        /// <summary>Runs core work to completion, executing its posted writes as they come. Failures end the command.</summary>
        internal void Run(Func<CancellationToken, Task> work)
        {
            try
            {
                RunOrThrow(work);
            }
            catch (PrefectException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, null));
            }
        }

        /// <summary>As Run, but a PrefectException comes back to the caller, for failures that concern one item.</summary>
        internal void RunOrThrow(Func<CancellationToken, Task> work)
        {
            try
            {
                Dispatcher.Run(() => work(_cancellation.Token), _cancellation);
            }
            catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        internal T RunOrThrow<T>(Func<CancellationToken, Task<T>> work)
        {
            T result = default!;
            RunOrThrow(async ct => { result = await work(ct).ConfigureAwait(false); });
            return result;
        }

        internal T Run<T>(Func<CancellationToken, Task<T>> work)
        {
            T result = default!;
            Run(async ct => { result = await work(ct).ConfigureAwait(false); });
            return result;
        }

        /// <summary>Argument checks that happen before any request: a PrefectException ends the command with its ErrorId.</summary>
        internal T Checked<T>(Func<T> check)
        {
            try
            {
                return check();
            }
            catch (PrefectException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, null));
                throw; // not reached: ThrowTerminatingError always throws
            }
        }

        /// <summary>Queues a write for the pipeline thread (callable from any thread).</summary>
        internal void Post(Action action) => Dispatcher.Post(action);

        /// <summary>The session's connection; on first use without Connect-Prefect, resolved as Prefect's own client does.</summary>
        internal PrefectConnection Connection
        {
            get
            {
                var connection = PrefectSession.Connection;
                if (connection != null) return connection;
                ConnectionSettings settings;
                try
                {
                    settings = new ConnectionResolver().Resolve();
                }
                catch (PrefectException ex)
                {
                    ThrowTerminatingError(ErrorRecords.From(ex, null));
                    throw; // not reached: ThrowTerminatingError always throws
                }
                WriteVerbose($"No Connect-Prefect in this session: using {settings.ApiUrl} from {Describe(settings)}.");
                connection = Run(ct => PrefectConnection.OpenAsync(settings, Log, ct));
                PrefectSession.Connection = connection;
                return connection;
            }
        }

        private static string Describe(ConnectionSettings settings) => settings.Source switch
        {
            ConnectionSource.Environment => "PREFECT_API_URL",
            ConnectionSource.Profile => $"the Prefect profile '{settings.ProfileName}'",
            ConnectionSource.Default => "the local server default",
            _ => "Connect-Prefect",
        };

        protected override void EndProcessing() => Dispatcher.DrainPending();

        public void Dispose()
        {
            _cancellation.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
