using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace PrefectOps.Tests.Differential
{
    /// <summary>One server a scenario is sent to (a real Prefect or the sandbox), with the ids its answers gave.</summary>
    public sealed class ApiTarget : IDisposable
    {
        private readonly HttpClient _http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        private readonly string _root;

        public ApiTarget(string name, Uri apiUrl)
        {
            Name = name;
            _root = apiUrl.ToString().TrimEnd('/');
        }

        public string Name { get; }

        /// <summary>Values captured from earlier answers (`{name}` in later paths and bodies).</summary>
        public Dictionary<string, string> Captured { get; } = new Dictionary<string, string>();

        /// <summary>
        /// Sends one request. Retries what Prefect's own client retries (503 while SQLite is busy, 429, a connection the
        /// server closed after such an answer): the real server's services hold its database now and then, which is no
        /// difference of behaviour.
        /// </summary>
        public async Task<(int Status, JToken? Body)> SendAsync(string method, string path, string? body)
        {
            for (int attempt = 1; ; attempt++)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), _root + path);
                if (body != null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                try
                {
                    using var response = await _http.SendAsync(request);
                    int status = (int)response.StatusCode;
                    string text = await response.Content.ReadAsStringAsync();
                    if ((status == 503 || status == 429) && attempt < 10) { await Task.Delay(100 * attempt); continue; }
                    return (status, Parse(text));
                }
                catch (HttpRequestException) when (attempt < 10)
                {
                    await Task.Delay(100 * attempt);
                }
            }
        }

        private static JToken? Parse(string text)
        {
            if (string.IsNullOrEmpty(text)) return null;
            try
            {
                using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None };
                return JToken.ReadFrom(reader);
            }
            catch (JsonException) { return new JValue(text); }
        }

        public void Dispose() => _http.Dispose();
    }
}
