using System;
using System.Text;

namespace PrefectOps.Core.Connection
{
    /// <summary>
    /// The auth string of a self-hosted Prefect 3 server started with PREFECT_SERVER_API_AUTH_STRING (`user:password`),
    /// sent as HTTP basic auth the way Prefect's client sends it: base64 of the whole string's UTF-8 bytes.
    /// </summary>
    public sealed class AuthString : Secret
    {
        public AuthString(string value) : base(value, "An auth string") { }

        internal override string AuthorizationHeader() => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Reveal()));
    }
}
