using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using PrefectOps.Core.Model;

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

        private static string Quote(string v) =>
            v.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', ',', ';', '(', ')', '{', '}', '@', '#', '&', '|' }) >= 0
                ? "'" + v.Replace("'", "''") + "'"
                : v;
    }

    /// <summary>Completes tags in use on the connected server.</summary>
    public sealed class TagCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            CompletionText.Matching(CompletionCache.Tags, wordToComplete);
    }

    /// <summary>Completes flow names ("flow/deployment") on the connected server.</summary>
    public sealed class FlowNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            CompletionText.Matching(CompletionCache.FlowNames, wordToComplete);
    }

    /// <summary>Offers the default marker.</summary>
    public sealed class MarkerCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            CompletionText.Matching(new[] { MaintenanceTags.DefaultMarker }, wordToComplete);
    }
}
