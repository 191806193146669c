using System;

namespace PrefectOps
{
    /// <summary>A maintenance window as kept on the server beside the marker.</summary>
    public sealed class MaintenanceWindow
    {
        public MaintenanceWindow(string marker, DateTimeOffset? since, DateTimeOffset? until = null, string? reason = null, string? by = null)
        {
            Marker = marker;
            Since = since?.ToUniversalTime();
            Until = until?.ToUniversalTime();
            Reason = string.IsNullOrWhiteSpace(reason) ? null : reason!.Trim();
            By = string.IsNullOrWhiteSpace(by) ? null : by!.Trim();
        }

        public string Marker { get; }
        /// <summary>When the window opened; null only for a marker put on by hand without its window tags.</summary>
        public DateTimeOffset? Since { get; }
        public DateTimeOffset? Until { get; }
        public string? Reason { get; }
        /// <summary>Who opened the window, as <see cref="PrefectOps.Core.Model.MaintenanceOperator"/> writes it ("CONTOSO\jdoe@HOST"); null for windows opened before PrefectOps recorded it.</summary>
        public string? By { get; }

        public bool IsExpired(DateTimeOffset now) => Until.HasValue && Until.Value <= now;
    }
}
