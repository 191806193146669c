using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PrefectOps.Completion;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Maintenance;
using PrefectOps.Core.Model;
using PrefectOps.Core.Services;
using PrefectOps.Infrastructure;

namespace PrefectOps.Commands
{
    /// <summary>
    /// Disable-FlowByTag and Enable-FlowByTag: gather the flows (by tag, from the pipeline, or by id), plan each,
    /// ask ShouldProcess per flow, run the changes with bounded concurrency, and report per flow and in one summary line.
    /// </summary>
    public abstract class MaintenanceCommandBase : PrefectCmdlet
    {
        protected const string ByTagSet = "ByTag";
        protected const string ByInputObjectSet = "ByInputObject";
        protected const string ByIdSet = "ById";

        private readonly List<Flow> _flows = new List<Flow>();
        private readonly HashSet<Guid> _seen = new HashSet<Guid>();

        /// <summary>Flows having all of these tags (exact).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByTagSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(TagCompleter))]
        public string[]? Tag { get; set; }

        /// <summary>Flows from Get-Flow.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByInputObjectSet, ValueFromPipeline = true)]
        public Flow[]? InputObject { get; set; }

        /// <summary>Flow ids (deployment ids), e.g. from a CSV written earlier.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
        public Guid[]? Id { get; set; }

        /// <summary>The tag that marks flows PrefectOps took down; window tags are written as MARKER:since=… etc.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(MarkerCompleter))]
        public string Marker { get; set; } = MaintenanceTags.DefaultMarker;

        /// <summary>
        /// At most this many flows are changed at once. Within it, the concurrency adapts to the server: it starts at 1,
        /// grows while answers stay fast, and drops on 503/429 (a SQLite server allows one write at a time).
        /// </summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = Core.Http.AdaptiveConcurrency.DefaultMaxLimit;

        /// <summary>Emit the flows as they are afterwards.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private MaintenanceService? _service;

        internal string ValidMarker => Checked(() => MaintenanceTags.ValidateMarker(Marker));

        /// <summary>This invocation's maintenance rules over the session's connection, taken on the pipeline thread.</summary>
        private protected MaintenanceService Service => _service ??= WithCore(core => new MaintenanceService(core.Backend, null, core.Log));

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case ByInputObjectSet:
                    foreach (var flow in InputObject ?? Array.Empty<Flow>()) AddFlow(flow);
                    break;
                case ByIdSet:
                    var marker = ValidMarker;
                    var service = Service;
                    foreach (var id in Id ?? Array.Empty<Guid>())
                    {
                        try
                        {
                            AddFlow(RunForItem((_, ct) => service.GetFlowAsync(id, marker, ct)));
                        }
                        catch (PrefectException ex) when (ex.Kind == PrefectErrorKind.NotFound)
                        {
                            WriteError(ErrorRecords.From(ex, id));
                        }
                    }
                    break;
                default:
                    var tags = Checked(() => TagArguments.RequireExact(Tag));
                    var (byTags, withMarker) = (Service, ValidMarker);
                    // Every flow with the tags, not only marked ones: Disable skips marked flows and Enable says with
                    // -Verbose which stay paused and why.
                    var found = Run((_, ct) => byTags.FindByTagsAsync(tags, withMarker, ct));
                    if (found.Count == 0) WriteWarning(NothingMatched(tags));
                    foreach (var flow in found) AddFlow(flow);
                    break;
            }
        }

        private protected abstract string NothingMatched(IReadOnlyList<string> tags);
        private protected abstract MaintenancePlan Plan(Flow flow);
        private protected abstract MaintenanceWindow? Window { get; }
        private protected abstract string Activity { get; }
        private protected abstract string Summary(int changed, int skipped, int failed, int caughtUp);

        /// <summary>A warning when flows were found but none of them needs this change; null when the skips say enough.</summary>
        private protected virtual string? NoneToChange(int flows) => null;

        /// <summary>Whether a skip is something to warn about (paused on purpose) or only to mention with -Verbose.</summary>
        private protected abstract bool WarnOnSkip(MaintenanceAction action);

        private protected void AddFlow(Flow flow)
        {
            if (_seen.Add(flow.Id)) _flows.Add(flow);
        }

        protected override void EndProcessing()
        {
            var plans = _flows.Select(Plan).ToList();
            var approved = new List<MaintenancePlan>();
            int skipped = 0;
            foreach (var plan in plans)
            {
                if (!plan.IsChange)
                {
                    skipped++;
                    if (WarnOnSkip(plan.Action)) WriteWarning(plan.Description);
                    else WriteVerbose(plan.Description);
                    continue;
                }
                if (ShouldProcess(plan.Flow.Name, plan.Description)) approved.Add(plan);
            }
            if (plans.Count > 0 && skipped == plans.Count && NoneToChange(plans.Count) is string none) WriteWarning(none);

            int changed = 0, failed = 0, caughtUp = 0;
            if (approved.Count > 0)
            {
                var progress = new BulkProgress(this, Activity, approved.Count);
                var (service, window, throttleLimit) = (Service, Window, ThrottleLimit);
                Run((_, ct) => service.RunAsync(approved, window, throttleLimit, result => Post(() =>
                {
                    if (result.Outcome == MaintenanceOutcome.Failed)
                    {
                        failed++;
                        WriteError(ErrorRecords.From(result.Error!, result.Flow));
                    }
                    else
                    {
                        changed++;
                        caughtUp += result.Flow.CaughtUpRuns ?? 0;
                        if (result.Warning != null) WriteWarning(result.Warning);
                        if (PassThru) WriteObject(result.Flow);
                    }
                    progress.Advance(result.Flow.Name);
                }), ct));
                progress.Complete();
            }
            if (!PassThru || failed > 0 || skipped > 0)
                HostSummary.Write(this, Summary(changed, skipped, failed, caughtUp));
            base.EndProcessing();
        }
    }
}
