using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Util;

namespace PrefectOps.Core.Runs
{
    /// <summary>
    /// Stop-FlowRun -Wait: polls runs (one filter request per page of ids) until each is final or the timeout passes.
    /// The clock and the pause between polls are injectable so tests never sleep.
    /// </summary>
    public sealed class FlowRunWaiter
    {
        private readonly IFlowRunBackend _backend;
        private readonly IClock _clock;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;

        public FlowRunWaiter(IFlowRunBackend backend, IClock? clock = null, Func<TimeSpan, CancellationToken, Task>? delay = null)
        {
            _backend = backend;
            _clock = clock ?? SystemClock.Instance;
            _delay = delay ?? Task.Delay;
        }

        public static void Validate(TimeSpan pollInterval, TimeSpan timeout)
        {
            if (pollInterval <= TimeSpan.Zero)
                throw new PrefectException(ErrorIds.InvalidWaitOptions, PrefectErrorKind.InvalidArgument, $"-PollInterval must be positive (got {pollInterval}).");
            if (timeout < TimeSpan.Zero)
                throw new PrefectException(ErrorIds.InvalidWaitOptions, PrefectErrorKind.InvalidArgument, $"-Timeout cannot be negative (got {timeout}).");
        }

        /// <summary>
        /// Calls <paramref name="onFinal"/> with each run as it ends; returns the runs still going at the timeout
        /// (empty when all ended). A run deleted meanwhile is reported through <paramref name="onGone"/>.
        /// </summary>
        public async Task<IReadOnlyList<FlowRun>> WaitAsync(IEnumerable<FlowRun> runs, TimeSpan pollInterval, TimeSpan timeout,
            Action<FlowRun> onFinal, Action<FlowRun>? onGone, CancellationToken ct)
        {
            Validate(pollInterval, timeout);
            var pending = new Dictionary<Guid, FlowRun>();
            foreach (var run in runs)
            {
                if (run.IsFinal) onFinal(run);
                else pending[run.Id] = run;
            }
            var deadline = _clock.UtcNow + timeout;
            var catalog = new FlowRunCatalog(_backend);
            while (pending.Count > 0)
            {
                var (found, missing) = await catalog.GetRunsAsync(pending.Keys.ToList(), ct).ConfigureAwait(false);
                foreach (var run in found)
                {
                    pending[run.Id] = run;
                    if (!run.IsFinal) continue;
                    pending.Remove(run.Id);
                    onFinal(run);
                }
                foreach (var id in missing)
                {
                    onGone?.Invoke(pending[id]);
                    pending.Remove(id);
                }
                if (pending.Count == 0) break;
                var left = deadline - _clock.UtcNow;
                if (left <= TimeSpan.Zero) break;
                await _delay(left < pollInterval ? left : pollInterval, ct).ConfigureAwait(false);
            }
            return pending.Values.ToList();
        }

        /// <summary>The error for runs still going at the timeout, naming them.</summary>
        public static PrefectException TimedOut(IReadOnlyList<FlowRun> stillGoing, TimeSpan timeout)
        {
            const int named = 10;
            string names = string.Join(", ", stillGoing.Take(named).Select(r => $"{r.Name} ({r.Id}, {r.State})"));
            if (stillGoing.Count > named) names += $" and {stillGoing.Count - named} more";
            return new PrefectException(ErrorIds.FlowRunWaitTimedOut, PrefectErrorKind.OperationTimeout,
                $"{stillGoing.Count} flow run{(stillGoing.Count == 1 ? " was" : "s were")} still not final after {timeout}: {names}. " +
                "A Cancelling run ends when its worker stops the infrastructure; check that the worker is running.");
        }
    }
}
