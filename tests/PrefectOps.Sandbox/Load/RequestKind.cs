using System;
using Microsoft.AspNetCore.Http;

namespace PrefectOps.Sandbox.Load
{
    /// <summary>Which requests change the database. POST /…/filter, /count and /paginate only read.</summary>
    internal static class RequestKind
    {
        public static bool IsWrite(HttpRequest request)
        {
            if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)) return false;
            string path = (request.Path.Value ?? "").TrimEnd('/');
            return !(path.EndsWith("/filter", StringComparison.Ordinal) || path.EndsWith("/count", StringComparison.Ordinal)
                     || path.EndsWith("/paginate", StringComparison.Ordinal));
        }
    }
}
