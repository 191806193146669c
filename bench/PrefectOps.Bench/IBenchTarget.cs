using System;
using System.Threading.Tasks;

namespace PrefectOps.Bench
{
    /// <summary>The server a step runs against: the sandbox child or a real Prefect, with what it cost the server.</summary>
    internal interface IBenchTarget
    {
        Uri ApiUrl { get; }

        /// <summary>CPU the server process has used so far (user and kernel).</summary>
        TimeSpan CpuTime { get; }

        /// <summary>Requests the server has reset so far (the sandbox's single-writer mode; 0 elsewhere).</summary>
        Task<long> ResetsAsync();
    }
}
