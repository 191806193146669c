using System;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Util;

namespace PrefectOps.Core.Http
{
    /// <summary>
    /// Waits for room under an <see cref="AdaptiveConcurrency"/> limit, and feeds it the answers a connection's
    /// <see cref="RequestStats"/> reports while the gate is open. The dispatcher of a bulk run enters for each new
    /// item; items coming back from a backoff (<see cref="ConcurrencySlot"/>) re-enter ahead of it.
    /// </summary>
    public sealed class ConcurrencyGate : IDisposable
    {
        private readonly object _gate = new object();
        private readonly RequestStats? _signals;
        private TaskCompletionSource<bool>? _roomMayHaveOpened;
        private int _returning;

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

        /// <summary>Room for a new item; items returning from a backoff go first.</summary>
        public Task EnterAsync(CancellationToken ct) => EnterAsync(returning: false, ct);

        /// <summary>Room again for an item that lent its own during a backoff.</summary>
        internal async Task ReenterAsync(CancellationToken ct)
        {
            lock (_gate) _returning++;
            try { await EnterAsync(returning: true, ct).ConfigureAwait(false); }
            finally
            {
                lock (_gate) _returning--;
                Wake(); // the dispatcher may have been waiting behind it
            }
        }

        private async Task EnterAsync(bool returning, CancellationToken ct)
        {
            while (true)
            {
                Task roomMayHaveOpened;
                lock (_gate)
                {
                    if ((returning || _returning == 0) && Limiter.TryEnter()) return;
                    // One signal for every waiter; continuations off this thread, since Exit is called from a worker
                    // that must not run the dispatcher inline.
                    _roomMayHaveOpened ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    roomMayHaveOpened = _roomMayHaveOpened.Task;
                }
                await Waiting.UnlessCancelledAsync(roomMayHaveOpened, ct).ConfigureAwait(false);
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
            TaskCompletionSource<bool>? signal;
            lock (_gate)
            {
                signal = _roomMayHaveOpened;
                _roomMayHaveOpened = null;
            }
            signal?.TrySetResult(true);
        }

        public void Dispose()
        {
            if (_signals == null) return;
            _signals.AttemptCompleted -= OnAttempt;
            _signals.AttemptFailed -= OnFailure;
        }
    }
}
