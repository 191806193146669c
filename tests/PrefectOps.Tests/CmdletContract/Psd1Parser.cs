using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace PrefectOps.Tests.CmdletContract
{
    /// <summary>
    /// A small reader for module manifests: one hashtable literal @{ key = value } whose values are strings ('...' or
    /// "..." without expansion), arrays @( ... ) or comma lists, nested hashtables, and bare words ($true, numbers).
    /// Comments (# and &lt;# #&gt;) are skipped. Anything else is an error naming the line, not a guess.
    /// Results: string, List&lt;object&gt;, Dictionary&lt;string, object&gt; (keys case-insensitive, as in PowerShell).
    /// </summary>
    public sealed class Psd1Parser
    {
        private readonly string _text;
        private int _pos;

        private Psd1Parser(string text) => _text = text;

        public static Dictionary<string, object> Parse(string text)
        {
            var parser = new Psd1Parser(text);
            parser.SkipBlank(newlines: true);
            if (!parser.TryTake("@{")) throw parser.Error("expected the manifest to start with @{");
            var table = parser.ReadHashtable();
            parser.SkipBlank(newlines: true);
            if (parser._pos < text.Length) throw parser.Error("unexpected text after the closing }");
            return table;
        }

        private Dictionary<string, object> ReadHashtable()
        {
            var table = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            while (true)
            {
                SkipSeparators(';');
                if (TryTake("}")) return table;
                if (AtEnd) throw Error("missing } at the end of a hashtable");
                string key = Peek == '\'' || Peek == '"' ? ReadString() : ReadBareWord();
                if (key.Length == 0) throw Error("expected a key");
                SkipBlank(newlines: false);
                if (!TryTake("=")) throw Error($"expected = after the key '{key}'");
                SkipBlank(newlines: true);
                if (table.ContainsKey(key)) throw Error($"the key '{key}' appears twice");
                table[key] = ReadValue(allowCommaList: true);
                SkipBlank(newlines: false);
                if (!AtEnd && Peek != '\n' && Peek != '\r' && Peek != ';' && Peek != '}') throw Error($"unexpected text after the value of '{key}'");
            }
        }

        private object ReadValue(bool allowCommaList)
        {
            object first = ReadSingle();
            if (!allowCommaList) return first;
            SkipBlank(newlines: false);
            if (Peek != ',') return first;
            var list = new List<object> { first };
            while (TryTake(","))
            {
                SkipBlank(newlines: true);
                list.Add(ReadSingle());
                SkipBlank(newlines: false);
            }
            return list;
        }

        private object ReadSingle()
        {
            if (TryTake("@{")) return ReadHashtable();
            if (TryTake("@(")) return ReadArray();
            if (Peek == '\'' || Peek == '"') return ReadString();
            string word = ReadBareWord();
            if (word.Length == 0) throw Error("expected a value");
            return word;
        }

        private List<object> ReadArray()
        {
            // Elements are separated by commas or newlines; a nested @( ) stays one element.
            var list = new List<object>();
            while (true)
            {
                SkipSeparators(',');
                if (TryTake(")")) return list;
                if (AtEnd) throw Error("missing ) at the end of an array");
                list.Add(ReadSingle());
                SkipBlank(newlines: false);
                if (!AtEnd && Peek != ',' && Peek != '\n' && Peek != '\r' && Peek != ')') throw Error("unexpected text in an array");
            }
        }

        private string ReadString()
        {
            char quote = _text[_pos++];
            var sb = new StringBuilder();
            while (true)
            {
                if (AtEnd) throw Error("unterminated string");
                char c = _text[_pos++];
                if (c == quote)
                {
                    if (!AtEnd && Peek == quote) { sb.Append(quote); _pos++; continue; } // '' or "" inside the string
                    return sb.ToString();
                }
                if (quote == '"' && c == '`' && !AtEnd)
                {
                    char escaped = _text[_pos++];
                    sb.Append(escaped switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '0' => '\0', _ => escaped });
                    continue;
                }
                if (quote == '"' && c == '$' && !AtEnd && (char.IsLetter(Peek) || Peek == '{' || Peek == '('))
                    throw Error("a double-quoted string with $ expansion is not allowed in a manifest this reader accepts");
                sb.Append(c);
            }
        }

        private string ReadBareWord()
        {
            int start = _pos;
            while (!AtEnd && (char.IsLetterOrDigit(Peek) || Peek == '_' || Peek == '.' || Peek == '-' || Peek == '$')) _pos++;
            return _text.Substring(start, _pos - start);
        }

        private void SkipSeparators(char separator)
        {
            while (true)
            {
                SkipBlank(newlines: true);
                if (!TryTake(separator.ToString())) return;
            }
        }

        private void SkipBlank(bool newlines)
        {
            while (!AtEnd)
            {
                char c = Peek;
                if (c == ' ' || c == '\t' || c == '\uFEFF' || (newlines && (c == '\r' || c == '\n'))) { _pos++; continue; }
                if (c == '`' && _pos + 1 < _text.Length && (_text[_pos + 1] == '\n' || _text[_pos + 1] == '\r'))
                {
                    _pos += 2; // line continuation
                    continue;
                }
                if (c == '<' && _pos + 1 < _text.Length && _text[_pos + 1] == '#')
                {
                    int end = _text.IndexOf("#>", _pos + 2, StringComparison.Ordinal);
                    if (end < 0) throw Error("unterminated <# comment");
                    _pos = end + 2;
                    continue;
                }
                if (c == '#')
                {
                    while (!AtEnd && Peek != '\n' && Peek != '\r') _pos++;
                    continue;
                }
                return;
            }
        }

        private bool TryTake(string token)
        {
            if (string.CompareOrdinal(_text, _pos, token, 0, token.Length) != 0) return false;
            _pos += token.Length;
            return true;
        }

        private bool AtEnd => _pos >= _text.Length;
        private char Peek => _pos < _text.Length ? _text[_pos] : '\0';

        private FormatException Error(string what)
        {
            int line = 1;
            for (int i = 0; i < _pos && i < _text.Length; i++) if (_text[i] == '\n') line++;
            return new FormatException(string.Format(CultureInfo.InvariantCulture, "psd1 line {0}: {1}.", line, what));
        }

        /// <summary>A value as a list of strings: an array's strings, or the single string.</summary>
        public static IReadOnlyList<string> Strings(object? value) => value switch
        {
            null => Array.Empty<string>(),
            string s => new[] { s },
            List<object> list => list.ConvertAll(v => v as string ?? throw new FormatException($"expected strings only, found {v.GetType().Name}")),
            _ => throw new FormatException($"expected a string or an array of strings, found {value.GetType().Name}"),
        };
    }
}
