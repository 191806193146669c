using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using PrefectOps.Sandbox.Http;

namespace PrefectOps.Sandbox.Middleware
{
    /// <summary>Cloud-style auth: with a required key, every request needs "Authorization: Bearer &lt;key&gt;".</summary>
    public sealed class AuthMiddleware
    {
        private readonly RequestDelegate _next;
        private readonly string? _key;

        public AuthMiddleware(RequestDelegate next, SandboxOptions options)
        {
            _next = next;
            _key = options.RequiredApiKey;
        }

        public async Task InvokeAsync(HttpContext ctx)
        {
            if (_key != null)
            {
                string header = ctx.Request.Headers.Authorization.ToString();
                if (header != "Bearer " + _key)
                {
                    await Errors.Detail(401, string.IsNullOrEmpty(header) ? "Not authenticated" : "Invalid authentication credentials").ExecuteAsync(ctx);
                    return;
                }
            }
            await _next(ctx);
        }
    }
}
