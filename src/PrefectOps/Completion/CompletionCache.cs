using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Services;

namespace PrefectOps.Completion
{
    /// <summary>
    /// Names for tab completion, per connection, read in the background: Connect-Prefect starts the first read, so the
    /// first TAB usually finds them ready; later TABs answer at once from what was read and, when that is older than
    /// <see cref="MaxAge"/>, start a fresh read for the next TAB. Only a TAB that finds nothing read yet waits for the
    /// read in progress, and at most <see cref="FirstWait"/>: a slow server must not freeze the prompt.
    /// </summary>
    internal static class CompletionCache
    {
        private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);
        private static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(5);
        // A read gives up after this, so a hung server cannot keep one alive for the session.
        private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(60);
        private static readonly ConditionalWeakTable<PrefectConnection, Entry> Entries = new ConditionalWeakTable<PrefectConnection, Entry>();

        private sealed class Entry
        {
            public readonly object Gate = new object();
            public CompletionNames? Last;
            public Task<CompletionNames?>? Reading;
        }

        /// <summary>Starts a background read unless one is running or the last one is fresh.</summary>
        public static void Warm(PrefectConnection connection) => StartRead(Entries.GetValue(connection, _ => new Entry()), connection);

        /// <summary>The names for this connection, or null when none could be read in time.</summary>
        public static CompletionNames? Get(PrefectConnection connection)
        {
            var entry = Entries.GetValue(connection, _ => new Entry());
            var reading = StartRead(entry, connection);
            CompletionNames? last;
            lock (entry.Gate) last = entry.Last;
            if (last != null || reading == null) return last;
            try
            {
                return reading.Wait(FirstWait) ? reading.Result : null;
            }
            catch (AggregateException)
            {
                return null;
            }
        }

        private static Task<CompletionNames?>? StartRead(Entry entry, PrefectConnection connection)
        {
            lock (entry.Gate)
            {
                if (entry.Reading != null && !entry.Reading.IsCompleted) return entry.Reading;
                if (entry.Last != null && DateTimeOffset.UtcNow - entry.Last.ReadAt < MaxAge) return null;
                // Not the flow of the command that asked: its log and its cancellation end with it, the read does not.
                using (ExecutionContext.SuppressFlow())
                    entry.Reading = Task.Run(() => ReadAsync(entry, connection));
                return entry.Reading;
            }
        }

        private static async Task<CompletionNames?> ReadAsync(Entry entry, PrefectConnection connection)
        {
            try
            {
                using var timeout = new CancellationTokenSource(ReadTimeout);
                var names = await CompletionNames.ReadAsync(connection.Backend, timeout.Token).ConfigureAwait(false);
                lock (entry.Gate) entry.Last = names;
                return names;
            }
            catch (Exception)
            {
                // Completion is a convenience: a failed read offers what was read before (or nothing), never an error.
                return null;
            }
        }
    }
}
