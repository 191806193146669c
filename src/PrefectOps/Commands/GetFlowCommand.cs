using System;
using System.Collections.Generic;
using System.Threading;
using System.Management.Automation;
using PrefectOps.Completion;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Model;
using PrefectOps.Core.Services;
using PrefectOps.Infrastructure;

namespace PrefectOps.Commands
{
    /// <summary>Lists flows (deployments on Prefect 2.x/3.x), filtered by tags, names and maintenance state.</summary>
    [Cmdlet(VerbsCommon.Get, "Flow", DefaultParameterSetName = QuerySet)]
    [OutputType(typeof(Flow))]
    public sealed class GetFlowCommand : PrefectCmdlet
    {
        private const string QuerySet = "Query";
        private const string IdSet = "Id";

        /// <summary>Flows having all of these tags (exact). Binds from FlowTag objects piped from Get-FlowTag.</summary>
        [Parameter(ParameterSetName = QuerySet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(TagCompleter))]
        public string[]? Tag { get; set; }

        /// <summary>Flow names ("flow/deployment", the deployment's or the flow's name); wildcards allowed.</summary>
        [Parameter(Position = 0, ParameterSetName = QuerySet)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(FlowNameCompleter))]
        public string[]? Name { get; set; }

        [Parameter(ParameterSetName = QuerySet)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(FlowNameCompleter))]
        public string[]? ExcludeName { get; set; }

        /// <summary>Only flows carrying the maintenance marker.</summary>
        [Parameter(ParameterSetName = QuerySet)]
        public SwitchParameter InMaintenance { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        public Guid[]? Id { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(MarkerCompleter))]
        public string Marker { get; set; } = MaintenanceTags.DefaultMarker;

        protected override void ProcessRecord()
        {
            string marker = Checked(() => MaintenanceTags.ValidateMarker(Marker));
            if (ParameterSetName == IdSet)
            {
                foreach (var id in Id!)
                {
                    try
                    {
                        WriteObject(RunForItem((core, ct) => core.Backend.GetFlowAsync(id, marker, ct)));
                    }
                    catch (PrefectException ex) when (ex.Kind == PrefectErrorKind.NotFound)
                    {
                        WriteError(ErrorRecords.From(ex, id));
                    }
                    catch (PrefectException ex)
                    {
                        ThrowTerminatingError(ErrorRecords.From(ex, id));
                    }
                }
                return;
            }

            var query = new FlowQuery
            {
                AllTags = Checked(() => TagArguments.RequireExact(Tag)),
                Marker = marker,
                InMaintenanceOnly = InMaintenance.IsPresent,
            };
            var names = new NameFilter(Name, ExcludeName);
            // Without -Tag or -InMaintenance every flow is listed (names are matched here): tab completion learns their
            // tags and names as they pass (the flows themselves are not held).
            var estate = query.AllTags.Count == 0 && !query.InMaintenanceOnly ? new CompletionNames.Progress() : null;
            // Arguments are checked above, before Run may resolve and open a connection (a request).
            int found = 0;
            Run((core, ct) => new FlowCatalog(core.Backend).ForEachFlowAsync(query, null, flow =>
            {
                estate?.Add(flow);
                if (!names.IsEmpty && !names.Matches(flow)) return;
                Interlocked.Increment(ref found);
                Post(() => WriteObject(InMaintenance ? AsMaintenanceListing(flow) : flow));
            }, ct));
            if (estate != null) TeachCompletion(connection => CompletionCache.LearnFlows(connection, estate));
            if (found == 0 && query.AllTags.Count > 0)
            {
                string tags = $"{(query.AllTags.Count == 1 ? "the tag" : "all of the tags")} '{string.Join("', '", query.AllTags)}'";
                WriteWarning(query.InMaintenanceOnly
                    ? $"No flow with {tags}{(names.IsEmpty ? "" : " and the names given")} is in maintenance ({marker})."
                    : $"No flow has {tags}{(names.IsEmpty ? "" : " and matches the names given")}.");
            }
        }

        /// <summary>
        /// -InMaintenance answers "what is down, until when, by whom": the same Flow, shown by the view of
        /// PrefectOps.Flow#InMaintenance (binding to Enable-FlowByTag and Select-Object see the Flow as ever).
        /// </summary>
        private static PSObject AsMaintenanceListing(Flow flow)
        {
            var wrapped = PSObject.AsPSObject(flow);
            wrapped.TypeNames.Insert(0, MaintenanceListingType);
            return wrapped;
        }

        internal const string MaintenanceListingType = "PrefectOps.Flow#InMaintenance";
    }
}
