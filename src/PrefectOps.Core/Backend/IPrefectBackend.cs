using System;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Http;

namespace PrefectOps.Core.Backend
{
    /// <summary>
    /// One Prefect API: what the server is, plus everything PrefectOps asks of it, split by subject so each part stays
    /// readable. REST (2.x/3.x) and GraphQL (Prefect 1) implement it; the rules above it are written once.
    /// </summary>
    public interface IPrefectBackend : IFlowBackend, IFlowRunBackend, IWorkQueueBackend, IDisposable
    {
        BackendKind Kind { get; }
        /// <summary>The Prefect server's version, e.g. "2.19.9"; "unknown" where the server does not say (Cloud).</summary>
        string ServerVersion { get; }
        /// <summary>The API's own version, e.g. "0.8.4" for Prefect 2.19's REST API.</summary>
        string ApiVersion { get; }
        RequestStats Stats { get; }
    }

    /// <summary>Reads that page: the most rows one read may ask for.</summary>
    public interface IPagedBackend
    {
        int MaxPageSize { get; }
    }
}
