using Newtonsoft.Json.Linq;

namespace PrefectOps.Core.Http
{
    /// <summary>A successful answer: its status code and parsed JSON (null for an empty body or JSON null).</summary>
    public sealed class HttpAnswer
    {
        public HttpAnswer(int status, JToken? body)
        {
            Status = status;
            Body = body;
        }

        public int Status { get; }
        public JToken? Body { get; }
    }
}
