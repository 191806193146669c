using System;
using System.Collections.Generic;
using System.Management.Automation;
using PrefectOps.Core.Backend;
using PrefectOps.Completion;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Queues;
using PrefectOps.Infrastructure;

namespace PrefectOps.Commands
{
    /// <summary>
    /// Suspend-, Resume- and Set-WorkQueue: queues by exact name (in -WorkPool, or where the server looks for an
    /// unqualified name) or from Get-WorkQueue; ShouldProcess per queue; an error per queue that fails or is not there.
    /// </summary>
    public abstract class WorkQueueCommandBase : PrefectCmdlet
    {
        protected const string ByNameSet = "ByName";
        protected const string InputObjectSet = "InputObject";
        private readonly HashSet<Guid> _seen = new HashSet<Guid>();
        private int _changed, _failed;

        /// <summary>
        /// Queue names. An exact name is looked up where the server looks (in -WorkPool, else the default pool); a
        /// wildcard matches the queues of -WorkPool, or of every pool when -WorkPool is left out.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByNameSet, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(WorkQueueNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>The queues' work pool; without it, the server's default pool (as `prefect work-queue` does).</summary>
        [Parameter(ParameterSetName = ByNameSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(WorkPoolCompleter))]
        public string? WorkPool { get; set; }

        /// <summary>Queues from Get-WorkQueue.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
        public WorkQueue[]? InputObject { get; set; }

        /// <summary>Emit the queues as the server has them afterwards.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private protected abstract WorkQueueChange Change { get; }
        private protected abstract string Action(WorkQueue queue);
        private protected abstract string Summary(int changed, int failed);

        protected override void ProcessRecord()
        {
            if (ParameterSetName == InputObjectSet)
            {
                foreach (var q in InputObject ?? Array.Empty<WorkQueue>()) Apply(q);
                return;
            }
            foreach (var name in Name ?? Array.Empty<string>())
            {
                if (Core.Util.Wildcard.ContainsWildcard(name))
                {
                    var pool = WorkPool;
                    var (matches, _) = Run((core, ct) => new WorkQueueCatalog(core.Backend).FindAsync(new[] { name }, pool, false, ct));
                    if (matches.Count == 0)
                    {
                        _failed++;
                        WriteError(ErrorRecords.From(new PrefectException(ErrorIds.WorkQueueNotFound, PrefectErrorKind.NotFound,
                            $"No work queue matches '{name}'{(WorkPool != null ? $" in the work pool '{WorkPool}'" : "")}."), name));
                    }
                    foreach (var match in matches) Apply(match);
                    continue;
                }
                WorkQueue queue;
                try
                {
                    var pool = WorkPool;
                    queue = RunForItem((core, ct) => new WorkQueueControl(core.Backend).GetAsync(name, pool, ct));
                }
                catch (PrefectException ex) when (ex.Kind == PrefectErrorKind.NotFound || ex.Kind == PrefectErrorKind.InvalidArgument)
                {
                    // A name that matches nothing is an error, not silence; the other names still go ahead.
                    _failed++;
                    WriteError(ErrorRecords.From(ex, name));
                    continue;
                }
                catch (PrefectException ex)
                {
                    ThrowTerminatingError(ErrorRecords.From(ex, name));
                    return;
                }
                Apply(queue);
            }
        }

        private void Apply(WorkQueue queue)
        {
            if (!_seen.Add(queue.Id)) return;
            if (!ShouldProcess(queue.ToString(), Action(queue))) return;
            var change = Change;
            var result = RunForItem((core, ct) => new WorkQueueControl(core.Backend).ApplyAsync(queue, change, ct));
            if (!result.Succeeded)
            {
                _failed++;
                WriteError(ErrorRecords.From(result.Error!, queue));
                return;
            }
            _changed++;
            if (PassThru) WriteObject(result.Queue);
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            if ((_changed > 0 || _failed > 0) && (!PassThru || _failed > 0))
                HostSummary.Write(this, Summary(_changed, _failed));
        }
    }
}
