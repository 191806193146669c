namespace PrefectOps.Core.Errors
{
    /// <summary>Stable ErrorIds. Changing one is a breaking change for scripts that match on it.</summary>
    public static class ErrorIds
    {
        public const string ServerUnreachable = "PrefectServerUnreachable";
        public const string AuthenticationFailed = "PrefectAuthenticationFailed";
        public const string PermissionDenied = "PrefectPermissionDenied";
        public const string NotAPrefectServer = "NotAPrefectServer";
        public const string RequestTimedOut = "PrefectRequestTimedOut";
        public const string InvalidApiUrl = "InvalidApiUrl";
        public const string ProfileUnreadable = "PrefectProfileUnreadable";
        /// <summary>A client setting (environment, profile or parameter) whose value PrefectOps cannot use; the message names it and where it came from.</summary>
        public const string InvalidSetting = "PrefectInvalidSetting";
        /// <summary>The server's TLS certificate was not trusted (PREFECT_API_SSL_CERT_FILE, -CertificateFile or the system's store).</summary>
        public const string CertificateRejected = "PrefectCertificateRejected";
        public const string ServerError = "PrefectServerError";
        public const string ObjectNotFound = "PrefectObjectNotFound";
        public const string RateLimited = "PrefectRateLimited";
        public const string RequestRejected = "PrefectRequestRejected";
        public const string MalformedResponse = "PrefectMalformedResponse";
        /// <summary>Prefect 1: the server's GraphQL schema rejected the query (HTTP 400): a PrefectOps bug or an unexpected server version.</summary>
        public const string GraphQLValidationFailed = "PrefectGraphQLValidationFailed";
        /// <summary>Prefect 1: a resolver refused (HTTP 200 with `errors` and `data.X = null`); the message is the server's.</summary>
        public const string GraphQLError = "PrefectGraphQLError";
        /// <summary>Prefect 1: a request would have sent a null (or unset) filter value, which Prefect 1 Server reads as "every row".</summary>
        public const string NullFilterValue = "PrefectNullFilterValue";
        /// <summary>Prefect Cloud 1.0: the object changed since it was read (VERSION_LOCKING_ERROR).</summary>
        public const string VersionConflict = "PrefectVersionConflict";

        public const string FlowNotFound = "FlowNotFound";
        public const string InvalidTag = "InvalidTag";
        public const string NoFlowMatchedTag = "NoFlowMatchedTag";
        public const string InvalidMaintenanceWindow = "InvalidMaintenanceWindow";
        public const string InvalidMarker = "InvalidMarker";
        public const string InvalidCatchUpLimit = "InvalidCatchUpLimit";
        public const string DisableFailed = "DisableFlowFailed";
        public const string EnableFailed = "EnableFlowFailed";
        public const string CatchUpFailed = "CatchUpFailed";
        public const string CatchUpFailedFlowEnabled = "CatchUpFailedFlowEnabled";
        /// <summary>Prefect 1: a maintenance change failed midway and putting back its earlier steps failed too.</summary>
        public const string MaintenanceUndoFailed = "MaintenanceUndoFailed";

        public const string FlowRunNotFound = "FlowRunNotFound";
        public const string InvalidFlowRunState = "InvalidFlowRunState";
        public const string FlowRunCancelRejected = "FlowRunCancelRejected";
        public const string FlowRunNotPaused = "FlowRunNotPaused";
        public const string FlowRunPauseTimedOut = "FlowRunPauseTimedOut";
        public const string FlowRunResumeRejected = "FlowRunResumeRejected";
        public const string FlowRunWaitTimedOut = "FlowRunWaitTimedOut";
        public const string InvalidWaitOptions = "InvalidWaitOptions";
        public const string WorkQueueNotFound = "WorkQueueNotFound";
        public const string WorkPoolNotFound = "WorkPoolNotFound";
        public const string InvalidWorkQueueName = "InvalidWorkQueueName";
        public const string InvalidConcurrencyLimit = "InvalidConcurrencyLimit";
        public const string WorkQueueUpdateFailed = "WorkQueueUpdateFailed";
        /// <summary>Prefect 1 has no work queues.</summary>
        public const string WorkQueuesNotSupported = "WorkQueuesNotSupported";
        /// <summary>Prefect 1 resumes paused task runs and takes no run input.</summary>
        public const string RunInputNotSupported = "RunInputNotSupported";
    }
}
