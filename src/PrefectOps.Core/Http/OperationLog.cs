using System;
using System.Threading;

namespace PrefectOps.Core.Http
{
    /// <summary>
    /// The log of the operation in progress. It flows with the async calls an operation makes, so a connection (which
    /// outlives the command that opened it) logs each request to the command that sent it: every PowerShell command has
    /// its own sink, and a request made outside any operation logs nowhere.
    /// </summary>
    public static class OperationLog
    {
        private static readonly AsyncLocal<IOperationLog?> Scope = new AsyncLocal<IOperationLog?>();

        public static IOperationLog Current => Scope.Value ?? NullOperationLog.Instance;

        /// <summary>Makes <paramref name="log"/> current for this async flow until the result is disposed.</summary>
        public static IDisposable Use(IOperationLog? log)
        {
            var previous = Scope.Value;
            Scope.Value = log;
            return new Restore(previous);
        }

        private sealed class Restore : IDisposable
        {
            private readonly IOperationLog? _previous;
            public Restore(IOperationLog? previous) => _previous = previous;
            public void Dispose() => Scope.Value = _previous;
        }
    }
}
