using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Model;
using PrefectOps.Core.Services;
using PrefectOps.Infrastructure;

namespace PrefectOps.Completion
{
    /// <summary>
    /// Tag and flow names for tab completion, read at most every 30 s per connection and never for longer than a
    /// few seconds: a slow server must not freeze the prompt. Completes only when a connection exists already.
    /// </summary>
    internal static class CompletionCache
    {
        private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);
        private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);
        private static readonly object Gate = new object();
        private static WeakReference<PrefectConnection>? _for;
        private static DateTime _readAt;
        private static IReadOnlyList<string> _tags = Array.Empty<string>();
        private static IReadOnlyList<string> _flowNames = Array.Empty<string>();

        public static IReadOnlyList<string> Tags => Refresh() ? _tags : Array.Empty<string>();
        public static IReadOnlyList<string> FlowNames => Refresh() ? _flowNames : Array.Empty<string>();

        private static bool Refresh()
        {
            var connection = PrefectSession.Connection;
            if (connection == null) return false;
            lock (Gate)
            {
                if (_for != null && _for.TryGetTarget(out var cached) && ReferenceEquals(cached, connection) && DateTime.UtcNow - _readAt < MaxAge)
                    return true;
                try
                {
                    using var cts = new CancellationTokenSource(MaxWait);
                    var tags = new SortedSet<string>(StringComparer.Ordinal);
                    var names = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
                    new FlowCatalog(connection.Backend).ForEachFlowAsync(new FlowQuery(), null, flow =>
                    {
                        foreach (var t in flow.Tags) tags.Add(t);
                        names.Add(flow.Name);
                    }, cts.Token).GetAwaiter().GetResult();
                    _tags = tags.ToList();
                    _flowNames = names.ToList();
                    _for = new WeakReference<PrefectConnection>(connection);
                    _readAt = DateTime.UtcNow;
                    return true;
                }
                catch (Exception)
                {
                    // Completion is a convenience: a failure shows no suggestions rather than an error at the prompt.
                    return false;
                }
            }
        }
    }
}
