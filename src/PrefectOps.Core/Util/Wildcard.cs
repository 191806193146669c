using System;
using System.Text;
using System.Text.RegularExpressions;

namespace PrefectOps.Core.Util
{
    /// <summary>
    /// PowerShell's wildcard language (`*`, `?`, `[abc]`, `[a-z]`, backtick escapes), case-insensitive as PowerShell
    /// matches names, for the core that cannot reference System.Management.Automation.
    /// </summary>
    public sealed class Wildcard
    {
        private readonly Regex _regex;

        public Wildcard(string pattern)
        {
            Pattern = pattern;
            _regex = new Regex(ToRegex(pattern), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
        }

        public string Pattern { get; }

        public bool IsMatch(string text) => _regex.IsMatch(text);

        public static bool ContainsWildcard(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '`') { i++; continue; }
                if (c == '*' || c == '?' || c == '[') return true;
            }
            return false;
        }

        private static string ToRegex(string pattern)
        {
            var sb = new StringBuilder("^");
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                switch (c)
                {
                    case '`' when i + 1 < pattern.Length:
                        sb.Append(Regex.Escape(pattern[++i].ToString()));
                        break;
                    case '*': sb.Append(".*"); break;
                    case '?': sb.Append('.'); break;
                    case '[':
                        int close = pattern.IndexOf(']', i + 1);
                        if (close < 0) { sb.Append(@"\["); break; }
                        string set = pattern.Substring(i + 1, close - i - 1);
                        sb.Append('[').Append(set.Replace(@"\", @"\\").Replace("^", @"\^")).Append(']');
                        i = close;
                        break;
                    default: sb.Append(Regex.Escape(c.ToString())); break;
                }
            }
            return sb.Append('$').ToString();
        }
    }
}
