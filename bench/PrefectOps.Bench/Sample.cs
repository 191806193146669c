using System;

namespace PrefectOps.Bench
{
    /// <summary>One measured run of one step. Heap figures are the client's, above a collected baseline (see <see cref="HeapSampler"/>).</summary>
    internal sealed record Sample(TimeSpan Wall, int Flows, long Requests, long Throttled, long ServerResets, int PeakLimit,
        long PeakHeapBytes, long PeakHeldBytes, int Collections, long BaselineBytes, TimeSpan ClientCpu, TimeSpan ServerCpu);
}
