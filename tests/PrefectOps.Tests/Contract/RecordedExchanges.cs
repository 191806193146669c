using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PrefectOps.Sandbox.Contract;

namespace PrefectOps.Tests.Contract
{
    /// <summary>One request/response recorded on a real server (shared/prefect-api/prefect2-recorded-exchanges.md).</summary>
    public sealed class RecordedExchange
    {
        public int Index { get; init; }
        public string Title { get; init; } = "";
        /// <summary>Null when the exchange has no `METHOD /path` line (it cannot be replayed).</summary>
        public string? Method { get; init; }
        public string? Path { get; init; }
        public string? RequestBody { get; init; }
        public int? Status { get; init; }
        public JToken? Response { get; init; }
        /// <summary>The request headers recorded with it (`headers:` block), in order.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = Array.Empty<KeyValuePair<string, string>>();
        /// <summary>Which of several recorded servers answered (`server:` line), where a recording used more than one.</summary>
        public string? Server { get; init; }

        public override string ToString() => $"#{Index} '{Title}' ({Method} {Path} -> {Status})";
    }

    /// <summary>
    /// Parses the recorded-exchanges markdown: ### title, optional server: name, `METHOD /path`, optional headers: ```http```
    /// (one `Name: value` a line), request: ```json```, status: N, response: ```json```.
    /// </summary>
    public static class RecordedExchanges
    {
        private static readonly Regex RequestLine = new Regex(@"^`([A-Z]+) (/[^`]*)`\s*$");
        private static readonly Regex StatusLine = new Regex(@"^status:?\s*(\d{3})\s*$");

        private static readonly Lazy<IReadOnlyList<RecordedExchange>> Prefect2 =
            new Lazy<IReadOnlyList<RecordedExchange>>(() => Parse(File.ReadAllText(SharedApiDocs.RecordedExchangesPath(2))));

        public static IReadOnlyList<RecordedExchange> ForPrefect2 => Prefect2.Value;

        public static IReadOnlyList<RecordedExchange> Parse(string markdown)
        {
            var result = new List<RecordedExchange>();
            var lines = markdown.Replace("\r\n", "\n").Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (!lines[i].StartsWith("### ", StringComparison.Ordinal)) continue;
                var title = lines[i].Substring(4).Trim();
                string? method = null, path = null, request = null, server = null;
                var headers = new List<KeyValuePair<string, string>>();
                int? status = null;
                JToken? response = null;
                string? pending = null; // "request" or "response" once its label line was seen
                var j = i + 1;
                for (; j < lines.Length && !lines[j].StartsWith("### ", StringComparison.Ordinal) && !lines[j].StartsWith("## ", StringComparison.Ordinal); j++)
                {
                    var line = lines[j];
                    Match m;
                    if (method == null && (m = RequestLine.Match(line)).Success) (method, path) = (m.Groups[1].Value, m.Groups[2].Value);
                    else if (status == null && (m = StatusLine.Match(line)).Success) status = int.Parse(m.Groups[1].Value);
                    else if (server == null && line.StartsWith("server: ", StringComparison.Ordinal)) server = line.Substring(8).Trim();
                    else if (line.Trim() == "request:" || line.Trim() == "response:" || line.Trim() == "headers:") pending = line.Trim().TrimEnd(':');
                    else if (line.StartsWith("```", StringComparison.Ordinal))
                    {
                        var block = new StringBuilder();
                        for (j++; j < lines.Length && !lines[j].StartsWith("```", StringComparison.Ordinal); j++) block.Append(lines[j]).Append('\n');
                        if (pending == "request") request = block.ToString().TrimEnd('\n');
                        else if (pending == "headers")
                            foreach (var header in block.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
                            {
                                int colon = header.IndexOf(": ", StringComparison.Ordinal);
                                headers.Add(new KeyValuePair<string, string>(header.Substring(0, colon), header.Substring(colon + 2)));
                            }
                        else if (pending == "response") response = ParseOrText(block.ToString());
                        pending = null;
                    }
                }
                result.Add(new RecordedExchange
                {
                    Index = result.Count, Title = title, Method = method, Path = path,
                    RequestBody = request, Status = status, Response = response, Headers = headers, Server = server,
                });
                i = j - 1;
            }
            return result;
        }

        private static JToken ParseOrText(string text)
        {
            try
            {
                using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None };
                return JToken.ReadFrom(reader);
            }
            catch (JsonException)
            {
                return new JValue(text);
            }
        }

        /// <summary>The first element of each exception_detail[].loc of a FastAPI 422 ("body", "path", "query").</summary>
        public static IReadOnlyList<string> RejectedLocations(RecordedExchange e) =>
            e.Response is JObject { } r && r["exception_detail"] is JArray details
                ? details.Select(d => d["loc"]?.FirstOrDefault()?.ToString()).Where(s => s != null).Select(s => s!).Distinct().ToList()
                : (IReadOnlyList<string>)Array.Empty<string>();
    }
}
