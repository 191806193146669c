using System;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Connection;
using PrefectOps.Sandbox;
using PrefectOps.Sandbox.Faults;

namespace PrefectOps.Tests.Integration
{
    /// <summary>The faults of the fault matrices, each made for one route.</summary>
    internal static class FaultCatalog
    {
        /// <summary>A connection for a matrix: 3 attempts per request, no real backoff waits, a short timeout for the hang fault.</summary>
        public static async Task<PrefectConnection> ConnectAsync(SandboxServer server, TimeSpan requestTimeout)
        {
            var settings = new ConnectionSettings(server.ApiUrl) { Http = SandboxFixture.FastHttp() };
            settings.Http.MaxAttempts = 3;
            settings.Http.DelayAsync = (_, _) => Task.CompletedTask;
            var connection = await PrefectConnection.OpenAsync(settings, null, CancellationToken.None);
            // Connect with the usual timeout (a cold server on a busy machine may take longer than the hang fault's
            // short one), then shorten it: the connection's HTTP pipeline reads these options on every request.
            settings.Http.RequestTimeout = requestTimeout;
            return connection;
        }

        public static readonly (string name, Func<string, FaultRule> make)[] All =
        {
            ("429 Retry-After", r => new FaultRule(r, FaultKind.Status, 429) { RetryAfterSeconds = 1 }),
            ("500", r => new FaultRule(r, FaultKind.Status, 500)),
            ("502", r => new FaultRule(r, FaultKind.Status, 502)),
            ("503", r => new FaultRule(r, FaultKind.Status, 503)),
            ("reset", r => new FaultRule(r, FaultKind.ResetConnection)),
            ("timeout", r => new FaultRule(r, FaultKind.Hang)),
            ("bad JSON", r => new FaultRule(r, FaultKind.MalformedJson)),
            ("404 deleted", r => new FaultRule(r, FaultKind.Status, 404)), // OnHit deletes the deployment: see WithSideEffects
            ("401", r => new FaultRule(r, FaultKind.Status, 401)),
            ("403", r => new FaultRule(r, FaultKind.Status, 403)),
        };
    }
}
