using System;
using System.Threading;
using System.Threading.Tasks;

namespace PrefectOps.Core.Http
{
    /// <summary>
    /// Waits for room under an <see cref="AdaptiveConcurrency"/> limit, and feeds it the answers a connection's
    /// <see cref="RequestStats"/> reports while the gate is open. One waiter at a time (the dispatcher of a bulk run).
    /// </summary>
    public sealed class ConcurrencyGate : IDisposable
    {
        private readonly object _gate = new object();
        private readonly RequestStats? _signals;
        private TaskCompletionSource<bool>? _waiter;

        public ConcurrencyGate(AdaptiveConcurrency limiter, RequestStats? signals)
        {
            Limiter = limiter;
            _signals = signals;
            if (_signals != null)
            {
                _signals.AttemptCompleted += OnAttempt;
                _signals.AttemptFailed += OnFailure;
            }
        }

        public AdaptiveConcurrency Limiter { get; }

        public async Task EnterAsync(CancellationToken ct)
        {
            while (true)
            {
                TaskCompletionSource<bool> waiter;
                lock (_gate)
                {
                    if (Limiter.TryEnter()) return;
                    // Continuations off this thread: Exit is called from a worker that must not run the dispatcher inline.
                    waiter = _waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                using (ct.Register(() => waiter.TrySetCanceled(ct)))
                    await waiter.Task.ConfigureAwait(false);
            }
        }

        public void Exit()
        {
            Limiter.Exit();
            Wake();
        }

        /// <summary>For callers without a connection's stats: the time one item took, as one answer.</summary>
        public void OnAttempt(TimeSpan latency, bool pushedBack)
        {
            Limiter.OnAttempt(latency, pushedBack);
            Wake();
        }

        private void OnFailure()
        {
            Limiter.OnConnectionFailure();
            Wake();
        }

        private void Wake()
        {
            TaskCompletionSource<bool>? waiter;
            lock (_gate)
            {
                waiter = _waiter;
                _waiter = null;
            }
            waiter?.TrySetResult(true);
        }

        public void Dispose()
        {
            if (_signals == null) return;
            _signals.AttemptCompleted -= OnAttempt;
            _signals.AttemptFailed -= OnFailure;
        }
    }
}
