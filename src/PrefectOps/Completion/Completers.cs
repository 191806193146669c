using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using PrefectOps.Core.Model;
using PrefectOps.Core.Services;
using PrefectOps.Infrastructure;

namespace PrefectOps.Completion
{
    internal static class CompletionText
    {
        public static IEnumerable<CompletionResult> Matching(IEnumerable<string> values, string wordToComplete)
        {
            string word = (wordToComplete ?? "").Trim('\'', '"');
            var pattern = new WildcardPattern(word + "*", WildcardOptions.IgnoreCase);
            return values.Where(v => pattern.IsMatch(v)).Select(v =>
                new CompletionResult(Quote(v), v, CompletionResultType.ParameterValue, v));
        }

        /// <summary>The names of the session's connection; none where there is no connection (completion never connects).</summary>
        public static IEnumerable<CompletionResult> FromServer(Func<CompletionNames, IReadOnlyList<string>?> pick, string wordToComplete)
        {
            var connection = PrefectSession.TryGet();
            var names = connection == null ? null : CompletionCache.Get(connection, pick);
            return names == null ? Enumerable.Empty<CompletionResult>() : Matching(names, wordToComplete);
        }

        private static string Quote(string v) =>
            v.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', ',', ';', '(', ')', '{', '}', '@', '#', '&', '|', '*', '?', '[', ']' }) >= 0
                ? "'" + v.Replace("'", "''") + "'"
                : v;
    }

    /// <summary>Completes one kind of name the connected server has; each kind is a class, as [ArgumentCompleter] takes a type.</summary>
    public abstract class ServerNameCompleter : IArgumentCompleter
    {
        // null where that part is not known yet (see CompletionCache).
        private protected abstract IReadOnlyList<string>? Pick(CompletionNames names);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            CompletionText.FromServer(Pick, wordToComplete);
    }

    /// <summary>Completes tags in use on the connected server.</summary>
    public sealed class TagCompleter : ServerNameCompleter
    {
        private protected override IReadOnlyList<string>? Pick(CompletionNames names) => names.Tags;
    }

    /// <summary>Completes flow names ("flow/deployment") on the connected server.</summary>
    public sealed class FlowNameCompleter : ServerNameCompleter
    {
        private protected override IReadOnlyList<string>? Pick(CompletionNames names) => names.FlowNames;
    }

    /// <summary>Completes work queue names on the connected server.</summary>
    public sealed class WorkQueueNameCompleter : ServerNameCompleter
    {
        private protected override IReadOnlyList<string>? Pick(CompletionNames names) => names.QueueNames;
    }

    /// <summary>Completes work pool names on the connected server.</summary>
    public sealed class WorkPoolCompleter : ServerNameCompleter
    {
        private protected override IReadOnlyList<string>? Pick(CompletionNames names) => names.PoolNames;
    }

    /// <summary>Offers the default marker.</summary>
    public sealed class MarkerCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            CompletionText.Matching(new[] { MaintenanceTags.DefaultMarker }, wordToComplete);
    }
}
