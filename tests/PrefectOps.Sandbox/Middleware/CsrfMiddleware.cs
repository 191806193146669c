using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using PrefectOps.Sandbox.Http;
using PrefectOps.Sandbox.State;

namespace PrefectOps.Sandbox.Middleware
{
    /// <summary>
    /// PREFECT_SERVER_CSRF_PROTECTION_ENABLED: every POST, PUT, PATCH and DELETE (filters too) needs Prefect-Csrf-Token
    /// and Prefect-Csrf-Client naming a live token. The real server checks this before the auth string; the answers are
    /// those in recorded/prefect3-auth-csrf.md.
    /// </summary>
    public sealed class CsrfMiddleware
    {
        private readonly RequestDelegate _next;
        private readonly CsrfTokenStore? _tokens;

        public CsrfMiddleware(RequestDelegate next, SandboxServer server)
        {
            _next = next;
            _tokens = server.Options.CsrfProtection ? server.CsrfTokens : null;
        }

        public async Task InvokeAsync(HttpContext ctx)
        {
            string method = ctx.Request.Method;
            if (_tokens != null && (method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE"))
            {
                string? token = ctx.Request.Headers["Prefect-Csrf-Token"].Count > 0 ? ctx.Request.Headers["Prefect-Csrf-Token"].ToString() : null;
                string? client = ctx.Request.Headers["Prefect-Csrf-Client"].Count > 0 ? ctx.Request.Headers["Prefect-Csrf-Client"].ToString() : null;
                string? refusal = token == null ? "Missing CSRF token."
                    : client == null ? "Missing client identifier."
                    : !_tokens.IsValid(client, token) ? "Invalid CSRF token or client identifier."
                    : null;
                if (refusal != null)
                {
                    await Errors.Detail(403, refusal).ExecuteAsync(ctx);
                    return;
                }
            }
            await _next(ctx);
        }
    }
}
