using System;
using System.Net.Http;
using System.Threading.Tasks;
using Xunit;

namespace PrefectOps.Tests.Differential
{
    /// <summary>
    /// The real Prefect servers build.ps1 -Task Test starts (../shared/prefect-server): their URLs come in
    /// PREFECTOPS_PREFECT2_API_URL and PREFECTOPS_PREFECT3_API_URL.
    /// </summary>
    public static class RealServers
    {
        public static string Variable(int major) => $"PREFECTOPS_PREFECT{major}_API_URL";

        public static Uri? Url(int major) =>
            Environment.GetEnvironmentVariable(Variable(major)) is { Length: > 0 } url ? new Uri(url.TrimEnd('/')) : null;

        /// <summary>build.ps1 starts the servers beside the build: the first test to need one may find it still starting.</summary>
        public static async Task WaitHealthyAsync(Uri apiUrl, TimeSpan timeout)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                try
                {
                    if ((await http.GetStringAsync(apiUrl + "/health")).Trim() == "true") return;
                }
                catch (Exception ex) when (ex is HttpRequestException || ex is TaskCanceledException) { }
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"The real Prefect server at {apiUrl} did not answer GET /health within {timeout.TotalSeconds:0} s.");
                await Task.Delay(500);
            }
        }
    }

    /// <summary>
    /// A test that needs the real Prefect server of one version: it runs where build.ps1 (or the developer) gives that
    /// server's URL, and is skipped, saying how to run it, where none is given (a plain `dotnet test`).
    /// </summary>
    public sealed class RealServerFactAttribute : FactAttribute
    {
        public RealServerFactAttribute(int major)
        {
            if (RealServers.Url(major) == null)
                Skip = $"Needs a real Prefect {major}: `dotnet pwsh ./build.ps1 -Task Test` starts one, or set {RealServers.Variable(major)} to its API URL.";
        }
    }
}
