using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using PrefectOps.Sandbox.Http;

namespace PrefectOps.Sandbox.Routes
{
    /// <summary>health and version: how a client tells 2.x from 3.x.</summary>
    public static class AdminRoutes
    {
        public static void Map(RouteGroupBuilder api, SandboxContext c)
        {
            api.MapGet("/health", () => JsonResult.Ok(true));
            // REST API version: "0.8.4" on 2.19.9; 3.x answers its own version.
            api.MapGet("/version", () => JsonResult.Ok(c.V3 ? "3.8.0" : "0.8.4"));
            api.MapGet("/admin/version", () => JsonResult.Ok(c.V3 ? "3.8.0" : "2.19.9"));
        }
    }
}
