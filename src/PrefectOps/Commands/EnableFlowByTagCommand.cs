using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Maintenance;
using PrefectOps.Core.Model;

namespace PrefectOps.Commands
{
    /// <summary>
    /// Brings back flows that Disable-FlowByTag took down (only those carrying the marker): resumes the schedule,
    /// removes the marker and, with -CatchUp, creates the runs the schedule missed during the window.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Enable, "FlowByTag", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
        DefaultParameterSetName = ByTagSet)]
    [OutputType(typeof(Flow))]
    public sealed class EnableFlowByTagCommand : MaintenanceCommandBase
    {
        private const string ExpiredSet = "Expired";

        /// <summary>Every marked flow whose -Until has passed: for a scheduled task that ends windows on time.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ExpiredSet)]
        public SwitchParameter Expired { get; set; }

        /// <summary>Create the runs the schedule would have created between the window's start and now.</summary>
        [Parameter]
        public SwitchParameter CatchUp { get; set; }

        /// <summary>Per flow, the most recent missed runs to create at most.</summary>
        [Parameter]
        [ValidateRange(1, 10000)]
        public int MaxCatchUpRuns { get; set; } = MaintenanceService.DefaultMaxCatchUpRuns;

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ExpiredSet)
            {
                var (service, marker) = (Service, ValidMarker);
                foreach (var flow in Run((_, ct) => service.FindMarkedAsync(System.Array.Empty<string>(), marker, ct))) AddFlow(flow);
                return;
            }
            base.ProcessRecord();
        }

        private protected override string NothingMatched(IReadOnlyList<string> tags) =>
            $"No flow has {(tags.Count == 1 ? "the tag" : "all of the tags")} '{string.Join("', '", tags)}'; nothing to enable.";

        private protected override MaintenancePlan Plan(Flow flow) =>
            Service.PlanEnable(flow, ValidMarker, Expired.IsPresent, CatchUp ? MaxCatchUpRuns : (int?)null);

        private protected override string? NoneToChange(int flows) => ParameterSetName == ExpiredSet
            ? null // -Expired found marked flows whose windows have not ended: each says so with -Verbose.
            : $"None of the {flows} flow{(flows == 1 ? "" : "s")} is in maintenance ({ValidMarker}); nothing to enable.";

        private protected override MaintenanceWindow? Window => null;
        private protected override string Activity => "Enabling flows after maintenance";
        // Flows paused on purpose stay paused: said with -Verbose only, as they are not what the user asked about.
        private protected override bool WarnOnSkip(MaintenanceAction action) => false;

        private protected override string Summary(int changed, int skipped, int failed, int caughtUp) =>
            $"Enabled {changed} flow{(changed == 1 ? "" : "s")}{(CatchUp ? $" (caught up {caughtUp} run{(caughtUp == 1 ? "" : "s")})" : "")}, skipped {skipped}, failed {failed}.";
    }
}
