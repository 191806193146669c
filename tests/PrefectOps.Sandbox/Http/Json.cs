using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace PrefectOps.Sandbox.Http
{
    /// <summary>JSON reading/writing the way the real server does it (Python isoformat timestamps, no date coercion).</summary>
    public static class Json
    {
        private const string BodyKey = "sandbox.body";

        /// <summary>Parses without turning date strings into DateTime (they must round-trip as sent).</summary>
        public static JToken Parse(string text)
        {
            using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Double };
            var token = JToken.ReadFrom(reader);
            if (reader.Read() && reader.TokenType != JsonToken.Comment)
                throw new JsonReaderException("Extra data", reader.Path, reader.LineNumber, reader.LinePosition, null);
            return token;
        }

        /// <summary>Python's datetime.isoformat() of a UTC time: "2026-11-22T01:36:50.815609+00:00" (no fraction when zero).</summary>
        public static string Time(DateTimeOffset t)
        {
            var u = t.ToUniversalTime();
            long micros = (u.Ticks % TimeSpan.TicksPerSecond) / 10;
            string s = u.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
            if (micros != 0) s += "." + micros.ToString("D6", CultureInfo.InvariantCulture);
            return s + "+00:00";
        }

        public static JToken Time(DateTimeOffset? t) => t.HasValue ? (JToken)Time(t.Value) : JValue.CreateNull();

        /// <summary>The same time as Prefect 3 writes it (pydantic 2): "2026-11-22T01:36:50.815609Z".</summary>
        public static string TimeZ(DateTimeOffset t) => Time(t).Substring(0, Time(t).Length - 6) + "Z";

        public static bool TryParseTime(JToken? token, out DateTimeOffset value)
        {
            value = default;
            if (token == null || token.Type != JTokenType.String) return false;
            return DateTimeOffset.TryParse((string)token!, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
        }

        public static async Task BufferBodyAsync(HttpContext ctx)
        {
            if (ctx.Items.ContainsKey(BodyKey)) return;
            using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
            ctx.Items[BodyKey] = await reader.ReadToEndAsync();
        }

        public static string RawBody(HttpContext ctx) => ctx.Items.TryGetValue(BodyKey, out var b) ? (string)b! : "";

        /// <summary>The request body as JSON; null when empty. Invalid JSON never gets here (the contract middleware answers 422).</summary>
        public static JToken? Body(HttpContext ctx)
        {
            var raw = RawBody(ctx);
            if (string.IsNullOrWhiteSpace(raw)) return null;
            try { return Parse(raw); } catch (JsonException) { return null; }
        }

        public static JObject BodyObject(HttpContext ctx) => Body(ctx) as JObject ?? new JObject();

        public static JArray Strings(System.Collections.Generic.IEnumerable<string> items) => new JArray(items.Cast<object>().ToArray());

        public static JToken Str(string? s) => s == null ? JValue.CreateNull() : new JValue(s);

        public static JToken Int(int? i) => i.HasValue ? new JValue(i.Value) : JValue.CreateNull();
    }
}
