using System;

namespace PrefectOps
{
    /// <summary>A maintenance window as kept on the server beside the marker.</summary>
    public sealed class MaintenanceWindow
    {
        public MaintenanceWindow(string marker, DateTimeOffset? since, DateTimeOffset? until = null, string? reason = null)
        {
            Marker = marker;
            Since = since?.ToUniversalTime();
            Until = until?.ToUniversalTime();
            Reason = string.IsNullOrWhiteSpace(reason) ? null : reason!.Trim();
        }

        public string Marker { get; }
        /// <summary>When the window opened; null only for a marker put on by hand without its window tags.</summary>
        public DateTimeOffset? Since { get; }
        public DateTimeOffset? Until { get; }
        public string? Reason { get; }

        public bool IsExpired(DateTimeOffset now) => Until.HasValue && Until.Value <= now;
    }
}
