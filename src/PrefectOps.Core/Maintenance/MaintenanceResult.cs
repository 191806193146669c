using PrefectOps.Core.Errors;
using PrefectOps.Core.Model;

namespace PrefectOps.Core.Maintenance
{
    public enum MaintenanceOutcome
    {
        Disabled,
        Enabled,
        Skipped,
        Failed,
    }

    /// <summary>What happened to one flow. A failed flow is left as it was (or restored to it).</summary>
    public sealed class MaintenanceResult
    {
        public MaintenanceResult(Flow flow, MaintenanceOutcome outcome, PrefectException? error = null, string? warning = null)
        {
            Flow = flow;
            Outcome = outcome;
            Error = error;
            Warning = warning;
        }

        public Flow Flow { get; }
        public MaintenanceOutcome Outcome { get; }
        public PrefectException? Error { get; }
        /// <summary>Something the user should know although the flow succeeded (a catch-up that could not be evaluated, say).</summary>
        public string? Warning { get; }
    }
}
