using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Runs;
using PrefectOps.Infrastructure;

namespace PrefectOps.Commands
{
    /// <summary>
    /// Cancels flow runs. A running run goes to Cancelling (its worker stops the infrastructure, then it is Cancelled);
    /// one that has not started goes straight to Cancelled. A run that has ended already is a warning. -Wait polls
    /// until each run is final, bounded by -Timeout.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "FlowRun", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
        DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(FlowRun))]
    public sealed class StopFlowRunCommand : PrefectCmdlet
    {
        private const string InputObjectSet = "InputObject";
        private const string IdSet = "Id";
        private readonly HashSet<Guid> _seen = new HashSet<Guid>();
        private readonly List<FlowRun> _cancelling = new List<FlowRun>();
        // Approved runs are cancelled together at the end, as many at a time as the server keeps up with.
        private readonly List<FlowRun> _approved = new List<FlowRun>();
        private int _cancelled, _alreadyFinal, _failed;

        /// <summary>Runs from Get-FlowRun.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
        public FlowRun[]? InputObject { get; set; }

        /// <summary>Run ids.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        public Guid[]? Id { get; set; }

        /// <summary>Wait until every run is final (Cancelled, or however it ended).</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>How long -Wait waits in all; runs still going then are reported in one error.</summary>
        [Parameter]
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

        /// <summary>How often -Wait reads the runs' states.</summary>
        [Parameter]
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>Emit the runs as they end up (with -Wait, when each is final).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (Wait) Checked(() => { FlowRunWaiter.Validate(PollInterval, Timeout); return true; });
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == InputObjectSet)
            {
                foreach (var run in InputObject ?? Array.Empty<FlowRun>()) Cancel(run);
                return;
            }
            foreach (var id in Id ?? Array.Empty<Guid>())
            {
                if (_seen.Contains(id)) continue;
                FlowRun run;
                try
                {
                    run = RunForItem((core, ct) => new FlowRunControl(core.Backend).GetAsync(id, ct));
                }
                catch (PrefectException ex) when (ex.Kind == PrefectErrorKind.NotFound)
                {
                    _failed++;
                    WriteError(ErrorRecords.From(ex, id));
                    continue;
                }
                catch (PrefectException ex)
                {
                    ThrowTerminatingError(ErrorRecords.From(ex, id));
                    return;
                }
                Cancel(run);
            }
        }

        private void Cancel(FlowRun run)
        {
            if (!_seen.Add(run.Id)) return;
            if (ShouldProcess($"{run.Name} ({run.Id})", $"Cancel the flow run (now {run.State})")) _approved.Add(run);
        }

        private void Report(CancelResult result)
        {
            var run = result.Run;
            switch (result.Outcome)
            {
                case CancelOutcome.Failed:
                    _failed++;
                    WriteError(ErrorRecords.From(result.Error!, run));
                    return;
                case CancelOutcome.AlreadyFinal:
                    _alreadyFinal++;
                    WriteWarning(result.Warning);
                    break;
                case CancelOutcome.Cancelled:
                    _cancelled++;
                    WriteVerbose($"{run.Name}: Cancelled (it had not started, so nothing had to be stopped).");
                    break;
                case CancelOutcome.Cancelling:
                    WriteVerbose($"{run.Name}: Cancelling; its worker stops the infrastructure and reports Cancelled.");
                    if (Wait) { _cancelling.Add(run); return; }
                    _cancelled++;
                    break;
            }
            if (PassThru) WriteObject(run);
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            if (_approved.Count > 0)
            {
                var approved = _approved.ToList();
                var progress = new BulkProgress(this, "Cancelling flow runs", approved.Count);
                Run((core, ct) => new FlowRunControl(core.Backend).CancelManyAsync(approved, null, result => Post(() =>
                {
                    Report(result);
                    progress.Advance(result.Run.Name);
                }), ct));
                progress.Complete();
            }
            int going = 0;
            if (Wait && _cancelling.Count > 0)
            {
                var (cancelling, pollInterval, timeout) = (_cancelling.ToList(), PollInterval, Timeout);
                var stillGoing = Run((core, ct) => new FlowRunWaiter(core.Backend).WaitAsync(cancelling, pollInterval, timeout,
                    run => Post(() =>
                    {
                        _cancelled++;
                        WriteVerbose($"{run.Name}: {run.State}.");
                        if (PassThru) WriteObject(run);
                    }),
                    gone => Post(() => WriteWarning($"Flow run {gone.Name} ({gone.Id}) was deleted while waiting for it to end.")),
                    ct));
                going = stillGoing.Count;
                if (going > 0)
                    WriteError(ErrorRecords.From(FlowRunWaiter.TimedOut(stillGoing, Timeout), stillGoing.ToArray()));
            }
            if (_seen.Count > 0 && (!PassThru || _failed > 0 || going > 0))
                HostSummary.Write(this, $"{(Wait ? "Cancelled" : "Cancelled or cancelling")} {_cancelled} flow run{(_cancelled == 1 ? "" : "s")}, " +
                    $"already ended {_alreadyFinal}, failed {_failed}{(going > 0 ? $", still going after {Timeout} {going}" : "")}.");
        }
    }
}
