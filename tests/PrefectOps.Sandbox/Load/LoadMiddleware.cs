using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace PrefectOps.Sandbox.Load
{
    /// <summary>
    /// Plays a loaded server (see <see cref="LoadProfile"/>). Runs first, before faults and routing: latency is the
    /// network's, and the writer lock and resets are the server's own, whatever the request.
    /// </summary>
    public sealed class LoadMiddleware
    {
        private const string LockedBody = "{\"detail\":\"(sqlite3.OperationalError) database is locked\"}";
        private readonly RequestDelegate _next;
        private readonly LoadProfile _load;
        private readonly SingleWriterGate _writer = new SingleWriterGate();
        // The one Python process of LoadProfile.Served: one request served at a time.
        private readonly System.Threading.SemaphoreSlim _process = new System.Threading.SemaphoreSlim(1, 1);
        private readonly PoisonedConnections _poisoned = new PoisonedConnections();

        public LoadMiddleware(RequestDelegate next, LoadProfile load)
        {
            _next = next;
            _load = load;
        }

        public async Task InvokeAsync(HttpContext ctx)
        {
            if (!_load.Enabled)
            {
                await _next(ctx);
                return;
            }
            if (_poisoned.TakePoisoned(ctx.Connection.Id))
            {
                _load.Counters.CountReset();
                ctx.Abort();
                return;
            }
            if (_load.Latency > System.TimeSpan.Zero) await Task.Delay(_load.Latency, ctx.RequestAborted);
            if (_load.Served != null)
            {
                await ServeAsOneProcessAsync(ctx, _load.Served);
                return;
            }
            if (!_load.SingleWriter)
            {
                await _next(ctx);
                return;
            }
            if (!RequestKind.IsWrite(ctx.Request))
            {
                await Task.Delay(_load.ReadCost, ctx.RequestAborted);
                await _next(ctx);
                return;
            }
            if (!_writer.TryEnter())
            {
                await AnswerLockedAsync(ctx);
                return;
            }
            try
            {
                // The cost is the commit's, paid while holding the writer, so writes never overlap.
                await Task.Delay(_load.WriteCost, ctx.RequestAborted);
                await _next(ctx);
                _load.Counters.CountWrite();
            }
            finally
            {
                _writer.Exit();
            }
        }

        /// <summary>
        /// The route answers into a buffer; then the request holds the process for what that answer costs (a write: its
        /// commit) and the answer goes out. A write arriving while another is open gets SQLite's 503, after costing the
        /// process a request of its own.
        /// </summary>
        private async Task ServeAsOneProcessAsync(HttpContext ctx, ServedCost served)
        {
            bool write = RequestKind.IsWrite(ctx.Request);
            if (write && !_writer.TryEnter())
            {
                await HoldProcessAsync(served.Base, ctx.RequestAborted);
                await AnswerLockedAsync(ctx);
                return;
            }
            try
            {
                var original = ctx.Response.Body;
                using var buffer = new System.IO.MemoryStream();
                ctx.Response.Body = buffer;
                try { await _next(ctx); }
                finally { ctx.Response.Body = original; }
                await HoldProcessAsync(write ? _load.WriteCost : served.Of(ctx.Request.Path.Value ?? "", new System.ReadOnlySpan<byte>(buffer.GetBuffer(), 0, (int)buffer.Length)), ctx.RequestAborted);
                buffer.Position = 0;
                await buffer.CopyToAsync(original, ctx.RequestAborted);
                if (write) _load.Counters.CountWrite();
            }
            finally
            {
                if (write) _writer.Exit();
            }
        }

        private async Task HoldProcessAsync(System.TimeSpan cost, System.Threading.CancellationToken ct)
        {
            await _process.WaitAsync(ct);
            try { await Task.Delay(cost, ct); }
            finally { _process.Release(); }
        }

        private async Task AnswerLockedAsync(HttpContext ctx)
        {
            _load.Counters.CountLocked();
            ctx.Response.StatusCode = 503;
            ctx.Response.ContentType = "application/json";
            ctx.Response.ContentLength = LockedBody.Length;
            await ctx.Response.WriteAsync(LockedBody);
            await ctx.Response.CompleteAsync();
            _poisoned.Poison(ctx.Connection.Id);
        }
    }
}
