using System;
using System.Net;

namespace PrefectOps.Core.Errors
{
    /// <summary>An HTTP answer the server gave that is not a success, after any retries.</summary>
    public sealed class PrefectApiException : PrefectException
    {
        public PrefectApiException(string errorId, PrefectErrorKind kind, string message, HttpStatusCode statusCode,
            string method, string path, string? serverDetail, Exception? inner = null)
            : base(errorId, kind, message, inner)
        {
            StatusCode = statusCode;
            Method = method;
            Path = path;
            ServerDetail = serverDetail;
        }

        public HttpStatusCode StatusCode { get; }
        public string Method { get; }
        /// <summary>The request path relative to the API root.</summary>
        public string Path { get; }
        /// <summary>The server's own words (`detail`, `exception_message`/`exception_detail`, or GraphQL `errors`).</summary>
        public string? ServerDetail { get; }
    }
}
