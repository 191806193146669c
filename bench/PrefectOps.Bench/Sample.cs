using System;

namespace PrefectOps.Bench
{
    /// <summary>One measured run of one step.</summary>
    internal sealed record Sample(TimeSpan Wall, int Flows, long Requests, long Throttled, long ServerResets, int PeakLimit, long PeakHeapBytes);
}
