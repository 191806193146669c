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
        public const string BackendNotSupported = "PrefectBackendNotSupported";
        public const string ServerError = "PrefectServerError";
        public const string ObjectNotFound = "PrefectObjectNotFound";
        public const string RateLimited = "PrefectRateLimited";
        public const string RequestRejected = "PrefectRequestRejected";
        public const string MalformedResponse = "PrefectMalformedResponse";

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
    }
}
