using System;
using System.Threading;
using System.Threading.Tasks;

namespace PrefectOps.Core.Http
{
    /// <summary>
    /// The room a bulk item holds in its run's <see cref="ConcurrencyGate"/>, visible to the HTTP pipeline through the
    /// async flow. A request that waits out a backoff gives the room back for the wait: against a server that takes
    /// one writer (SQLite), the other items go on writing instead of all waiting for the one that was pushed back.
    /// </summary>
    internal sealed class ConcurrencySlot
    {
        private static readonly AsyncLocal<ConcurrencySlot?> Current = new AsyncLocal<ConcurrencySlot?>();
        private readonly ConcurrencyGate _gate;
        private int _held = 1;

        private ConcurrencySlot(ConcurrencyGate gate) => _gate = gate;

        /// <summary>
        /// For the item whose room <paramref name="gate"/> has just given: the work awaited after this call, in the
        /// same async method, sees the slot. Call <see cref="Release"/> when the item is done.
        /// </summary>
        public static ConcurrencySlot Hold(ConcurrencyGate gate) => Current.Value = new ConcurrencySlot(gate);

        /// <summary>Gives the room back, unless a backoff had it lent and could not get it again (cancelled).</summary>
        public void Release()
        {
            if (Interlocked.Exchange(ref _held, 0) == 1) _gate.Exit();
        }

        /// <summary>
        /// Waits through <paramref name="wait"/> without the current item's room (if it runs in a bulk run), and gets the
        /// room back before returning, ahead of items not yet started. Outside a bulk run it is just the wait.
        /// </summary>
        public static async Task WaitWithoutRoomAsync(Func<CancellationToken, Task> wait, CancellationToken ct)
        {
            var slot = Current.Value;
            // Parallel requests of one item share its room: only the first to back off lends it.
            bool lent = slot != null && Interlocked.CompareExchange(ref slot._held, 0, 1) == 1;
            if (lent) slot!._gate.Exit();
            await wait(ct).ConfigureAwait(false);
            if (!lent) return;
            await slot!._gate.ReenterAsync(ct).ConfigureAwait(false);
            Volatile.Write(ref slot._held, 1);
        }
    }
}
