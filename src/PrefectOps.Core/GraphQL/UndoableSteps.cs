using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Errors;

namespace PrefectOps.Core.GraphQL
{
    /// <summary>
    /// A change Prefect 1 can only make in several mutations, made all-or-nothing: when a step fails, the steps
    /// before it are undone in reverse order, and so is the failed step itself when the failure leaves open whether
    /// the server applied it (every step and undo here sets a whole value, so undoing a step that did not happen is
    /// harmless). Undo ignores the caller's cancellation: after Ctrl+C the flow must still be left whole.
    /// </summary>
    internal sealed class UndoableSteps
    {
        private const int UndoRounds = 3;
        private readonly List<(string name, Func<CancellationToken, Task> apply, Func<CancellationToken, Task> undo)> _steps =
            new List<(string, Func<CancellationToken, Task>, Func<CancellationToken, Task>)>();
        private readonly string _subject;
        private readonly string _recovery;

        /// <param name="subject">The flow, for messages.</param>
        /// <param name="recovery">What the user does when even the undo fails.</param>
        public UndoableSteps(string subject, string recovery)
        {
            _subject = subject;
            _recovery = recovery;
        }

        public UndoableSteps Add(string name, Func<CancellationToken, Task> apply, Func<CancellationToken, Task> undo)
        {
            _steps.Add((name, apply, undo));
            return this;
        }

        public async Task RunAsync(CancellationToken ct)
        {
            int done = 0;
            try
            {
                for (; done < _steps.Count; done++)
                {
                    ct.ThrowIfCancellationRequested();
                    await _steps[done].apply(ct).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is PrefectException || ex is OperationCanceledException)
            {
                bool failedStepMayHaveApplied = !(ex is PrefectException pe) || Ambiguity.IsAmbiguous(pe);
                int undoFrom = done < _steps.Count && failedStepMayHaveApplied ? done : done - 1;
                var undoError = await UndoAsync(undoFrom).ConfigureAwait(false);
                if (undoError != null)
                {
                    throw new PrefectException(ErrorIds.MaintenanceUndoFailed, undoError.Kind,
                        $"{_subject}: '{(done < _steps.Count ? _steps[done].name : "the last step")}' failed ({ex.Message}), and putting back the earlier steps failed too ({undoError.Message}). " +
                        _recovery, ex);
                }
                if (ex is PrefectException prefect)
                    throw new PrefectException(prefect.ErrorId, prefect.Kind,
                        $"{prefect.Message} ({(undoFrom >= 0 ? "the steps already made were undone" : "nothing had been changed")}.)", prefect);
                throw;
            }
        }

        /// <summary>Undoes steps <paramref name="from"/> down to 0; returns the first undo that kept failing, else null.</summary>
        private async Task<PrefectException?> UndoAsync(int from)
        {
            for (int i = from; i >= 0; i--)
            {
                PrefectException? last = null;
                for (int round = 0; round < UndoRounds; round++)
                {
                    try
                    {
                        await _steps[i].undo(CancellationToken.None).ConfigureAwait(false);
                        last = null;
                        break;
                    }
                    catch (PrefectException ex) when (ex.Kind == PrefectErrorKind.NotFound)
                    {
                        // Deleted meanwhile: nothing left to put back.
                        last = null;
                        break;
                    }
                    catch (PrefectException ex)
                    {
                        last = ex;
                    }
                }
                if (last != null) return last;
            }
            return null;
        }
    }
}
