using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PrefectOps.Completion;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Runs;
using PrefectOps.Core.Services;
using PrefectOps.Infrastructure;

namespace PrefectOps.Commands
{
    /// <summary>Lists flow runs: of flows piped from Get-Flow, by tag, state and expected start, or by id.</summary>
    [Cmdlet(VerbsCommon.Get, "FlowRun", DefaultParameterSetName = QuerySet)]
    [OutputType(typeof(FlowRun))]
    public sealed class GetFlowRunCommand : PrefectCmdlet
    {
        private const string QuerySet = "Query";
        private const string IdSet = "Id";
        private readonly List<Guid> _deploymentIds = new List<Guid>();
        private readonly List<Guid> _ids = new List<Guid>();

        /// <summary>Run ids; binds from objects with an Id property (FlowRun objects, CSV rows).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        public Guid[]? Id { get; set; }

        /// <summary>Runs of these flows (Get-Flow output).</summary>
        [Parameter(ParameterSetName = QuerySet, ValueFromPipeline = true)]
        public Flow[]? Flow { get; set; }

        /// <summary>Runs having all of these tags (exact). Binds from FlowTag objects piped from Get-FlowTag.</summary>
        [Parameter(ParameterSetName = QuerySet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(TagCompleter))]
        public string[]? Tag { get; set; }

        /// <summary>Runs in any of these states (Prefect's names, any case). Scheduled includes Late.</summary>
        [Parameter(ParameterSetName = QuerySet)]
        [ValidateSet("Scheduled", "Late", "Pending", "Running", "Paused", "Cancelling", "Cancelled", "Completed", "Failed", "Crashed", IgnoreCase = true)]
        public string[]? State { get; set; }

        /// <summary>Runs expected to start at or after this time.</summary>
        [Parameter(ParameterSetName = QuerySet)]
        public DateTime? Since { get; set; }

        /// <summary>Runs expected to start at or before this time.</summary>
        [Parameter(ParameterSetName = QuerySet)]
        public DateTime? Before { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == IdSet) _ids.AddRange(Id ?? Array.Empty<Guid>());
            else foreach (var flow in Flow ?? Array.Empty<Flow>()) _deploymentIds.Add(flow.Id);
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            var catalog = new FlowRunCatalog(Connection.Backend);
            if (ParameterSetName == IdSet)
            {
                var (found, missing) = Run(ct => catalog.GetRunsAsync(_ids, ct));
                foreach (var run in found) WriteObject(run);
                foreach (var id in missing)
                    WriteError(ErrorRecords.From(new PrefectException(ErrorIds.FlowRunNotFound, PrefectErrorKind.NotFound,
                        $"No flow run with id {id} on {Connection.Url}."), id));
                return;
            }

            // Flows were piped but none came (Get-Flow found nothing): no runs, rather than every run on the server.
            if (MyInvocation.ExpectingInput && _deploymentIds.Count == 0) return;
            var (types, names) = Checked(() => RunStateNames.ToFilter(State));
            var query = new FlowRunQuery
            {
                DeploymentIds = _deploymentIds.Distinct().ToList(),
                AllTags = Checked(() => TagArguments.RequireExact(Tag)),
                StateTypes = types,
                StateNames = names,
                Since = Since.HasValue ? new DateTimeOffset(Since.Value) : (DateTimeOffset?)null,
                Before = Before.HasValue ? new DateTimeOffset(Before.Value) : (DateTimeOffset?)null,
            };
            Run(ct => catalog.ForEachRunAsync(query, run => Post(() => WriteObject(run)), ct));
        }
    }
}
