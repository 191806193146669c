using System;
using System.Management.Automation;
using PrefectOps.Core.Errors;

namespace PrefectOps.Infrastructure
{
    /// <summary>PrefectException to ErrorRecord: the stable ErrorId and the category its kind calls for.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(PrefectException ex, object? target) =>
            new ErrorRecord(ex, ex.ErrorId, CategoryOf(ex.Kind), target);

        public static ErrorRecord From(Exception ex, string errorId, ErrorCategory category, object? target) =>
            new ErrorRecord(ex, errorId, category, target);

        public static ErrorCategory CategoryOf(PrefectErrorKind kind) => kind switch
        {
            PrefectErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
            PrefectErrorKind.NotFound => ErrorCategory.ObjectNotFound,
            PrefectErrorKind.ConnectionError => ErrorCategory.ConnectionError,
            PrefectErrorKind.Authentication => ErrorCategory.AuthenticationError,
            PrefectErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
            PrefectErrorKind.InvalidResult => ErrorCategory.InvalidResult,
            PrefectErrorKind.InvalidOperation => ErrorCategory.InvalidOperation,
            PrefectErrorKind.OperationTimeout => ErrorCategory.OperationTimeout,
            PrefectErrorKind.NotSupported => ErrorCategory.NotImplemented,
            PrefectErrorKind.ResourceBusy => ErrorCategory.ResourceBusy,
            PrefectErrorKind.ServerError => ErrorCategory.ResourceUnavailable,
            _ => ErrorCategory.NotSpecified,
        };
    }
}
