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
        private readonly List<IReadOnlyList<string>> _pipedTags = new List<IReadOnlyList<string>>();
        private bool _tagOnCommandLine;

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

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _tagOnCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(Tag));
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == IdSet) { _ids.AddRange(Id ?? Array.Empty<Guid>()); return; }
            foreach (var flow in Flow ?? Array.Empty<Flow>()) _deploymentIds.Add(flow.Id);
            // A FlowTag from Get-FlowTag binds its name to -Tag for this record only: the runs having that tag.
            if (!_tagOnCommandLine && Tag != null && MyInvocation.ExpectingInput)
                _pipedTags.Add(Checked(() => TagArguments.RequireExact(Tag)));
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            if (ParameterSetName == IdSet)
            {
                var ids = _ids.ToList();
                var (found, missing) = Run((core, ct) => new FlowRunCatalog(core.Backend).GetRunsAsync(ids, ct));
                foreach (var run in found) WriteObject(run);
                foreach (var id in missing)
                    WriteError(ErrorRecords.From(new PrefectException(ErrorIds.FlowRunNotFound, PrefectErrorKind.NotFound,
                        $"No flow run with id {id} on {ConnectionUrl}."), id));
                return;
            }

            var queries = Queries();
            // Input was piped but neither a flow nor a tag came (Get-Flow found nothing): no runs, rather than every run.
            if (queries.Count == 0) return;
            Run(async (core, ct) =>
            {
                var catalog = new FlowRunCatalog(core.Backend);
                var seen = new HashSet<Guid>();
                foreach (var query in queries)
                    await catalog.ForEachRunAsync(query, run => { if (seen.Add(run.Id)) Post(() => WriteObject(run)); }, ct).ConfigureAwait(false);
            });
        }

        /// <summary>One query for the piped flows (or for the command line alone), and one per piped tag.</summary>
        private List<FlowRunQuery> Queries()
        {
            var (types, names) = Checked(() => RunStateNames.ToFilter(State));
            IReadOnlyList<string> commandLineTags = _tagOnCommandLine ? Checked(() => TagArguments.RequireExact(Tag)) : Array.Empty<string>();
            FlowRunQuery Query(IReadOnlyList<Guid> deployments, IReadOnlyList<string> tags) => new FlowRunQuery
            {
                DeploymentIds = deployments,
                AllTags = tags,
                StateTypes = types,
                StateNames = names,
                Since = Since.HasValue ? new DateTimeOffset(Since.Value) : (DateTimeOffset?)null,
                Before = Before.HasValue ? new DateTimeOffset(Before.Value) : (DateTimeOffset?)null,
            };
            var queries = new List<FlowRunQuery>();
            if (_deploymentIds.Count > 0 || !MyInvocation.ExpectingInput)
                queries.Add(Query(_deploymentIds.Distinct().ToList(), commandLineTags));
            foreach (var tags in _pipedTags.Distinct(TagSetComparer.Instance))
                queries.Add(Query(Array.Empty<Guid>(), tags));
            return queries;
        }

        private sealed class TagSetComparer : IEqualityComparer<IReadOnlyList<string>>
        {
            public static readonly TagSetComparer Instance = new TagSetComparer();
            public bool Equals(IReadOnlyList<string>? x, IReadOnlyList<string>? y) => x!.SequenceEqual(y!, StringComparer.Ordinal);
            public int GetHashCode(IReadOnlyList<string> tags) => string.Join("\n", tags).GetHashCode();
        }
    }
}
