using System;
using System.Collections.Generic;
using System.Management.Automation;
using PrefectOps.Completion;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Model;
using PrefectOps.Core.Services;
using PrefectOps.Infrastructure;

namespace PrefectOps.Commands
{
    /// <summary>
    /// The commands that take a set of flows for a maintenance window (Disable-FlowByTag, Enable-FlowByTag,
    /// Get-MaintenanceImpact): by tag, from the pipeline, or by id, each flow once, gathered until EndProcessing.
    /// </summary>
    public abstract class FlowSetCommandBase : PrefectCmdlet
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

        internal string ValidMarker => Checked(() => MaintenanceTags.ValidateMarker(Marker));

        /// <summary>The flows gathered so far, each once, in the order they came.</summary>
        private protected IReadOnlyList<Flow> Flows => _flows;

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case ByInputObjectSet:
                    foreach (var flow in InputObject ?? Array.Empty<Flow>()) AddFlow(flow);
                    break;
                case ByIdSet:
                    var marker = ValidMarker;
                    foreach (var id in Id ?? Array.Empty<Guid>())
                    {
                        try
                        {
                            AddFlow(RunForItem((core, ct) => core.Backend.GetFlowAsync(id, marker, ct)));
                        }
                        catch (PrefectException ex) when (ex.Kind == PrefectErrorKind.NotFound)
                        {
                            WriteError(ErrorRecords.From(ex, id));
                        }
                    }
                    break;
                default:
                    var tags = Checked(() => TagArguments.RequireExact(Tag));
                    var query = new FlowQuery { AllTags = tags, Marker = ValidMarker };
                    // Every flow with the tags, not only marked ones: Disable skips marked flows and Enable says with
                    // -Verbose which stay paused and why.
                    var found = Run((core, ct) => new FlowCatalog(core.Backend).ListFlowsAsync(query, null, ct));
                    if (found.Count == 0) WriteWarning(NothingMatched(tags));
                    foreach (var flow in found) AddFlow(flow);
                    break;
            }
        }

        private protected abstract string NothingMatched(IReadOnlyList<string> tags);

        private protected void AddFlow(Flow flow)
        {
            if (_seen.Add(flow.Id)) _flows.Add(flow);
        }
    }
}
