using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PrefectOps.Sandbox.Contract;
using PrefectOps.Sandbox.Http;

namespace PrefectOps.Sandbox.Middleware
{
    /// <summary>
    /// Validates every request against the version's OpenAPI document. A violation is recorded and answered as the
    /// real server answers invalid requests (422 "Invalid request received."); unknown paths get 404 "Not Found".
    /// </summary>
    public sealed class ContractCheckMiddleware
    {
        private readonly RequestDelegate _next;
        private readonly OpenApiContract? _contract;
        private readonly Action<string> _record;

        public ContractCheckMiddleware(RequestDelegate next, OpenApiContract? contract, Action<string> record)
        {
            _next = next;
            _contract = contract;
            _record = record;
        }

        public async Task InvokeAsync(HttpContext ctx)
        {
            await Json.BufferBodyAsync(ctx);
            string raw = Json.RawBody(ctx);
            string path = ctx.Request.Path.Value ?? "/";
            string rel = path.StartsWith("/api") ? path.Substring(4) : path;

            IReadOnlyList<string> violations = Array.Empty<string>();
            if (_contract != null)
                violations = _contract.Validate(ctx.Request.Method, rel.Length == 0 ? "/" : rel, ctx.Request.QueryString.HasValue ? ctx.Request.QueryString.Value!.TrimStart('?') : null, string.IsNullOrEmpty(raw) ? null : raw);
            foreach (var v in violations) _record(v); // already "METHOD /path: location: problem"

            var endpoint = ctx.GetEndpoint();
            if (!(endpoint is RouteEndpoint))
            {
                bool methodNotAllowed = endpoint?.DisplayName?.Contains("405") == true;
                await Errors.Detail(methodNotAllowed ? 405 : 404, methodNotAllowed ? "Method Not Allowed" : "Not Found").ExecuteAsync(ctx);
                return;
            }

            if (!string.IsNullOrWhiteSpace(raw) && JsonDecodeError(raw) is JsonResult bad)
            {
                await bad.ExecuteAsync(ctx);
                return;
            }

            if (violations.Count > 0)
            {
                bool v2 = !_contract!.IsPydanticV1Document;
                // 3.x routes declare their ids as uuid path convertors: a path that is not one matches no route.
                if (v2 && violations.Any(v => Loc(v).First?.ToString() == "path" && Msg(v).EndsWith(" is not a valid uuid", StringComparison.Ordinal)))
                {
                    await Errors.Detail(404, "Not Found").ExecuteAsync(ctx);
                    return;
                }
                JToken? body = null;
                if (!string.IsNullOrWhiteSpace(raw)) { try { body = Json.Parse(raw); } catch (JsonException) { } }
                var details = new JArray();
                foreach (var v in violations) details.Add(FastApiValidationErrors.Detail(v2, Loc(v), Msg(v), body));
                await Errors.Validation(details, body).ExecuteAsync(ctx);
                return;
            }
            await _next(ctx);
        }

        /// <summary>
        /// loc from a violation "METHOD /path: body.deployments.tags: property 'any_' is not allowed" ->
        /// ["body","deployments","tags"]; array indexes become numbers, as in FastAPI's loc.
        /// </summary>
        private static JArray Loc(string violation)
        {
            var parts = violation.Split(new[] { ": " }, 3, StringSplitOptions.None);
            var loc = new JArray();
            if (parts.Length >= 3)
                foreach (var seg in parts[1].Split('.'))
                {
                    if (int.TryParse(seg, out var i)) loc.Add(i); else loc.Add(seg);
                }
            if (loc.Count == 0 || !(loc[0].ToString() is "body" or "path" or "query")) loc = new JArray("body");
            return loc;
        }

        private static string Msg(string violation)
        {
            var parts = violation.Split(new[] { ": " }, 3, StringSplitOptions.None);
            return parts.Length >= 3 ? parts[2] : violation;
        }

        /// <summary>Python json.loads' error, as FastAPI reports it ("invalid JSON body" in section 7).</summary>
        private static JsonResult? JsonDecodeError(string raw)
        {
            try { Json.Parse(raw); return null; }
            catch (JsonException e)
            {
                int pos = 0;
                if (e is JsonReaderException re) pos = Math.Max(0, re.LinePosition - 1);
                string trimmed = raw.TrimStart();
                string msg = "Expecting value";
                if (trimmed.StartsWith("{"))
                {
                    int i = raw.IndexOf('{') + 1;
                    while (i < raw.Length && char.IsWhiteSpace(raw[i])) i++;
                    if (i < raw.Length && raw[i] != '"' && raw[i] != '}') { msg = "Expecting property name enclosed in double quotes"; pos = i; }
                }
                int line = 1, col = pos + 1;
                var ctx = new JObject { ["msg"] = msg, ["doc"] = raw, ["pos"] = pos, ["lineno"] = line, ["colno"] = col };
                return Errors.Validation(new JArray("body", pos), $"{msg}: line {line} column {col} (char {pos})", "value_error.jsondecode", raw, ctx);
            }
        }
    }
}
