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

        /// <summary>The <paramref name="reads"/>-th read of the run while Cancelling already sees it Cancelled.</summary>
        public void FinishAfterReads(Guid runId, int reads) => _readsLeft[runId] = Math.Max(1, reads);

        public void OnRead(SandboxState s, FlowRunRec run)
        {
            if (run.State.Type != "CANCELLING" || !_readsLeft.TryGetValue(run.Id, out var left)) return;
            if (--left > 0) { _readsLeft[run.Id] = left; return; }
            _readsLeft.Remove(run.Id);
            var now = s.Now;
            FlowRunStates.Apply(run, FlowRunStates.Make(run.Id, "CANCELLED", "Cancelled", now), now, s.Major);
        }
    }
}
