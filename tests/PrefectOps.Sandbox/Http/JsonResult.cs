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

        public Task ExecuteAsync(HttpContext ctx)
        {
            ctx.Response.StatusCode = Status;
            if (_empty) return Task.CompletedTask;
            ctx.Response.ContentType = "application/json";
            var text = (Body ?? JValue.CreateNull()).ToString(Formatting.None);
            return ctx.Response.WriteAsync(text, Encoding.UTF8);
        }
    }
}
