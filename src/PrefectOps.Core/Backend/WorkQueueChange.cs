namespace PrefectOps.Core.Backend
{
    /// <summary>The fields of a work queue to change; unset fields are not sent and stay as they are.</summary>
    public sealed class WorkQueueChange
    {
        public bool? IsPaused { get; set; }
        /// <summary>True: send ConcurrencyLimit, null included (null clears the limit).</summary>
        public bool SetConcurrencyLimit { get; set; }
        public int? ConcurrencyLimit { get; set; }

        public static WorkQueueChange Pause(bool paused) => new WorkQueueChange { IsPaused = paused };
        public static WorkQueueChange Limit(int? limit) => new WorkQueueChange { SetConcurrencyLimit = true, ConcurrencyLimit = limit };
    }
}
