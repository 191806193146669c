using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace PrefectOps.Bench
{
    /// <summary>One request PrefectOps sent and the server answered with success.</summary>
    internal sealed record RecordedRequest(string Method, string Path, string? Body)
    {
        /// <summary>The deployment or flow run it changes ("/deployments/{id}/schedule" -> "/deployments/{id}"), or null for a read.</summary>
        public string? Subject => Method == "GET" || Path.EndsWith("/filter", StringComparison.Ordinal) || Path.EndsWith("/count", StringComparison.Ordinal)
            ? null
            : string.Join('/', Path.Split('/', StringSplitOptions.RemoveEmptyEntries)[..Math.Min(2, Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Length)]);
    }

    /// <summary>
    /// The HTTP handler of a measured connection: as PrefectOps' own (decompression, 32 connections), and it keeps every
    /// request the server answered with success, so the raw limit can send exactly the requests PrefectOps needed.
    /// </summary>
    internal sealed class RequestRecorder : DelegatingHandler
    {
        private readonly List<RecordedRequest> _requests = new List<RecordedRequest>();

        public RequestRecorder() : base(new HttpClientHandler
        {
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            MaxConnectionsPerServer = 32,
        }) { }

        public Uri? ApiRoot { get; set; }

        public IReadOnlyList<RecordedRequest> Requests { get { lock (_requests) return _requests.ToArray(); } }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            string? body = request.Content == null ? null : await request.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            var response = await base.SendAsync(request, ct).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                string path = request.RequestUri!.AbsolutePath;
                if (ApiRoot != null && path.StartsWith(ApiRoot.AbsolutePath, StringComparison.Ordinal)) path = path.Substring(ApiRoot.AbsolutePath.TrimEnd('/').Length);
                lock (_requests) _requests.Add(new RecordedRequest(request.Method.Method, path, body));
            }
            return response;
        }
    }
}
