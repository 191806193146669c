using System;
using System.Threading;

namespace PrefectOps.Bench
{
    /// <summary>
    /// Peak managed heap (GC.GetTotalMemory without collecting, every millisecond) above a collected baseline. The
    /// sandbox runs in this process too, so it counts the server's share of each request as well as the client's.
    /// </summary>
    internal sealed class HeapSampler : IDisposable
    {
        private readonly long _baseline;
        private readonly Thread _thread;
        private volatile bool _stop;
        private long _peak;

        public HeapSampler()
        {
            _baseline = GC.GetTotalMemory(forceFullCollection: true);
            _peak = _baseline;
            _thread = new Thread(Sample) { IsBackground = true, Name = "heap sampler" };
            _thread.Start();
        }

        public long PeakAboveBaseline => Math.Max(0, Interlocked.Read(ref _peak) - _baseline);

        private void Sample()
        {
            while (!_stop)
            {
                long now = GC.GetTotalMemory(false);
                if (now > Interlocked.Read(ref _peak)) Interlocked.Exchange(ref _peak, now);
                Thread.Sleep(1);
            }
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
        }
    }
}
