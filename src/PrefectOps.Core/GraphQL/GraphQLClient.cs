using System;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Http;

namespace PrefectOps.Core.GraphQL
{
    /// <summary>
    /// GraphQL over the connection's one HTTP pipeline (auth, retries, timeouts, cancellation, secrecy stay there):
    /// POST {query, variables, operationName}; HTTP 400 (schema validation) and HTTP 200 with `errors` (a resolver)
    /// both become PrefectExceptions with the server's message. Cloud 1.0's API_ERROR is retried like a 503 when the
    /// call may be repeated.
    /// </summary>
    public sealed class GraphQLClient : IDisposable
    {
        private static readonly Regex OperationHeader = new Regex(@"^\s*(query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant);
        private readonly PrefectHttpClient _http;
        private readonly HttpOptions _options;
        private readonly BackoffSchedule _backoff;
        private readonly string _path;

        public GraphQLClient(PrefectHttpClient http, HttpOptions options)
        {
            _http = http;
            _options = options;
            _backoff = new BackoffSchedule(options);
            // Prefect 1 answers at /graphql (the UI's URL) and at / (Apollo's mount point); a root URL gets /graphql.
            _path = http.ApiRoot.AbsolutePath.EndsWith("/graphql", StringComparison.OrdinalIgnoreCase) ? "" : "/graphql";
        }

        public PrefectHttpClient Http => _http;
        public RequestStats Stats => _http.Stats;
        /// <summary>The URL the requests go to, for messages.</summary>
        public string Endpoint => _http.ApiRoot.AbsoluteUri.TrimEnd('/') + _path;

        /// <summary>A read: repeating it is harmless. Refuses null filter values before sending (<see cref="NullFilterGuard"/>).</summary>
        public Task<JObject> QueryAsync(string document, JObject? variables, CancellationToken ct)
        {
            string operation = NameOf(document, "query");
            NullFilterGuard.Check(operation, document, variables, isRead: true);
            return SendAsync(operation, document, variables, RetrySafety.Idempotent, ct);
        }

        /// <summary>A change; <paramref name="safety"/> says whether it may be sent twice (the call site says why).</summary>
        public Task<JObject> MutateAsync(string document, JObject? variables, RetrySafety safety, CancellationToken ct)
        {
            string operation = NameOf(document, "mutation");
            NullFilterGuard.Check(operation, document, variables, isRead: false);
            return SendAsync(operation, document, variables, safety, ct);
        }

        private async Task<JObject> SendAsync(string operation, string document, JObject? variables, RetrySafety safety, CancellationToken ct)
        {
            var body = new JObject { ["query"] = document, ["operationName"] = operation };
            if (variables != null) body["variables"] = variables;
            for (int attempt = 1; ; attempt++)
            {
                JToken? answer;
                try
                {
                    answer = await _http.PostAsync(_path, body, safety, ct).ConfigureAwait(false);
                }
                catch (PrefectApiException ex) when (ex.StatusCode == HttpStatusCode.BadRequest)
                {
                    throw GraphQLErrors.Validation(operation, Endpoint, ex.ServerDetail, ex);
                }
                catch (PrefectApiException ex) when (ex.StatusCode == HttpStatusCode.Unauthorized)
                {
                    throw new PrefectException(ErrorIds.AuthenticationFailed, PrefectErrorKind.Authentication,
                        $"Prefect at {Endpoint} refused the credentials (401{(ex.ServerDetail != null ? ": " + ex.ServerDetail : "")}). " +
                        "Check the API key given to Connect-Prefect -ApiKey or in PREFECT_API_KEY (Cloud 1.0 takes an API key as a Bearer token), and -TenantId.", ex);
                }
                if (!(answer is JObject result))
                    throw new PrefectException(ErrorIds.MalformedResponse, PrefectErrorKind.InvalidResult,
                        $"{operation} on {Endpoint}: the answer is not a GraphQL result. Check that the URL is a Prefect 1 GraphQL endpoint.");
                if (result["errors"] is JArray errors && errors.Count > 0)
                {
                    var error = GraphQLErrors.FromResolver(operation, Endpoint, errors);
                    // API_ERROR: Cloud failed inside; only a call that may be repeated is sent again.
                    if (GraphQLErrors.IsRetryable(errors) && safety == RetrySafety.Idempotent && attempt < _options.MaxAttempts)
                    {
                        _http.Stats.CountRetry();
                        await _options.DelayAsync(_backoff.DelayBefore(attempt, null), ct).ConfigureAwait(false);
                        continue;
                    }
                    throw error;
                }
                return result["data"] as JObject
                    ?? throw new PrefectException(ErrorIds.MalformedResponse, PrefectErrorKind.InvalidResult, $"{operation} on {Endpoint}: the answer has no data.");
            }
        }

        /// <summary>Every request is named ("query PrefectOpsFlows(...)") so logs, faults and counts can tell them apart.</summary>
        private static string NameOf(string document, string expectedKind)
        {
            var m = OperationHeader.Match(document);
            if (!m.Success || m.Groups[1].Value != expectedKind)
                throw new ArgumentException($"A PrefectOps GraphQL document must start with '{expectedKind} <Name>'.", nameof(document));
            return m.Groups[2].Value;
        }

        public void Dispose() => _http.Dispose();
    }
}
