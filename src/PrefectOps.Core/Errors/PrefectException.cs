using System;

namespace PrefectOps.Core.Errors
{
    /// <summary>
    /// Base of every error PrefectOps raises. <see cref="ErrorId"/> is stable (scripts and tests match on it);
    /// <see cref="Kind"/> lets the cmdlet layer pick the PowerShell ErrorCategory without parsing messages.
    /// Messages never contain the API key.
    /// </summary>
    public class PrefectException : Exception
    {
        public PrefectException(string errorId, PrefectErrorKind kind, string message, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Kind = kind;
        }

        public string ErrorId { get; }
        public PrefectErrorKind Kind { get; }
    }

    public enum PrefectErrorKind
    {
        InvalidArgument,
        NotFound,
        ConnectionError,
        Authentication,
        PermissionDenied,
        InvalidResult,
        InvalidOperation,
        OperationTimeout,
        NotSupported,
        ServerError,
        ResourceBusy,
    }
}
