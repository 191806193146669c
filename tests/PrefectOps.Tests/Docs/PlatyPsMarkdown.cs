using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace PrefectOps.Tests.Docs
{
    /// <summary>
    /// Reads a PlatyPS markdown file (schema 2.0.0 cmdlet help, or an about topic) into its headings and code blocks,
    /// as far as the docs tests need: front matter, the level-1 title, level-2 sections, level-3 subsections, fenced
    /// code blocks. A '#' inside a code fence (a PowerShell comment) is text, not a heading.
    /// </summary>
    public sealed class PlatyPsMarkdown
    {
        private PlatyPsMarkdown(string path, IReadOnlyDictionary<string, string> metadata, IReadOnlyList<Heading> headings)
        {
            Path = path;
            Metadata = metadata;
            Headings = headings;
        }

        public string Path { get; }
        public string FileName => System.IO.Path.GetFileName(Path);

        /// <summary>The YAML front matter's key: value pairs (empty when there is none).</summary>
        public IReadOnlyDictionary<string, string> Metadata { get; }

        /// <summary>Every heading outside code fences, in order, each with the text up to the next heading.</summary>
        public IReadOnlyList<Heading> Headings { get; }

        public string? Title => Headings.FirstOrDefault(h => h.Level == 1)?.Text;

        /// <summary>The level-2 sections of a cmdlet doc, in order.</summary>
        public IReadOnlyList<Heading> Sections => Headings.Where(h => h.Level == 2).ToList();

        public Heading? Section(string name) => Headings.FirstOrDefault(h => h.Level == 2 && h.Text == name);

        /// <summary>The level-3 headings under a level-2 section.</summary>
        public IReadOnlyList<Heading> SubSections(string section)
        {
            var result = new List<Heading>();
            bool inside = false;
            foreach (var h in Headings)
            {
                if (h.Level <= 2) inside = h.Level == 2 && h.Text == section;
                else if (inside && h.Level == 3) result.Add(h);
            }
            return result;
        }

        public static PlatyPsMarkdown Load(string path) => Parse(path, File.ReadAllText(path));

        public static PlatyPsMarkdown Parse(string path, string text)
        {
            var lines = text.Replace("\r\n", "\n").Split('\n');
            int i = 0;
            var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (lines.Length > 0 && lines[0].Trim() == "---")
            {
                for (i = 1; i < lines.Length && lines[i].Trim() != "---"; i++)
                {
                    int colon = lines[i].IndexOf(':');
                    if (colon > 0) metadata[lines[i].Substring(0, colon).Trim()] = lines[i].Substring(colon + 1).Trim();
                }
                i++; // past the closing ---
            }

            var headings = new List<Heading>();
            Heading? current = null;
            CodeBlock? fence = null;
            var fenceLines = new List<string>();
            for (; i < lines.Length; i++)
            {
                string line = lines[i];
                if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
                {
                    if (fence == null)
                    {
                        fence = new CodeBlock(line.Trim().Substring(3).Trim(), "");
                        fenceLines.Clear();
                    }
                    else
                    {
                        current?.AddCode(new CodeBlock(fence.Language, string.Join("\n", fenceLines)));
                        fence = null;
                    }
                    continue;
                }
                if (fence != null)
                {
                    fenceLines.Add(line);
                    continue;
                }
                int level = line.TakeWhile(c => c == '#').Count();
                if (level >= 1 && level <= 6 && line.Length > level && line[level] == ' ')
                {
                    current = new Heading(level, line.Substring(level + 1).Trim(), i + 1);
                    headings.Add(current);
                    continue;
                }
                current?.AddText(line);
            }
            if (fence != null) throw new FormatException($"{path}: a code fence opened with {fence.Language} is never closed.");
            return new PlatyPsMarkdown(path, metadata, headings);
        }

        public sealed class Heading
        {
            private readonly List<string> _text = new List<string>();
            private readonly List<CodeBlock> _code = new List<CodeBlock>();

            internal Heading(int level, string text, int line)
            {
                Level = level;
                Text = text;
                Line = line;
            }

            public int Level { get; }
            public string Text { get; }

            /// <summary>1-based line number in the file, for messages.</summary>
            public int Line { get; }

            /// <summary>The prose under this heading (outside code fences), trimmed.</summary>
            public string Prose => string.Join("\n", _text).Trim();

            public IReadOnlyList<CodeBlock> Code => _code;

            internal void AddText(string line) => _text.Add(line);
            internal void AddCode(CodeBlock block) => _code.Add(block);

            public override string ToString() => $"{new string('#', Level)} {Text} (line {Line})";
        }

        public sealed class CodeBlock
        {
            public CodeBlock(string language, string text)
            {
                Language = language;
                Text = text;
            }

            /// <summary>The info string after the opening fence: "powershell", "yaml", or "" for a plain block.</summary>
            public string Language { get; }

            public string Text { get; }

            /// <summary>A PlatyPS parameter block: "Key: value" lines (blank lines skip; "Key:" alone is an empty value).</summary>
            public IReadOnlyDictionary<string, string> YamlPairs()
            {
                var pairs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var line in Text.Split('\n'))
                {
                    if (string.IsNullOrWhiteSpace(line)) continue;
                    int colon = line.IndexOf(':');
                    if (colon <= 0) continue;
                    pairs[line.Substring(0, colon).Trim()] = line.Substring(colon + 1).Trim();
                }
                return pairs;
            }
        }
    }
}
