using System;
using System.Collections.Generic;
using PrefectOps.Sandbox.State;

namespace PrefectOps.Sandbox.Orchestration
{
    /// <summary>
    /// Plays the worker that stops a Cancelling run's infrastructure and reports CANCELLED, after the client has read
    /// the run a given number of times while it was Cancelling, so that waiting clients are tested without sleeping.
    /// Called under the state lock by the read routes.
    /// </summary>
    public sealed class CancellationWorker
    {
        private readonly Dictionary<Guid, int> _readsLeft = new Dictionary<Guid, int>();

        private int? _everyRunAfterReads;

        /// <summary>The <paramref name="reads"/>-th read of the run while Cancelling already sees it Cancelled.</summary>
        public void FinishAfterReads(Guid runId, int reads) => _readsLeft[runId] = Math.Max(1, reads);

        /// <summary>As <see cref="FinishAfterReads"/> for every run that goes Cancelling (a worker serving every queue); null: none.</summary>
        public void FinishEveryRunAfterReads(int? reads) => _everyRunAfterReads = reads.HasValue ? Math.Max(1, reads.Value) : (int?)null;

        public void OnRead(SandboxState s, FlowRunRec run)
        {
            if (run.State.Type != "CANCELLING") return;
            if (!_readsLeft.TryGetValue(run.Id, out var left))
            {
                if (_everyRunAfterReads == null) return;
                left = _everyRunAfterReads.Value;
            }
            if (--left > 0) { _readsLeft[run.Id] = left; return; }
            _readsLeft.Remove(run.Id);
            var now = s.Now;
            FlowRunStates.Apply(run, FlowRunStates.Make(run.Id, "CANCELLED", "Cancelled", now), now, s.Major);
        }
    }
}
