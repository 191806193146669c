using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Maintenance;
using PrefectOps.Core.Model;
using PrefectOps.Core.Util;
using PrefectOps.Infrastructure;

namespace PrefectOps.Commands
{
    /// <summary>
    /// Takes flows down for maintenance: pauses each active schedule and marks the flow, with the window's start,
    /// -Until and -Reason, so that Enable-FlowByTag brings back exactly these. Flows paused by somebody else are left alone.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Disable, "FlowByTag", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
        DefaultParameterSetName = ByTagSet)]
    [OutputType(typeof(Flow))]
    public sealed class DisableFlowByTagCommand : MaintenanceCommandBase
    {
        private MaintenanceWindow? _window;

        /// <summary>When the maintenance is expected to end; Enable-FlowByTag -Expired brings the flows back after it.</summary>
        [Parameter]
        public DateTime? Until { get; set; }

        /// <summary>Why (a change ticket, say); kept on the server beside the marker.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Reason { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            // Checked before any flow is read: one window, one start time, for the whole call. Who opens it is read
            // here, on the pipeline thread, and goes into the core as a plain value.
            string by = MaintenanceOperator.Describe(Environment.UserDomainName, Environment.UserName, Environment.MachineName);
            _window = Checked(() => MaintenanceService.OpenWindow(ValidMarker,
                Until.HasValue ? new DateTimeOffset(Until.Value) : (DateTimeOffset?)null, Reason, SystemClock.Instance, by));
        }

        private protected override string NothingMatched(IReadOnlyList<string> tags) =>
            $"No flow has {(tags.Count == 1 ? "the tag" : "all of the tags")} '{string.Join("', '", tags)}'; nothing to disable.";

        private protected override MaintenancePlan Plan(Flow flow) => Service.PlanDisable(flow, _window!);
        private protected override MaintenanceWindow? Window => _window;
        private protected override string Activity => "Disabling flows for maintenance";
        private protected override bool WarnOnSkip(MaintenanceAction action) => action == MaintenanceAction.SkipPausedOnPurpose;

        private protected override string Summary(int changed, int skipped, int failed, int caughtUp) =>
            $"Disabled {changed} flow{(changed == 1 ? "" : "s")}, skipped {skipped}, failed {failed}.";

        private IReadOnlyList<MaintenanceImpact>? _impacts;

        /// <summary>
        /// -WhatIf with -Until: each flow's message names what the window costs it, the counts Get-MaintenanceImpact
        /// shows, from the same evaluation. Only for -WhatIf: a real Disable sends one request per flow and no more.
        /// </summary>
        private protected override IReadOnlyDictionary<Guid, string>? ShouldProcessDetails(IReadOnlyList<MaintenancePlan> changes)
        {
            if (_window?.Until == null || changes.Count == 0 || !WhatIfRequested) return null;
            var (flows, since, until) = (changes.Select(p => p.Flow).ToList(), _window.Since!.Value, _window.Until.Value);
            _impacts = Run((core, ct) => new MaintenancePreview(core.Backend).PreviewAsync(flows, since, until, ct));
            return _impacts.ToDictionary(i => i.Id, ImpactText.Describe);
        }

        private bool WhatIfRequested => MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf)
            ? ((SwitchParameter)whatIf).IsPresent
            : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

        protected override void EndProcessing()
        {
            base.EndProcessing();
            if (_impacts != null) HostSummary.Write(this, "The window would cost " + ImpactText.Summary(_impacts));
        }
    }
}
