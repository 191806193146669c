using System;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using PrefectOps.Sandbox.Http;

namespace PrefectOps.Sandbox.Middleware
{
    /// <summary>
    /// Two kinds of auth. Cloud-style: with a required key, every request needs "Authorization: Bearer &lt;key&gt;".
    /// Prefect 3's PREFECT_SERVER_API_AUTH_STRING: every request but GET /health and /ready needs
    /// "Authorization: Basic base64(auth string)", else 401 {"exception_message": "Unauthorized"} (recorded/prefect3-auth-csrf.md).
    /// </summary>
    public sealed class AuthMiddleware
    {
        private readonly RequestDelegate _next;
        private readonly string? _key;
        private readonly string? _basic;

        public AuthMiddleware(RequestDelegate next, SandboxOptions options)
        {
            _next = next;
            _key = options.RequiredApiKey;
            _basic = options.RequiredAuthString;
        }

        public async Task InvokeAsync(HttpContext ctx)
        {
            string header = ctx.Request.Headers.Authorization.ToString();
            if (_key != null && header != "Bearer " + _key)
            {
                await Errors.Detail(401, string.IsNullOrEmpty(header) ? "Not authenticated" : "Invalid authentication credentials").ExecuteAsync(ctx);
                return;
            }
            if (_basic != null && !IsProbe(ctx.Request) && DecodeBasic(header) != _basic)
            {
                await Errors.ExceptionMessage(401, "Unauthorized").ExecuteAsync(ctx);
                return;
            }
            await _next(ctx);
        }

        private static bool IsProbe(HttpRequest request) =>
            request.Method == "GET" && (request.Path == "/api/health" || request.Path == "/api/ready");

        /// <summary>The decoded credentials of "Basic &lt;base64&gt;", or null for anything else (the server answers all alike).</summary>
        private static string? DecodeBasic(string header)
        {
            var parts = header.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || parts[0] != "Basic") return null;
            try
            {
                return new UTF8Encoding(false, true).GetString(Convert.FromBase64String(parts[1]));
            }
            catch (Exception ex) when (ex is FormatException || ex is ArgumentException)
            {
                return null;
            }
        }
    }
}
