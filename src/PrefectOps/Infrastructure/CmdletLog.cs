using System.Management.Automation;
using PrefectOps.Core.Http;

namespace PrefectOps.Infrastructure
{
    /// <summary>The core's log, forwarded to Write-Verbose/Write-Debug/Write-Warning on the pipeline thread.</summary>
    internal sealed class CmdletLog : IOperationLog
    {
        private readonly PrefectCmdlet _cmdlet;
        private readonly PipelineDispatcher _dispatcher;

        public CmdletLog(PrefectCmdlet cmdlet, PipelineDispatcher dispatcher)
        {
            _cmdlet = cmdlet;
            _dispatcher = dispatcher;
        }

        public void Verbose(string message) => _dispatcher.Post(() => _cmdlet.WriteVerbose(message));
        public void Debug(string message) => _dispatcher.Post(() => _cmdlet.WriteDebug(message));
        public void Warning(string message) => _dispatcher.Post(() => _cmdlet.WriteWarning(message));
    }
}
