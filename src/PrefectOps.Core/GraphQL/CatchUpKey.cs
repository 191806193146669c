using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PrefectOps.Core.GraphQL
{
    /// <summary>
    /// The idempotency key of a catch-up run: `prefectops-catchup:{flow group id}:{UTC time}` and, for a clock with
    /// its own parameters or labels, `:{first 16 hex of SHA-256 over them}` (two such clocks at one time are two runs,
    /// as with the scheduler). Prefect 1 keeps keys per flow version for ever (UNIQUE(idempotency_key, flow_id)), so
    /// a repeat, or two DBAs enabling at once, create each missed run once.
    /// </summary>
    internal static class CatchUpKey
    {
        public const string Prefix = "prefectops-catchup:";

        public static string For(Guid flowGroupId, DateTimeOffset time, string? runSettings)
        {
            string key = $"{Prefix}{flowGroupId:D}:{time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)}";
            if (string.IsNullOrEmpty(runSettings)) return key;
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(runSettings));
            var hex = new StringBuilder();
            for (int i = 0; i < 8; i++) hex.Append(hash[i].ToString("x2", CultureInfo.InvariantCulture));
            return key + ":" + hex;
        }
    }
}
