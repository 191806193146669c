using PrefectOps.Core.Errors;

namespace PrefectOps.Core.Runs
{
    public enum CancelOutcome
    {
        /// <summary>The run was running: it is Cancelling until its worker stops the infrastructure.</summary>
        Cancelling,
        /// <summary>The run had not started (or was paused): the server cancelled it at once.</summary>
        Cancelled,
        /// <summary>The run had ended already: nothing to cancel (a warning, not an error).</summary>
        AlreadyFinal,
        /// <summary>The server refused; <see cref="CancelResult.Error"/> carries its reason.</summary>
        Failed,
    }

    /// <summary>What happened to one run. <see cref="Run"/> shows the state the server reported.</summary>
    public sealed class CancelResult
    {
        public CancelResult(FlowRun run, CancelOutcome outcome, PrefectException? error = null, string? warning = null)
        {
            Run = run;
            Outcome = outcome;
            Error = error;
            Warning = warning;
        }

        public FlowRun Run { get; }
        public CancelOutcome Outcome { get; }
        public PrefectException? Error { get; }
        public string? Warning { get; }
    }

    /// <summary>What happened to one resume. A failed one carries the reason with its own ErrorId.</summary>
    public sealed class ResumeResult
    {
        public ResumeResult(FlowRun run, PrefectException? error = null)
        {
            Run = run;
            Error = error;
        }

        public FlowRun Run { get; }
        public bool Resumed => Error == null;
        public PrefectException? Error { get; }
    }
}
