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
