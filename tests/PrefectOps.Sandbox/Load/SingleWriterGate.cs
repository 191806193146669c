using System.Threading;

namespace PrefectOps.Sandbox.Load
{
    /// <summary>SQLite's one writer: taken without waiting, or not at all (a waiting write is what answers 503).</summary>
    internal sealed class SingleWriterGate
    {
        private int _busy;

        public bool TryEnter() => Interlocked.CompareExchange(ref _busy, 1, 0) == 0;

        public void Exit() => Volatile.Write(ref _busy, 0);
    }
}
