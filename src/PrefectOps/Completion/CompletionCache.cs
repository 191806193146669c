using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Model;
using PrefectOps.Core.Services;

namespace PrefectOps.Completion
{
    /// <summary>
    /// Names for tab completion, per connection. Connect-Prefect starts a read in the background, so the first TAB
    /// usually finds them ready; listings of the whole estate the user runs (Get-FlowTag, an unfiltered Get-Flow) teach
    /// them too. Later TABs answer at once from what is known and, when it is older than <see cref="MaxAge"/>, start a
    /// fresh read for the next TAB. A TAB that finds its part unknown waits for the read at most <see cref="FirstWait"/>,
    /// then offers what the read has found so far, and that read goes on beside the user's commands until it ends. A
    /// command that talks to the server stops a read started ahead of need (Connect-Prefect's, a refresh): a real Prefect
    /// server is one process that serves one request at a time, so the read would double the work of the user's first
    /// command (measured: Get-FlowTag right after Connect-Prefect took 2.3 times as long).
    /// </summary>
    internal static class CompletionCache
    {
        private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);
        private static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(1.5);
        // Connect-Prefect's read waits this long before its first request: a script's next command comes sooner and
        // stops it before it has cost the server anything; a person takes longer than this to type a TAB.
        private static readonly TimeSpan WarmDelay = TimeSpan.FromMilliseconds(500);
        // A read gives up after this, so a hung server cannot keep one alive for the session.
        private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(120);
        private static readonly ConditionalWeakTable<PrefectConnection, Entry> Entries = new ConditionalWeakTable<PrefectConnection, Entry>();

        private sealed class Entry
        {
            public readonly object Gate = new object();
            public CompletionNames Known = CompletionNames.None;
            public Task<CompletionNames?>? Reading;
            public CancellationTokenSource? Stop;
            public CompletionNames.Progress? Progress;
            // Started ahead of need (Connect-Prefect's warm-up, a refresh of names a TAB found old): a command stops it.
            // A read a TAB is missing names from runs on beside the user's commands, or it might never finish.
            public bool Speculative;
        }

        private static Entry EntryOf(PrefectConnection connection) => Entries.GetValue(connection, _ => new Entry());

        /// <summary>Starts a background read unless one is running or what is known is complete and fresh.</summary>
        public static void Warm(PrefectConnection connection) => StartRead(EntryOf(connection), connection, speculative: true, delay: WarmDelay);

        /// <summary>
        /// One part of the names (<paramref name="pick"/>) for this connection: known, or read now (at most
        /// <see cref="FirstWait"/>, then what the read has found so far), or null where nothing could be had.
        /// </summary>
        public static IReadOnlyList<string>? Get(PrefectConnection connection, Func<CompletionNames, IReadOnlyList<string>?> pick)
        {
            var entry = EntryOf(connection);
            CompletionNames known;
            lock (entry.Gate) known = entry.Known;
            var value = pick(known);
            if (value != null)
            {
                if (DateTimeOffset.UtcNow - known.ReadAt >= MaxAge) StartRead(entry, connection, speculative: true, force: true);
                return value;
            }
            var reading = StartRead(entry, connection, speculative: false, force: true);
            try
            {
                if (reading != null && reading.Wait(FirstWait)) lock (entry.Gate) return pick(entry.Known);
            }
            catch (AggregateException)
            {
                return null;
            }
            CompletionNames.Progress? progress;
            lock (entry.Gate) progress = entry.Progress;
            return progress == null ? null : pick(progress.Snapshot());
        }

        /// <summary>A command is about to talk to the server: a read started ahead of need would only compete with it.</summary>
        public static void Yield(PrefectConnection connection)
        {
            var entry = EntryOf(connection);
            lock (entry.Gate)
                if (entry.Speculative) entry.Stop?.Cancel();
        }

        /// <summary>The tags of the whole estate, from a listing of every flow (Get-FlowTag).</summary>
        public static void LearnTags(PrefectConnection connection, IEnumerable<string> tags) => Learn(connection, known => known.WithTags(tags));

        /// <summary>The tags and names of every flow of the estate, from an unfiltered listing (Get-Flow).</summary>
        public static void LearnFlows(PrefectConnection connection, CompletionNames.Progress flows) => Learn(connection, known => known.WithFlows(flows));

        private static void Learn(PrefectConnection connection, Func<CompletionNames, CompletionNames> update)
        {
            var entry = EntryOf(connection);
            lock (entry.Gate) entry.Known = update(entry.Known);
        }

        /// <param name="force">Read even though what is known is fresh (a part of it is missing, or a TAB found it old).</param>
        /// <param name="speculative">Read ahead of need, so a command stops it (see <see cref="Entry.Speculative"/>).</param>
        private static Task<CompletionNames?>? StartRead(Entry entry, PrefectConnection connection, bool speculative, bool force = false, TimeSpan delay = default)
        {
            lock (entry.Gate)
            {
                if (entry.Reading != null && !entry.Reading.IsCompleted)
                {
                    entry.Speculative &= speculative; // a TAB now waits for it
                    return entry.Reading;
                }
                if (!force && entry.Known.IsComplete && DateTimeOffset.UtcNow - entry.Known.ReadAt < MaxAge) return null;
                entry.Stop?.Dispose();
                entry.Speculative = speculative;
                entry.Stop = new CancellationTokenSource(ReadTimeout);
                entry.Progress = new CompletionNames.Progress();
                var stop = entry.Stop.Token;
                var progress = entry.Progress;
                // Not the flow of the command that asked: its log and its cancellation end with it, the read does not.
                using (ExecutionContext.SuppressFlow())
                    entry.Reading = Task.Run(() => ReadAsync(entry, connection, progress, delay, stop));
                return entry.Reading;
            }
        }

        private static async Task<CompletionNames?> ReadAsync(Entry entry, PrefectConnection connection, CompletionNames.Progress progress,
            TimeSpan delay, CancellationToken stop)
        {
            try
            {
                if (delay > TimeSpan.Zero) await Task.Delay(delay, stop).ConfigureAwait(false);
                var names = await CompletionNames.ReadAsync(connection.Backend, stop, progress).ConfigureAwait(false);
                lock (entry.Gate) entry.Known = names;
                return names;
            }
            catch (Exception)
            {
                // Completion is a convenience: a failed or stopped read offers what was known before, never an error.
                return null;
            }
        }
    }
}
