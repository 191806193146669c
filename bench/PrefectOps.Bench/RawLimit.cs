using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace PrefectOps.Bench
{
    /// <summary>
    /// The raw limit of a step: the requests PrefectOps needed for it (recorded from its own run, counts left out: the
    /// fewest the API needs), sent again with a plain HttpClient, reading each answer whole and nothing more. Reads come
    /// first (a change needs its listing), then the changes, each flow's requests in their order. Sequential: one at a
    /// time; concurrent: up to N at once. 503/429 and broken connections are retried after 100 ms x attempt, as a
    /// careful client would.
    /// </summary>
    internal sealed class RawLimit : IDisposable
    {
        private readonly HttpClient _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromMinutes(5) };
        private readonly string _root;

        public RawLimit(Uri apiUrl) => _root = apiUrl.ToString().TrimEnd('/');

        /// <summary>What a replay cost: wall time, requests (retries included) and 503/429 answers.</summary>
        public sealed record Result(TimeSpan Wall, int Requests, int Throttled, TimeSpan ServerCpu);

        /// <summary>The needed requests: the recorded ones without counts (PrefectOps' own read-ahead bounds) and the connection's health check.</summary>
        public static IReadOnlyList<RecordedRequest> Needed(IEnumerable<RecordedRequest> recorded) =>
            recorded.Where(r => !r.Path.EndsWith("/count", StringComparison.Ordinal) && r.Path != "/health").ToList();

        /// <summary>
        /// An unmeasured listing of 50 deployments, sent before each measurement: after a large answer the server's
        /// Python process collects its garbage in whichever request comes next (measured: a quarter of a second after a
        /// whole-estate listing on 2.19.9), and that should not be charged to the next step by the order they run in.
        /// </summary>
        public async Task SettleAsync()
        {
            using var content = new StringContent("{\"limit\": 50}", Encoding.UTF8, "application/json");
            using var response = await _http.PostAsync(_root + "/deployments/filter", content);
        }

        public async Task<Result> ReplayAsync(IReadOnlyList<RecordedRequest> requests, int concurrency, IBenchTarget target)
        {
            await SettleAsync();
            var reads = requests.Where(r => r.Subject == null).Select(r => new[] { r }).ToList();
            var changes = requests.Where(r => r.Subject != null).GroupBy(r => r.Subject).Select(g => g.ToArray()).ToList();
            int sent = 0, throttled = 0;
            var cpu = target.CpuTime;
            var watch = Stopwatch.StartNew();
            foreach (var phase in new[] { reads, changes })
            {
                using var gate = new SemaphoreSlim(concurrency);
                await Task.WhenAll(phase.Select(async chain =>
                {
                    await gate.WaitAsync();
                    try
                    {
                        foreach (var r in chain)
                        {
                            var (attempts, pushedBack) = await SendAsync(r);
                            Interlocked.Add(ref sent, attempts);
                            Interlocked.Add(ref throttled, pushedBack);
                        }
                    }
                    finally { gate.Release(); }
                }));
            }
            return new Result(watch.Elapsed, sent, throttled, target.CpuTime - cpu);
        }

        private async Task<(int Attempts, int PushedBack)> SendAsync(RecordedRequest r)
        {
            int pushedBack = 0;
            for (int attempt = 1; ; attempt++)
            {
                using var request = new HttpRequestMessage(new HttpMethod(r.Method), _root + r.Path);
                if (r.Body != null) request.Content = new StringContent(r.Body, Encoding.UTF8, "application/json");
                try
                {
                    using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                    int status = (int)response.StatusCode;
                    if ((status == 503 || status == 429) && attempt < 20) { pushedBack++; await Task.Delay(100 * attempt); continue; }
                    if (!response.IsSuccessStatusCode)
                        throw new InvalidOperationException($"{r.Method} {r.Path} answered {status}: {await response.Content.ReadAsStringAsync()}");
                    return (attempt, pushedBack);
                }
                catch (HttpRequestException) when (attempt < 20)
                {
                    await Task.Delay(100 * attempt);
                }
            }
        }

        public void Dispose() => _http.Dispose();
    }
}
