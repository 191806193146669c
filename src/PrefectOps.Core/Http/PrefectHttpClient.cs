using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Errors;

namespace PrefectOps.Core.Http
{
    /// <summary>
    /// The one HTTP pipeline of a connection: auth header (API key or auth string), custom headers, CSRF tokens, TLS
    /// trust, JSON in and out, retries with backoff honouring Retry-After, a timeout per attempt, cancellation, and
    /// errors that carry the server's reason but never a credential.
    /// </summary>
    public sealed class PrefectHttpClient : IDisposable
    {
        private static readonly HttpMethod Patch = new HttpMethod("PATCH");
        private readonly HttpClient _http;
        private readonly HttpOptions _options;
        private readonly BackoffSchedule _backoff;
        private readonly string _credentialAdvice;
        // Null for Prefect Cloud (it has no CSRF protection, and Prefect's client sends it no tokens) or when
        // PREFECT_CLIENT_CSRF_SUPPORT_ENABLED is false.
        private readonly CsrfTokens? _csrf;

        // Prefect's client lets custom headers replace any header but these (settings/models/client.py).
        private static readonly string[] ProtectedHeaders = { "User-Agent", CsrfTokens.TokenHeader, CsrfTokens.ClientHeader };

        /// <remarks>Requests log to <see cref="OperationLog.Current"/>, the log of the operation that sends them.</remarks>
        public PrefectHttpClient(Uri apiRoot, Secret? credential, HttpOptions options, HttpMessageHandler? handler = null)
        {
            options.Validate();
            ApiRoot = apiRoot;
            _options = options;
            _backoff = new BackoffSchedule(options);
            _credentialAdvice = CredentialAdvice(credential);
            if (options.CsrfSupport && !IsPrefectCloud(apiRoot)) _csrf = new CsrfTokens();
            _http = new HttpClient(handler ?? CreateHandler(options), disposeHandler: true)
            {
                // Each attempt has its own timeout below; HttpClient's would also cancel our backoff waits.
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            };
            _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("PrefectOps", typeof(PrefectHttpClient).Assembly.GetName().Version?.ToString(3) ?? "0"));
            if (credential != null)
                _http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", credential.AuthorizationHeader());
            foreach (var header in options.ExtraHeaders)
            {
                if (ProtectedHeaders.Contains(header.Key, StringComparer.OrdinalIgnoreCase))
                {
                    OperationLog.Current.Warning($"The custom header '{header.Key}' is ignored: PrefectOps sets it itself (as Prefect's client does for User-Agent, Prefect-Csrf-Token and Prefect-Csrf-Client).");
                    continue;
                }
                // As in Prefect's client, a custom header replaces the one PrefectOps would send (Authorization too).
                _http.DefaultRequestHeaders.Remove(header.Key);
                _http.DefaultRequestHeaders.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        private static bool IsPrefectCloud(Uri apiRoot) =>
            apiRoot.AbsoluteUri.StartsWith("https://api.prefect.cloud/api/", StringComparison.OrdinalIgnoreCase);

        private static string CredentialAdvice(Secret? credential) => credential switch
        {
            AuthString _ => "Check the auth string (-Credential or PREFECT_API_AUTH_STRING): it must be the server's PREFECT_SERVER_API_AUTH_STRING.",
            ApiKey _ => "Check the API key given to Connect-Prefect or in PREFECT_API_KEY, and that the URL names the right account and workspace.",
            _ => "No credentials were sent: a self-hosted server started with PREFECT_SERVER_API_AUTH_STRING needs that string (-Credential or PREFECT_API_AUTH_STRING); Prefect Cloud needs an API key (-ApiKey or PREFECT_API_KEY).",
        };

        public Uri ApiRoot { get; }
        public RequestStats Stats { get; } = new RequestStats();

        /// <summary>Called with the wall time of every answered attempt and whether the server pushed back (429/503).</summary>
        public event Action<TimeSpan, bool>? AttemptCompleted;

        private static HttpMessageHandler CreateHandler(HttpOptions options)
        {
            var handler = new HttpClientHandler
            {
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                MaxConnectionsPerServer = 32,
            };
            if (options.SkipCertificateCheck)
                handler.ServerCertificateCustomValidationCallback = (_, _, _, _) => true;
            else if (options.TrustedCertificates is { } trusted)
                handler.ServerCertificateCustomValidationCallback = (_, certificate, chain, errors) => CertificateTrust.Validate(certificate, chain, errors, trusted);
            // Proxies: HttpClientHandler's defaults (UseProxy, the system's proxy); see README "Connecting".
            return handler;
        }

        public Task<JToken?> GetAsync(string path, CancellationToken ct) =>
            SendAsync(HttpMethod.Get, path, null, RetrySafety.Idempotent, ct);

        public Task<JToken?> PostAsync(string path, JToken? body, RetrySafety safety, CancellationToken ct) =>
            SendAsync(HttpMethod.Post, path, body, safety, ct);

        public Task<JToken?> PatchAsync(string path, JToken body, RetrySafety safety, CancellationToken ct) =>
            SendAsync(Patch, path, body, safety, ct);

        /// <summary>Sends a request and returns the parsed JSON answer (null for an empty body or JSON null).</summary>
        /// <param name="path">Relative to the API root, e.g. "/deployments/filter".</param>
        public async Task<JToken?> SendAsync(HttpMethod method, string path, JToken? body, RetrySafety safety, CancellationToken ct) =>
            (await SendForStatusAsync(method, path, body, safety, ct).ConfigureAwait(false)).Body;

        /// <summary>
        /// As SendAsync, with the success status too, for the answers whose meaning is in it (a flow run's set_state:
        /// 201 when the server wrote a state, 200 when it kept the old one).
        /// </summary>
        public async Task<HttpAnswer> SendForStatusAsync(HttpMethod method, string path, JToken? body, RetrySafety safety, CancellationToken ct)
        {
            var (status, token) = await SendCoreAsync(method, path, body, safety, ReadToken, ct).ConfigureAwait(false);
            return new HttpAnswer(status, token);
        }

        /// <summary>
        /// The answer read straight into <typeparamref name="T"/> (only the fields it declares): for large
        /// listings, where building a JSON tree first costs more than the rest of the page's handling.
        /// A body that does not fit <typeparamref name="T"/> is a malformed answer, as invalid JSON is.
        /// </summary>
        public async Task<T?> GetForAsync<T>(string path, CancellationToken ct) where T : class =>
            (await SendCoreAsync(HttpMethod.Get, path, null, RetrySafety.Idempotent, Deserialize<T>, ct).ConfigureAwait(false)).Value;

        /// <inheritdoc cref="GetForAsync{T}"/>
        public async Task<T?> PostForAsync<T>(string path, JToken? body, RetrySafety safety, CancellationToken ct) where T : class =>
            (await SendCoreAsync(HttpMethod.Post, path, body, safety, Deserialize<T>, ct).ConfigureAwait(false)).Value;

        private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings { DateParseHandling = DateParseHandling.None });

        private static T? Deserialize<T>(JsonReader reader) where T : class => Serializer.Deserialize<T>(reader);

        private static JToken? ReadToken(JsonReader reader)
        {
            var token = JToken.ReadFrom(reader);
            return token.Type == JTokenType.Null ? null : token;
        }

        private async Task<(int Status, T? Value)> SendCoreAsync<T>(HttpMethod method, string path, JToken? body, RetrySafety safety,
            Func<JsonReader, T?> read, CancellationToken ct) where T : class
        {
            string payload = body?.ToString(Formatting.None) ?? "";
            Uri uri = new Uri(ApiRoot.AbsoluteUri.TrimEnd('/') + path);
            bool guarded = _csrf != null && IsWrite(method);
            int csrfResends = 0;
            for (int attempt = 1; ; attempt++)
            {
                ct.ThrowIfCancellationRequested();
                Exception? transient;
                TimeSpan? retryAfter = null;
                bool busy = false;
                var csrfToken = guarded ? await _csrf!.CurrentOrNullAsync().ConfigureAwait(false) : null;
                using (var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    attemptCts.CancelAfter(_options.RequestTimeout);
                    var watch = Stopwatch.StartNew();
                    try
                    {
                        Stats.CountRequest();
                        using var request = new HttpRequestMessage(method, uri);
                        if (body != null) request.Content = new StringContent(payload, Encoding.UTF8, "application/json");
                        if (csrfToken != null)
                        {
                            request.Headers.TryAddWithoutValidation(CsrfTokens.TokenHeader, csrfToken.Value);
                            request.Headers.TryAddWithoutValidation(CsrfTokens.ClientHeader, _csrf!.ClientId);
                        }
                        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attemptCts.Token).ConfigureAwait(false);
                        int status = (int)response.StatusCode;
                        bool pushedBack = status == 429 || status == 503;
                        busy = status == 503;

                        if (response.IsSuccessStatusCode)
                        {
                            try
                            {
                                var parsed = await ReadJsonAsync(response.Content, read).ConfigureAwait(false);
                                Answered(method, path, status, pushedBack, watch.Elapsed, attempt);
                                return (status, parsed);
                            }
                            catch (JsonException ex)
                            {
                                Answered(method, path, status, pushedBack, watch.Elapsed, attempt);
                                // A proxy's error page or a truncated answer: worth another try only if repeating is harmless.
                                transient = new PrefectApiException(ErrorIds.MalformedResponse, PrefectErrorKind.InvalidResult,
                                    $"{method.Method} {path} on {ApiRoot}: the answer is not valid JSON, or not in the shape Prefect's API answers ({ex.Message}). A proxy between you and Prefect may be answering instead of the server.",
                                    response.StatusCode, method.Method, path, null, ex);
                                if (safety != RetrySafety.Idempotent || attempt >= _options.MaxAttempts) throw transient;
                                goto Backoff;
                            }
                        }

                        string text = response.Content == null ? "" : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                        Answered(method, path, status, pushedBack, watch.Elapsed, attempt);
                        var error = ErrorTranslator.FromResponse(ApiRoot, method.Method, path, response.StatusCode, text, _credentialAdvice);
                        if (guarded && CsrfTokens.IsRefusal(status, error.ServerDetail) && csrfResends++ < 2)
                        {
                            // Refused before anything was done: fetch a token (once for all writes waiting) and send again
                            // at once. Not an attempt: the retry budget is for a server in trouble.
                            OperationLog.Current.Debug($"{method.Method} {path}: the server wants a CSRF token ({error.ServerDetail}); asking for one.");
                            try { await _csrf!.Refused(csrfToken, GetAsync, ct).ConfigureAwait(false); }
                            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                            {
                                // The shared fetch belonged to a request that was cancelled: the next refusal fetches anew.
                            }
                            attempt--;
                            continue;
                        }
                        if (pushedBack) Stats.CountThrottled();
                        if (!IsRetryableStatus(status, safety) || attempt >= _options.MaxAttempts) throw error;
                        retryAfter = ReadRetryAfter(response);
                        transient = error;
                    }
                    catch (OperationCanceledException) when (ct.IsCancellationRequested)
                    {
                        throw;
                    }
                    catch (OperationCanceledException ex)
                    {
                        // Our per-attempt timeout fired. The server may still act on it, so only idempotent requests repeat.
                        Stats.ReportFailure();
                        transient = new PrefectException(ErrorIds.RequestTimedOut, PrefectErrorKind.OperationTimeout,
                            $"{method.Method} {path} on {ApiRoot} got no answer within {_options.RequestTimeout.TotalSeconds:0.#} s.", ex);
                        if (safety != RetrySafety.Idempotent || attempt >= _options.MaxAttempts) throw transient;
                    }
                    catch (HttpRequestException ex) when (CertificateProblem(ex) is string problem)
                    {
                        // Not transient: the same certificate comes back on every attempt.
                        throw new PrefectException(ErrorIds.CertificateRejected, PrefectErrorKind.ConnectionError,
                            $"{method.Method} {path}: the TLS certificate of {ApiRoot} is not trusted ({problem}). Give the CA bundle that signed it with -CertificateFile or PREFECT_API_SSL_CERT_FILE; for a lab server only, -SkipCertificateCheck or PREFECT_API_TLS_INSECURE_SKIP_VERIFY.", ex);
                    }
                    catch (HttpRequestException ex)
                    {
                        Stats.ReportFailure();
                        transient = new PrefectException(ErrorIds.ServerUnreachable, PrefectErrorKind.ConnectionError,
                            $"{method.Method} {path}: could not reach the Prefect server at {ApiRoot} ({Describe(ex)}). Check the URL, that the server is running, and any proxy or firewall between.", ex);
                        if (!(safety == RetrySafety.Idempotent || NeverReachedServer(ex)) || attempt >= _options.MaxAttempts) throw transient;
                    }
                    catch (IOException ex)
                    {
                        Stats.ReportFailure();
                        transient = new PrefectException(ErrorIds.ServerUnreachable, PrefectErrorKind.ConnectionError,
                            $"{method.Method} {path}: the connection to {ApiRoot} broke ({ex.Message}).", ex);
                        if (safety != RetrySafety.Idempotent || attempt >= _options.MaxAttempts) throw transient;
                    }
                }

            Backoff:
                Stats.CountRetry();
                TimeSpan delay = _backoff.DelayBefore(attempt, retryAfter, busy);
                OperationLog.Current.Debug($"{method.Method} {path}: {transient!.Message} Retrying in {delay.TotalMilliseconds:0} ms (attempt {attempt + 1} of {_options.MaxAttempts}).");
                await ConcurrencySlot.WaitWithoutRoomAsync(token => _options.DelayAsync(delay, token), ct).ConfigureAwait(false);
            }
        }

        private void Answered(HttpMethod method, string path, int status, bool pushedBack, TimeSpan elapsed, int attempt)
        {
            AttemptCompleted?.Invoke(elapsed, pushedBack);
            Stats.ReportAttempt(elapsed, pushedBack);
            OperationLog.Current.Debug($"{method.Method} {path} -> {status} ({(long)elapsed.TotalMilliseconds} ms, attempt {attempt})");
        }

        /// <summary>
        /// The answer read by <paramref name="read"/>, or null for an empty body. The body is already buffered
        /// (ResponseContentRead, under the attempt's timeout), so it is parsed synchronously from those bytes: a page is
        /// never also held as a UTF-16 string (twice its size, on the large-object heap), and Json.NET's async reader
        /// is far slower.
        /// </summary>
        private static async Task<T?> ReadJsonAsync<T>(HttpContent? content, Func<JsonReader, T?> read) where T : class
        {
            if (content == null) return null;
            using var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
            using var reader = new JsonTextReader(new StreamReader(stream, Encoding.UTF8)) { DateParseHandling = DateParseHandling.None };
            if (!reader.Read()) return null;
            var value = read(reader);
            // Trailing garbage means a truncated or concatenated answer.
            if (reader.Read() && reader.TokenType != JsonToken.Comment) throw new JsonReaderException("Unexpected content after the JSON value.");
            return value;
        }

        /// <summary>
        /// 429: the server refused before doing anything. 503: Prefect's SQLite "database is locked" rolls back, and a
        /// proxy's 503 means it never forwarded. 500/502/504 may come after the server acted, so only idempotent requests repeat.
        /// </summary>
        private bool IsRetryableStatus(int status, RetrySafety safety) =>
            status == 429 || status == 503 ||
            (safety == RetrySafety.Idempotent && (status == 500 || status == 502 || status == 504 || status == 408 || _options.RetryExtraCodes.Contains(status)));

        private static bool IsWrite(HttpMethod method) =>
            method == HttpMethod.Post || method == HttpMethod.Put || method == HttpMethod.Delete || method.Method == "PATCH";

        /// <summary>The TLS handshake's complaint when the certificate was refused (AuthenticationException), else null.</summary>
        private static string? CertificateProblem(HttpRequestException ex)
        {
            for (Exception? e = ex; e != null; e = e.InnerException)
                if (e is System.Security.Authentication.AuthenticationException) return e.Message;
            return null;
        }

        private static bool NeverReachedServer(HttpRequestException ex)
        {
            for (Exception? e = ex; e != null; e = e.InnerException)
                if (e is SocketException se && (se.SocketErrorCode == SocketError.ConnectionRefused || se.SocketErrorCode == SocketError.HostNotFound))
                    return true;
            return false;
        }

        private static TimeSpan? ReadRetryAfter(HttpResponseMessage response)
        {
            var header = response.Headers.RetryAfter;
            if (header == null) return null;
            if (header.Delta.HasValue) return header.Delta.Value;
            if (header.Date.HasValue)
            {
                var wait = header.Date.Value - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
            return null;
        }

        private static string Describe(Exception ex)
        {
            var inner = ex;
            while (inner.InnerException != null) inner = inner.InnerException;
            return inner.Message;
        }

        public void Dispose() => _http.Dispose();
    }
}
