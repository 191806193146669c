using System.IO;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace PrefectOps.Sandbox.Http
{
    /// <summary>Writes a Newtonsoft token (or nothing, for 204) with the given status.</summary>
    public sealed class JsonResult : IResult
    {
        public int Status { get; }
        public JToken? Body { get; }
        private readonly bool _empty;
        private readonly string? _text;

        public JsonResult(int status, JToken? body, bool empty = false)
        {
            Status = status;
            Body = body;
            _empty = empty;
        }

        public static JsonResult Ok(JToken? body) => new JsonResult(200, body ?? JValue.CreateNull());
        public static JsonResult Created(JToken body) => new JsonResult(201, body);
        public static JsonResult NoContent() => new JsonResult(204, null, empty: true);
        public static JsonResult Null() => new JsonResult(200, JValue.CreateNull());

        /// <summary>Text answered as it is (FastAPI's PlainTextResponse, e.g. a stored flow run input).</summary>
        public static JsonResult Text(string text) => new JsonResult(200, null, text);

        private JsonResult(int status, JToken? body, string text) : this(status, body) => _text = text;

        public Task ExecuteAsync(HttpContext ctx)
        {
            ctx.Response.StatusCode = Status;
            if (_empty) return Task.CompletedTask;
            if (_text != null)
            {
                ctx.Response.ContentType = "text/plain; charset=utf-8";
                return ctx.Response.WriteAsync(_text, ctx.RequestAborted);
            }
            ctx.Response.ContentType = "application/json";
            // UTF-8 straight into a buffer, then out: a page of deployments is never built as one large string.
            var buffer = new MemoryStream();
            using (var text = new StreamWriter(buffer, Utf8NoBom, 16384, leaveOpen: true))
            using (var json = new JsonTextWriter(text) { Formatting = Formatting.None })
                (Body ?? JValue.CreateNull()).WriteTo(json);
            ctx.Response.ContentLength = buffer.Length;
            buffer.Position = 0;
            return buffer.CopyToAsync(ctx.Response.Body, ctx.RequestAborted);
        }

        private static readonly UTF8Encoding Utf8NoBom = new UTF8Encoding(false);
    }
}
