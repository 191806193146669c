using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Maintenance;

namespace PrefectOps.Core.Runs
{
    /// <summary>
    /// Stop-FlowRun and Resume-FlowRun: one request per run, and the server's answer read as the recordings show it
    /// (set_state answers 201 when it wrote a state, which may be another than asked; 200 REJECT/ABORT with a reason).
    /// Never throws for one run's own failure: it comes back in the result.
    /// </summary>
    public sealed class FlowRunControl
    {
        public const string CancelMessage = "Cancelled with PrefectOps (Stop-FlowRun).";
        private readonly IFlowRunBackend _backend;

        public FlowRunControl(IFlowRunBackend backend) => _backend = backend;

        /// <summary>
        /// -RunInput where the server cannot take it (Prefect 1) is refused before any run is touched: one clear error
        /// for the command, not one per run.
        /// </summary>
        public static void RequireRunInputSupport(IFlowRunBackend backend, JObject? runInput)
        {
            if (runInput == null || backend.SupportsRunInput) return;
            throw new PrefectException(ErrorIds.RunInputNotSupported, PrefectErrorKind.NotSupported,
                "-RunInput is not available on Prefect 1: a paused run there is resumed by resuming its paused task runs, which take no input. Run Resume-FlowRun without -RunInput.");
        }

        /// <summary>The run as it is now (for -Id): ErrorId FlowRunNotFound when the server does not know it.</summary>
        public Task<FlowRun> GetAsync(Guid id, CancellationToken ct) => _backend.GetFlowRunAsync(id, ct);

        /// <summary>
        /// Cancels many runs, as many at a time as <paramref name="options"/> allow (default: adaptive up to
        /// <see cref="Http.AdaptiveConcurrency.DefaultMaxLimit"/>), reporting each result as it comes, from worker threads.
        /// </summary>
        public Task CancelManyAsync(IReadOnlyList<FlowRun> runs, BulkOptions? options, Action<CancelResult> onResult, CancellationToken ct) =>
            BulkRunner.RunAsync(runs, (options ?? new BulkOptions()).WithDefaultSignals((_backend as IPrefectBackend)?.Stats),
                CancelAsync, onResult, ct);

        public async Task<CancelResult> CancelAsync(FlowRun run, CancellationToken ct)
        {
            bool wasFinal = run.IsFinal;
            string before = run.State;
            OrchestrationAnswer answer;
            try
            {
                answer = await _backend.RequestCancelAsync(run.Id, CancelMessage, ct).ConfigureAwait(false);
            }
            catch (PrefectException ex) when (Ambiguity.IsAmbiguous(ex) && !wasFinal)
            {
                // An attempt may have been applied before its answer was lost: the run's state says which.
                var now = await TryGetAsync(run.Id, ct).ConfigureAwait(false);
                if (now?.StateType == "CANCELLING") return new CancelResult(now, CancelOutcome.Cancelling);
                if (now?.StateType == "CANCELLED") return new CancelResult(now, CancelOutcome.Cancelled);
                return new CancelResult(run, CancelOutcome.Failed, ex);
            }
            catch (PrefectException ex)
            {
                return new CancelResult(run, CancelOutcome.Failed, ex);
            }
            Apply(run, answer);

            if (answer.Written)
            {
                switch (answer.StateType)
                {
                    case "CANCELLING": return new CancelResult(run, CancelOutcome.Cancelling);
                    // Scheduled/Paused -> CANCELLING: no infrastructure to stop, written as CANCELLED (answered REJECT).
                    case "CANCELLED": return new CancelResult(run, CancelOutcome.Cancelled);
                }
                return Refused(run, answer, $"the server moved it to {answer.StateName ?? answer.StateType} instead");
            }

            switch (answer.StateType)
            {
                // Already on its way out: what we asked for is what is happening.
                case "CANCELLING": return new CancelResult(run, CancelOutcome.Cancelling);
                // Cancelled since we last saw it running (an earlier attempt of this request, or someone else): done.
                case "CANCELLED" when !wasFinal: return new CancelResult(run, CancelOutcome.Cancelled);
            }
            if (run.IsFinal)
                return new CancelResult(run, CancelOutcome.AlreadyFinal,
                    warning: $"Flow run {run.Name} ({run.Id}) has already ended ({run.State}); nothing to cancel.");
            // Prefect refuses to cancel a run paused in its process (only a suspended one is bypassed to Cancelled).
            string hint = run.StateType == "PAUSED" ? ". A run paused in its process cannot be cancelled while paused: resume it (Resume-FlowRun) and stop it, or let its pause time out" : "";
            return Refused(run, answer, $"it stays {run.State}{(run.State != before ? $" (was {before})" : "")}{hint}");
        }

        /// <summary>
        /// Reads the run first (an unknown id makes the server's resume fail with 500), checks it is paused, then
        /// resumes it with <paramref name="runInput"/> if given.
        /// </summary>
        public async Task<ResumeResult> ResumeAsync(Guid id, JObject? runInput, CancellationToken ct)
        {
            FlowRun run;
            try
            {
                run = await _backend.GetFlowRunAsync(id, ct).ConfigureAwait(false);
            }
            catch (PrefectException ex)
            {
                return new ResumeResult(new FlowRun { Id = id, Name = id.ToString() }, ex);
            }
            if (run.StateType != "PAUSED")
                return new ResumeResult(run, NotPaused(run, null));

            var pauseTimeout = run.PauseTimeout;
            OrchestrationAnswer answer;
            try
            {
                answer = await _backend.ResumeAsync(id, runInput, ct).ConfigureAwait(false);
            }
            catch (PrefectException ex) when (Ambiguity.IsAmbiguous(ex))
            {
                // Resume is not repeated (a second one would be refused as "not paused"), but the first may have
                // been applied before the answer was lost: the run's state says which.
                var now = await TryGetAsync(id, ct).ConfigureAwait(false);
                if (now != null && now.StateType != "PAUSED" && !now.IsFinal) return new ResumeResult(now);
                return new ResumeResult(run, ex);
            }
            catch (PrefectException ex)
            {
                return new ResumeResult(run, ex);
            }
            Apply(run, answer);

            if (answer.Written && (answer.StateType == "RUNNING" || answer.StateType == "SCHEDULED"))
                return new ResumeResult(run);
            if (answer.Written && answer.StateType == "FAILED")
                // The server fails a run whose pause expired when asked to resume it ("resume after pause_timeout expired").
                return new ResumeResult(run, new PrefectException(ErrorIds.FlowRunPauseTimedOut, PrefectErrorKind.InvalidOperation,
                    $"Flow run {run.Name} ({run.Id}) cannot resume: its pause timed out{(pauseTimeout.HasValue ? $" at {pauseTimeout.Value.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z" : "")}. " +
                    $"The server has marked it Failed{(run.StateMessage != null ? $" (\"{run.StateMessage}\")" : "")}; start a new run instead."));
            if (!answer.Written && answer.Status == "ABORT")
                // Raced: resumed or ended between our read and the resume ("Cannot resume a flow run that is not paused.").
                return new ResumeResult(run, NotPaused(run, answer.Reason));
            return new ResumeResult(run, new PrefectException(ErrorIds.FlowRunResumeRejected, PrefectErrorKind.InvalidOperation,
                $"The server refused to resume flow run {run.Name} ({run.Id}): {answer.Status} \"{answer.Reason ?? "no reason given"}\"" +
                (runInput != null ? ". If the run waits for input, check -RunInput against what the flow asks for." : ".")));
        }

        private async Task<FlowRun?> TryGetAsync(Guid id, CancellationToken ct)
        {
            try { return await _backend.GetFlowRunAsync(id, ct).ConfigureAwait(false); }
            catch (PrefectException) { return null; }
        }

        private static PrefectException NotPaused(FlowRun run, string? serverReason) =>
            new PrefectException(ErrorIds.FlowRunNotPaused, PrefectErrorKind.InvalidOperation,
                $"Flow run {run.Name} ({run.Id}) is {(string.IsNullOrEmpty(run.State) ? "not paused" : run.State + ", not paused")}; only paused runs can be resumed" +
                (serverReason != null ? $" (server: \"{serverReason}\")." : "."));

        private static CancelResult Refused(FlowRun run, OrchestrationAnswer answer, string what) =>
            new CancelResult(run, CancelOutcome.Failed, new PrefectException(ErrorIds.FlowRunCancelRejected, PrefectErrorKind.InvalidOperation,
                $"The server did not cancel flow run {run.Name} ({run.Id}): {answer.Status} \"{answer.Reason ?? "no reason given"}\"; {what}." +
                (answer.Status == "WAIT" ? " It asked to try again later." : "")));

        /// <summary>The answer's state is the run's state now, written or kept.</summary>
        private static void Apply(FlowRun run, OrchestrationAnswer answer)
        {
            if (answer.StateType == null) return;
            run.StateType = answer.StateType;
            run.State = answer.StateName ?? answer.StateType;
            run.StateMessage = answer.StateMessage;
        }
    }
}
