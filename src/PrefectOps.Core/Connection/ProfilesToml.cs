using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace PrefectOps.Core.Connection
{
    /// <summary>
    /// Reads Prefect's profiles.toml: `active = "name"` and `[profiles.name]` tables of string settings.
    /// Only the TOML that file uses (tables, dotted/quoted keys, basic and literal strings, bare values) is understood.
    /// </summary>
    public sealed class ProfilesToml
    {
        public string? Active { get; private set; }
        public IDictionary<string, IDictionary<string, string>> Profiles { get; } =
            new Dictionary<string, IDictionary<string, string>>(StringComparer.Ordinal);

        public static ProfilesToml Parse(string text)
        {
            var result = new ProfilesToml();
            string[] table = Array.Empty<string>();
            int lineNumber = 0;
            foreach (string rawLine in text.Replace("\r\n", "\n").Split('\n'))
            {
                lineNumber++;
                string line = StripComment(rawLine).Trim();
                if (line.Length == 0) continue;
                if (line.StartsWith("[", StringComparison.Ordinal))
                {
                    if (line.StartsWith("[[", StringComparison.Ordinal) || !line.EndsWith("]", StringComparison.Ordinal))
                        throw new FormatException($"line {lineNumber}: unsupported table header '{line}'");
                    table = SplitKey(line.Substring(1, line.Length - 2).Trim(), lineNumber).ToArray();
                    continue;
                }
                int eq = IndexOfUnquoted(line, '=');
                if (eq <= 0) throw new FormatException($"line {lineNumber}: expected key = value");
                var key = SplitKey(line.Substring(0, eq).Trim(), lineNumber);
                string value = ParseValue(line.Substring(eq + 1).Trim(), lineNumber);
                var full = new List<string>(table);
                full.AddRange(key);
                result.Assign(full, value);
            }
            return result;
        }

        private void Assign(List<string> key, string value)
        {
            if (key.Count == 1 && key[0] == "active") { Active = value; return; }
            if (key.Count == 3 && key[0] == "profiles")
            {
                if (!Profiles.TryGetValue(key[1], out var settings))
                    Profiles[key[1]] = settings = new Dictionary<string, string>(StringComparer.Ordinal);
                settings[key[2]] = value;
            }
        }

        private static string StripComment(string line)
        {
            int hash = IndexOfUnquoted(line, '#');
            return hash >= 0 ? line.Substring(0, hash) : line;
        }

        private static int IndexOfUnquoted(string s, char c)
        {
            char quote = '\0';
            for (int i = 0; i < s.Length; i++)
            {
                char ch = s[i];
                if (quote != '\0')
                {
                    if (ch == '\\' && quote == '"') { i++; continue; }
                    if (ch == quote) quote = '\0';
                }
                else if (ch == '"' || ch == '\'') quote = ch;
                else if (ch == c) return i;
            }
            return -1;
        }

        private static List<string> SplitKey(string key, int lineNumber)
        {
            var parts = new List<string>();
            int i = 0;
            while (i < key.Length)
            {
                while (i < key.Length && char.IsWhiteSpace(key[i])) i++;
                if (i >= key.Length) break;
                if (key[i] == '"' || key[i] == '\'')
                {
                    int end = key.IndexOf(key[i], i + 1);
                    if (end < 0) throw new FormatException($"line {lineNumber}: unterminated quoted key");
                    parts.Add(key.Substring(i + 1, end - i - 1));
                    i = end + 1;
                }
                else
                {
                    int start = i;
                    while (i < key.Length && key[i] != '.' && !char.IsWhiteSpace(key[i])) i++;
                    parts.Add(key.Substring(start, i - start));
                }
                while (i < key.Length && char.IsWhiteSpace(key[i])) i++;
                if (i < key.Length)
                {
                    if (key[i] != '.') throw new FormatException($"line {lineNumber}: bad key '{key}'");
                    i++;
                }
            }
            if (parts.Count == 0) throw new FormatException($"line {lineNumber}: empty key");
            return parts;
        }

        private static string ParseValue(string v, int lineNumber)
        {
            if (v.StartsWith("'", StringComparison.Ordinal))
            {
                if (v.Length < 2 || !v.EndsWith("'", StringComparison.Ordinal)) throw new FormatException($"line {lineNumber}: unterminated string");
                return v.Substring(1, v.Length - 2);
            }
            if (v.StartsWith("\"", StringComparison.Ordinal))
            {
                var sb = new StringBuilder();
                int i = 1;
                for (; i < v.Length && v[i] != '"'; i++)
                {
                    if (v[i] != '\\') { sb.Append(v[i]); continue; }
                    if (++i >= v.Length) break;
                    switch (v[i])
                    {
                        case 'n': sb.Append('\n'); break;
                        case 't': sb.Append('\t'); break;
                        case 'r': sb.Append('\r'); break;
                        case '"': sb.Append('"'); break;
                        case '\\': sb.Append('\\'); break;
                        case 'u' when i + 4 < v.Length:
                            sb.Append((char)int.Parse(v.Substring(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                            i += 4;
                            break;
                        default: throw new FormatException($"line {lineNumber}: unknown escape \\{v[i]}");
                    }
                }
                if (i >= v.Length) throw new FormatException($"line {lineNumber}: unterminated string");
                return sb.ToString();
            }
            if (v.Length == 0) throw new FormatException($"line {lineNumber}: missing value");
            return v; // bare booleans and numbers, kept as text
        }
    }
}
