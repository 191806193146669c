using System;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Errors;

namespace PrefectOps.Core.Http
{
    /// <summary>
    /// A connection's CSRF token for a server started with PREFECT_SERVER_CSRF_PROTECTION_ENABLED. Such a server refuses
    /// every POST, PATCH and DELETE (filters too) with 403 "Missing CSRF token." or "Invalid CSRF token or client
    /// identifier." (tests/PrefectOps.Sandbox/recorded/prefect3-auth-csrf.md) and has done nothing then, so a refused
    /// write is sent again with a token. Unlike Prefect's client, which asks for a token before its first write
    /// whatever the server, PrefectOps asks only once a server refuses: servers without the protection (the default)
    /// see no extra request. Concurrent writes share one token request.
    /// </summary>
    internal sealed class CsrfTokens
    {
        public const string TokenHeader = "Prefect-Csrf-Token";
        public const string ClientHeader = "Prefect-Csrf-Client";
        private readonly object _lock = new object();
        private Task<Token>? _token;

        /// <summary>The client id the server keeps the token under; one per connection, as in Prefect's client.</summary>
        public string ClientId { get; } = Guid.NewGuid().ToString();

        /// <summary>The token to send, once the server has asked for one; null before.</summary>
        public Task<Token>? Current
        {
            get
            {
                lock (_lock)
                {
                    if (_token != null && _token.Status == TaskStatus.RanToCompletion && _token.Result.Expired) _token = null;
                    return _token;
                }
            }
        }

        /// <summary>
        /// The token to send, or null before the server asked for one, or where the shared fetch was stopped by the
        /// request that started it (its command was cancelled, e.g. a tab completion read a command stopped): the write
        /// then goes without one, is refused, and fetches anew under its own cancellation.
        /// </summary>
        public async Task<Token?> CurrentOrNullAsync()
        {
            var pending = Current;
            if (pending == null) return null;
            try { return await pending.ConfigureAwait(false); }
            catch (OperationCanceledException) { return null; }
        }

        /// <summary>The server refused <paramref name="sent"/> (null: no token was sent): the next write fetches a new one.</summary>
        public Task<Token> Refused(Token? sent, Func<string, CancellationToken, Task<JToken?>> get, CancellationToken ct)
        {
            lock (_lock)
            {
                bool stale = _token == null || _token.IsFaulted || _token.IsCanceled
                             || (_token.Status == TaskStatus.RanToCompletion && (ReferenceEquals(_token.Result, sent) || _token.Result.Expired));
                if (stale) _token = FetchAsync(get, ct);
                return _token!;
            }
        }

        private async Task<Token> FetchAsync(Func<string, CancellationToken, Task<JToken?>> get, CancellationToken ct)
        {
            var answer = await get($"/csrf-token?client={ClientId}", ct).ConfigureAwait(false) as JObject;
            string? token = (string?)answer?["token"];
            if (string.IsNullOrEmpty(token))
                throw new PrefectException(ErrorIds.MalformedResponse, PrefectErrorKind.InvalidResult,
                    "GET /csrf-token answered without a token: the server asked for CSRF tokens but gives none.");
            DateTimeOffset? expires = DateTimeOffset.TryParse((string?)answer!["expiration"], out var at) ? at : (DateTimeOffset?)null;
            return new Token(token!, expires);
        }

        /// <summary>Whether a 403 answer is the CSRF protection refusing (the request was not acted on).</summary>
        public static bool IsRefusal(int status, string? detail) =>
            status == 403 && detail != null && detail.IndexOf("CSRF token", StringComparison.Ordinal) >= 0;

        internal sealed class Token
        {
            public Token(string value, DateTimeOffset? expires)
            {
                Value = value;
                Expires = expires;
            }

            public string Value { get; }
            public DateTimeOffset? Expires { get; }
            public bool Expired => Expires.HasValue && DateTimeOffset.UtcNow >= Expires.Value;
        }
    }
}
