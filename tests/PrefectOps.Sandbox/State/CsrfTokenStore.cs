using System;
using System.Collections.Generic;
using System.Security.Cryptography;

namespace PrefectOps.Sandbox.State
{
    /// <summary>
    /// The csrf_token table: one token per client, replaced when the client asks again, valid until it expires
    /// (PREFECT_SERVER_CSRF_TOKEN_EXPIRATION, one hour by default), as recorded in recorded/prefect3-auth-csrf.md.
    /// </summary>
    public sealed class CsrfTokenStore
    {
        private readonly Dictionary<string, Issued> _byClient = new Dictionary<string, Issued>(StringComparer.Ordinal);
        private readonly SandboxClock _clock;
        private readonly TimeSpan _lifetime;

        public CsrfTokenStore(SandboxClock clock, TimeSpan lifetime)
        {
            _clock = clock;
            _lifetime = lifetime;
        }

        /// <summary>How many tokens were issued: what a test checks to see that a client asked only once.</summary>
        public int IssuedCount { get; private set; }

        public Issued Issue(string client)
        {
            var bytes = new byte[32];
            using (var random = RandomNumberGenerator.Create()) random.GetBytes(bytes);
            var now = _clock.UtcNow;
            lock (_byClient)
            {
                _byClient.TryGetValue(client, out var old);
                var issued = new Issued(old?.Id ?? Guid.NewGuid(), old?.Created ?? now, now,
                    BitConverter.ToString(bytes).Replace("-", "").ToLowerInvariant(), client, now + _lifetime);
                _byClient[client] = issued;
                IssuedCount++;
                return issued;
            }
        }

        /// <summary>The real server's check: a token for that client, not expired, equal to the one sent.</summary>
        public bool IsValid(string client, string token)
        {
            lock (_byClient)
                return _byClient.TryGetValue(client, out var issued) && issued.Expiration > _clock.UtcNow
                       && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(issued.Token), System.Text.Encoding.UTF8.GetBytes(token));
        }

        public sealed record Issued(Guid Id, DateTimeOffset Created, DateTimeOffset Updated, string Token, string Client, DateTimeOffset Expiration);
    }
}
