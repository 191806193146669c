using System;
using System.Collections.Generic;
using PrefectOps.Core.Model;

namespace PrefectOps.Core.Backend
{
    /// <summary>What Get-Flow asks the server for; filters the server can apply are sent, the rest are applied here.</summary>
    public sealed class FlowQuery
    {
        /// <summary>Flows having all of these tags (exact, case-sensitive as Prefect's tags are).</summary>
        public IReadOnlyList<string> AllTags { get; set; } = Array.Empty<string>();

        /// <summary>The maintenance marker used to read windows from tags.</summary>
        public string Marker { get; set; } = MaintenanceTags.DefaultMarker;

        /// <summary>Only flows carrying the marker (sent to the server as one more required tag).</summary>
        public bool InMaintenanceOnly { get; set; }

        /// <summary>
        /// Whether flows need their flow names (the first half of Name). Get-FlowTag counts tags only, so it spares
        /// the server the look-ups; without them FlowName is the flow's id.
        /// </summary>
        public bool IncludeFlowNames { get; set; } = true;

        /// <summary>
        /// Count the listing (and its flows) only once a first page comes back full; null (the default): where the
        /// connection's round trips cost less than a count (RequestStats.RoundTripsAreCheap). Benchmarks set it.
        /// </summary>
        public bool? CountLater { get; set; }
    }
}
