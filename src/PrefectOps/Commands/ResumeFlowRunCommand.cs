using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Runs;
using PrefectOps.Infrastructure;

namespace PrefectOps.Commands
{
    /// <summary>
    /// Resumes paused flow runs, optionally giving input to a run that waits for it. Each run is read first: an unknown
    /// id, a run that is not paused, and a pause that has timed out are each an error with its own ErrorId.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Resume, "FlowRun", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
        DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(FlowRun))]
    public sealed class ResumeFlowRunCommand : PrefectCmdlet
    {
        private const string InputObjectSet = "InputObject";
        private const string IdSet = "Id";
        private readonly HashSet<Guid> _seen = new HashSet<Guid>();
        private JObject? _input;
        private int _resumed, _failed;

        /// <summary>Runs from Get-FlowRun -State Paused.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
        public FlowRun[]? InputObject { get; set; }

        /// <summary>Run ids.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        public Guid[]? Id { get; set; }

        /// <summary>Input for a run paused with wait_for_input, e.g. @{ approved = $true }; sent as JSON.</summary>
        [Parameter]
        public Hashtable? RunInput { get; set; }

        /// <summary>Emit the runs as the server has them after the resume.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _input = Checked(() => JsonValues.FromHashtable(RunInput, nameof(RunInput)));
            if (_input != null) WithCore(core => { FlowRunControl.RequireRunInputSupport(core.Backend, _input); return true; });
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == InputObjectSet)
                foreach (var run in InputObject ?? Array.Empty<FlowRun>()) Resume(run.Id, $"{run.Name} ({run.Id})");
            else
                foreach (var id in Id ?? Array.Empty<Guid>()) Resume(id, $"flow run {id}");
        }

        private void Resume(Guid id, string target)
        {
            if (!_seen.Add(id)) return;
            if (!ShouldProcess(target, _input != null ? "Resume the paused flow run with input" : "Resume the paused flow run")) return;
            var input = _input;
            var result = RunForItem((core, ct) => new FlowRunControl(core.Backend).ResumeAsync(id, input, ct));
            if (!result.Resumed)
            {
                _failed++;
                WriteError(ErrorRecords.From(result.Error!, result.Run));
                return;
            }
            _resumed++;
            WriteVerbose($"{result.Run.Name}: {result.Run.State}.");
            if (PassThru) WriteObject(result.Run);
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            if (_seen.Count > 0 && (!PassThru || _failed > 0))
                HostSummary.Write(this, $"Resumed {_resumed} flow run{(_resumed == 1 ? "" : "s")}, failed {_failed}.");
        }
    }
}
