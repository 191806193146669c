using System;
using System.Collections.Generic;
using System.Management.Automation;
using PrefectOps.Core.Maintenance;
using PrefectOps.Core.Util;
using PrefectOps.Infrastructure;

namespace PrefectOps.Commands
{
    /// <summary>
    /// Before a maintenance window: per flow, the scheduled runs the window skips and how many Enable-FlowByTag
    /// -CatchUp would bring back, the runs that still run although the flow is disabled, and the runs in flight.
    /// Reads only; changes nothing.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "MaintenanceImpact", DefaultParameterSetName = ByTagSet)]
    [OutputType(typeof(MaintenanceImpact))]
    public sealed class GetMaintenanceImpactCommand : FlowSetCommandBase
    {
        /// <summary>When the window opens; by default now.</summary>
        [Parameter]
        public DateTime? Start { get; set; }

        /// <summary>When the window is expected to end: the -Until that Disable-FlowByTag would be given.</summary>
        [Parameter(Mandatory = true)]
        public DateTime Until { get; set; }

        private DateTimeOffset _start, _until;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            // Checked before any flow is read.
            var (start, until) = (Start.HasValue ? new DateTimeOffset(Start.Value) : (DateTimeOffset?)null, new DateTimeOffset(Until));
            (_start, _until) = Checked(() => MaintenancePreview.Window(start, until, SystemClock.Instance));
        }

        private protected override string NothingMatched(IReadOnlyList<string> tags) =>
            $"No flow has {(tags.Count == 1 ? "the tag" : "all of the tags")} '{string.Join("', '", tags)}'; no window to preview.";

        protected override void EndProcessing()
        {
            var flows = Flows;
            if (flows.Count > 0)
            {
                var (start, until) = (_start, _until);
                var impacts = Run((core, ct) => new MaintenancePreview(core.Backend).PreviewAsync(flows, start, until, ct));
                foreach (var impact in impacts)
                {
                    if (ImpactText.HandScheduledWarning(impact) is string warning) WriteWarning(warning);
                    WriteObject(impact);
                }
                HostSummary.Write(this, ImpactText.Summary(impacts));
            }
            base.EndProcessing();
        }
    }
}
