using Newtonsoft.Json.Linq;

namespace PrefectOps.Sandbox.Http
{
    /// <summary>The real server's error bodies (section 7 of the recordings).</summary>
    public static class Errors
    {
        public static JsonResult Detail(int status, string detail) => new JsonResult(status, new JObject { ["detail"] = detail });

        public static JsonResult NotFound(string detail) => Detail(404, detail);

        /// <summary>Some routes raise ObjectNotFoundError, which the server renders as {"exception_message": ...}.</summary>
        public static JsonResult ExceptionMessage(int status, string message) => new JsonResult(status, new JObject { ["exception_message"] = message });

        /// <summary>FastAPI's RequestValidationError as Prefect renders it.</summary>
        public static JsonResult Validation(JArray loc, string msg, string type, JToken? requestBody, JObject? ctx = null)
        {
            var detail = new JObject { ["loc"] = loc, ["msg"] = msg, ["type"] = type };
            if (ctx != null) detail["ctx"] = ctx;
            return Validation(new JArray(detail), requestBody);
        }

        public static JsonResult Validation(JArray details, JToken? requestBody) => new JsonResult(422, new JObject
        {
            ["exception_message"] = "Invalid request received.",
            ["exception_detail"] = details,
            ["request_body"] = requestBody ?? JValue.CreateNull(),
        });

        public static JsonResult BadUuid(string param) =>
            Validation(new JArray("path", param), "value is not a valid uuid", "type_error.uuid", null);

        public static JsonResult Missing(JToken? body, params object[] loc)
        {
            var l = new JArray("body");
            foreach (var x in loc) l.Add(x);
            return Validation(l, "field required", "value_error.missing", body);
        }

        public static JsonResult LimitTooHigh() => Detail(422, "Invalid limit: must be less than or equal to 200.");
    }
}
