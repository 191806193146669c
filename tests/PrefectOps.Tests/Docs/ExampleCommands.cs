using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace PrefectOps.Tests.Docs
{
    /// <summary>
    /// Finds the PrefectOps commands in example code and the -Parameter names written after each, so that an example
    /// naming a parameter the cmdlet does not have fails a test. A small scanner, not a PowerShell parser: a command
    /// runs to the next | ; or unescaped line end at its own nesting depth; quoted strings and anything inside ( ) { }
    /// belong to something else (Get-Date's own parameters in `-Until (Get-Date).AddHours(2)` are not Disable-FlowByTag's).
    /// </summary>
    public static class ExampleCommands
    {
        public sealed class Use
        {
            public Use(string command, string parameter, string line)
            {
                Command = command;
                Parameter = parameter;
                Line = line;
            }

            public string Command { get; }
            public string Parameter { get; }
            public string Line { get; }
        }

        public static IReadOnlyList<Use> Find(string code, IEnumerable<string> commands)
        {
            var names = commands.ToList();
            var pattern = new Regex(@"(?<![\w-])(" + string.Join("|", names.Select(Regex.Escape)) + @")(?![\w-])", RegexOptions.IgnoreCase);
            var uses = new List<Use>();
            foreach (Match m in pattern.Matches(code))
            {
                string command = names.First(n => string.Equals(n, m.Value, StringComparison.OrdinalIgnoreCase));
                if (InsideQuotes(code, m.Index) || !InCommandPosition(code, m.Index)) continue;
                foreach (var (parameter, line) in ParametersAfter(code, m.Index + m.Length))
                    uses.Add(new Use(command, parameter, line));
            }
            return uses;
        }

        private static IEnumerable<(string Parameter, string Line)> ParametersAfter(string code, int start)
        {
            int depth = 0;
            for (int i = start; i < code.Length; i++)
            {
                char c = code[i];
                if (c == '\'' || c == '"')
                {
                    int end = code.IndexOf(c, i + 1);
                    i = end < 0 ? code.Length : end;
                    continue;
                }
                if (c == '#' && depth == 0 && (i == 0 || char.IsWhiteSpace(code[i - 1])))
                {
                    // A comment runs to the line end, which also ends the command.
                    yield break;
                }
                if (c == '(' || c == '{' || c == '@') { if (c != '@') depth++; continue; }
                if (c == ')' || c == '}')
                {
                    if (depth == 0) yield break;
                    depth--;
                    continue;
                }
                if (depth > 0) continue;
                if (c == '|' || c == ';') yield break;
                if (c == '\n')
                {
                    // A backtick before the line end continues the command on the next line.
                    int back = i - 1;
                    while (back >= start && (code[back] == ' ' || code[back] == '\r')) back--;
                    if (back >= start && code[back] == '`') continue;
                    yield break;
                }
                if (c == '-' && i + 1 < code.Length && char.IsLetter(code[i + 1]) && (i == 0 || char.IsWhiteSpace(code[i - 1])))
                {
                    int end = i + 1;
                    while (end < code.Length && (char.IsLetterOrDigit(code[end]) || code[end] == '_')) end++;
                    yield return (code.Substring(i + 1, end - i - 1), LineAt(code, i));
                    i = end - 1;
                }
            }
        }

        /// <summary>
        /// Whether the name starts a command (line start, after | ; ( { = or &amp;), rather than being an argument of
        /// another command, as in `Get-Help Enable-FlowByTag -Examples`.
        /// </summary>
        private static bool InCommandPosition(string code, int index)
        {
            int lineStart = code.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
            string before = code.Substring(lineStart, index - lineStart);
            int cut = before.LastIndexOfAny(new[] { '|', ';', '(', '{' });
            string rest = (cut < 0 ? before : before.Substring(cut + 1)).Trim();
            return rest.Length == 0 || rest.EndsWith("=", StringComparison.Ordinal) || rest == "&";
        }

        private static bool InsideQuotes(string code, int index)
        {
            int lineStart = code.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
            int singles = 0, doubles = 0;
            for (int i = lineStart; i < index; i++)
            {
                if (code[i] == '\'' && doubles % 2 == 0) singles++;
                else if (code[i] == '"' && singles % 2 == 0) doubles++;
            }
            return singles % 2 == 1 || doubles % 2 == 1;
        }

        private static string LineAt(string code, int index)
        {
            int start = code.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
            int end = code.IndexOf('\n', index);
            return code.Substring(start, (end < 0 ? code.Length : end) - start).Trim();
        }
    }
}
