using System;
using System.Collections.Generic;

namespace PrefectOps.Core.Backend
{
    /// <summary>What Get-FlowRun asks the server for. Empty lists mean "no filter"; all filters combine with AND.</summary>
    public sealed class FlowRunQuery
    {
        public IReadOnlyList<Guid> Ids { get; set; } = Array.Empty<Guid>();
        /// <summary>Runs of these deployments (flows piped from Get-Flow).</summary>
        public IReadOnlyList<Guid> DeploymentIds { get; set; } = Array.Empty<Guid>();
        /// <summary>Runs having all of these tags.</summary>
        public IReadOnlyList<string> AllTags { get; set; } = Array.Empty<string>();
        /// <summary>Server state types (SCHEDULED, RUNNING...); a run matches one of these or one of <see cref="StateNames"/>.</summary>
        public IReadOnlyList<string> StateTypes { get; set; } = Array.Empty<string>();
        /// <summary>State names that are not types of their own (Late is a SCHEDULED state named "Late").</summary>
        public IReadOnlyList<string> StateNames { get; set; } = Array.Empty<string>();
        /// <summary>Expected start at or after.</summary>
        public DateTimeOffset? Since { get; set; }
        /// <summary>Expected start at or before.</summary>
        public DateTimeOffset? Before { get; set; }
    }
}
