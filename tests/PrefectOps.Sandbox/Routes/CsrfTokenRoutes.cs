using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Newtonsoft.Json.Linq;
using PrefectOps.Sandbox.Http;
using PrefectOps.Sandbox.State;

namespace PrefectOps.Sandbox.Routes
{
    /// <summary>GET /csrf-token?client=: a new token for that client, or 422 when the server has no CSRF protection.</summary>
    public static class CsrfTokenRoutes
    {
        public static void Map(RouteGroupBuilder api, SandboxContext c, CsrfTokenStore tokens, bool protection)
        {
            api.MapGet("/csrf-token", (HttpRequest request) =>
            {
                string? client = request.Query["client"].Count > 0 ? request.Query["client"].ToString() : null;
                if (client == null)
                    return c.V3
                        ? Errors.Validation(new JArray(new JObject { ["type"] = "missing", ["loc"] = new JArray("query", "client"), ["msg"] = "Field required", ["input"] = null }), null)
                        : Errors.Validation(new JArray("query", "client"), "field required", "value_error.missing", null);
                if (!protection) return Errors.Detail(422, "CSRF protection is disabled.");
                var issued = tokens.Issue(client);
                return JsonResult.Ok(new JObject
                {
                    ["id"] = issued.Id.ToString(),
                    ["created"] = Time(c, issued.Created),
                    ["updated"] = Time(c, issued.Updated),
                    ["token"] = issued.Token,
                    ["client"] = issued.Client,
                    ["expiration"] = Time(c, issued.Expiration),
                });
            });
        }

        // 3.8.3 writes these times with "Z", 2.19.9 with "+00:00".
        private static string Time(SandboxContext c, System.DateTimeOffset t) =>
            c.V3 ? Json.Time(t).Replace("+00:00", "Z") : Json.Time(t);
    }
}
