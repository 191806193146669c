using System.Management.Automation;
using PrefectOps.Completion;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Queues;
using PrefectOps.Infrastructure;

namespace PrefectOps.Commands
{
    /// <summary>Lists work queues of every pool, or of one, by name with wildcards, with their late runs.</summary>
    [Cmdlet(VerbsCommon.Get, "WorkQueue")]
    [OutputType(typeof(WorkQueue))]
    public sealed class GetWorkQueueCommand : PrefectCmdlet
    {
        /// <summary>Queue names; wildcards allowed. A name without wildcards that matches nothing is an error.</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(WorkQueueNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Only the queues of this work pool.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(WorkPoolCompleter))]
        public string? WorkPool { get; set; }

        protected override void ProcessRecord()
        {
            string? pool = string.IsNullOrEmpty(WorkPool) ? null : WorkPool;
            var (queues, unmatched) = Run((core, ct) => new WorkQueueCatalog(core.Backend).FindAsync(Name, pool, readLateRuns: true, ct));
            foreach (var q in queues) WriteObject(q);
            foreach (var name in unmatched)
                WriteError(ErrorRecords.From(new PrefectException(ErrorIds.WorkQueueNotFound, PrefectErrorKind.NotFound,
                    $"No work queue named '{name}'{(pool != null ? $" in the work pool '{pool}'" : "")} on {ConnectionUrl}."), name));
        }
    }
}
