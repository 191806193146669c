using System;

namespace PrefectOps
{
    /// <summary>A work queue: where a pool's runs wait for a worker. Pausing it holds the runs; they run after resume.</summary>
    public sealed class WorkQueue
    {
        public Guid Id { get; internal set; }
        public string Name { get; internal set; } = "";
        public string WorkPool { get; internal set; } = "";
        public bool IsPaused { get; internal set; }
        /// <summary>At most this many runs from the queue at once; null: no limit.</summary>
        public int? ConcurrencyLimit { get; internal set; }
        /// <summary>Lower runs first among a pool's queues.</summary>
        public int? Priority { get; internal set; }
        /// <summary>READY, NOT_READY or PAUSED on servers that report it (2.19+); null otherwise.</summary>
        public string? Status { get; internal set; }
        /// <summary>Runs in the queue past their start time, as the server's health check counts them; null when not read.</summary>
        public int? LateRuns { get; internal set; }
        public string? Description { get; internal set; }
        public DateTimeOffset? LastPolled { get; internal set; }
        public Guid? WorkPoolId { get; internal set; }

        public override string ToString() => $"{WorkPool}/{Name}";
    }
}
