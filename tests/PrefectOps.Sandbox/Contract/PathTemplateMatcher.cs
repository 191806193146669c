using System;
using System.Collections.Generic;
using System.Linq;

namespace PrefectOps.Sandbox.Contract
{
    /// <summary>
    /// Matches request paths to OpenAPI path templates as FastAPI/Starlette routes them: a parameter matches one
    /// non-empty segment; a literal segment beats a parameter at the same position (<c>/work_queues/name/{name}</c>
    /// before <c>/work_queues/{id}</c>); a path that matches nothing but would match with its trailing slash added or
    /// removed matches too, because Starlette redirects it there.
    /// </summary>
    public sealed class PathTemplateMatcher
    {
        private readonly IReadOnlyList<Template> _templates;

        public PathTemplateMatcher(IEnumerable<string> templates)
        {
            _templates = templates.Select(Template.Parse).ToArray();
        }

        /// <summary>A template the path matches, with its decoded parameter values.</summary>
        public sealed class Match
        {
            internal Match(string template, IReadOnlyDictionary<string, string> parameters, bool viaSlashRedirect)
            {
                Template = template;
                Parameters = parameters;
                ViaSlashRedirect = viaSlashRedirect;
            }

            public string Template { get; }
            public IReadOnlyDictionary<string, string> Parameters { get; }

            /// <summary>True when only the path with its trailing slash toggled matches.</summary>
            public bool ViaSlashRedirect { get; }
        }

        /// <summary>
        /// Every template the path matches, most specific first. Exact matches come before slash-redirect ones, and
        /// Starlette only redirects when nothing matches exactly, so redirect matches are returned only in that case.
        /// </summary>
        public IReadOnlyList<Match> FindAll(string path)
        {
            var exact = Candidates(path, viaSlashRedirect: false);
            if (exact.Count > 0 || path == "/" || path.Length == 0) return exact;
            var toggled = path.EndsWith("/", StringComparison.Ordinal) ? path.TrimEnd('/') : path + "/";
            return toggled.Length == 0 ? exact : Candidates(toggled, viaSlashRedirect: true);
        }

        private List<Match> Candidates(string path, bool viaSlashRedirect)
        {
            var request = Template.Split(path);
            var found = new List<(Template Template, Dictionary<string, string> Values)>();
            foreach (var t in _templates)
            {
                if (t.Segments.Length != request.Length) continue;
                Dictionary<string, string>? values = null;
                var ok = true;
                for (var i = 0; i < request.Length && ok; i++)
                {
                    var seg = t.Segments[i];
                    if (seg.Parameter == null) ok = seg.Literal == request[i];
                    else if (request[i].Length == 0) ok = false;
                    else (values ??= new Dictionary<string, string>(StringComparer.Ordinal))[seg.Parameter] = request[i];
                }
                if (ok) found.Add((t, values ?? new Dictionary<string, string>()));
            }
            found.Sort((a, b) => a.Template.CompareSpecificity(b.Template));
            return found.Select(f => new Match(f.Template.Text, f.Values, viaSlashRedirect)).ToList();
        }

        private sealed class Template
        {
            public string Text = "";
            public Segment[] Segments = Array.Empty<Segment>();

            public static Template Parse(string text) => new Template
            {
                Text = text,
                Segments = Split(text).Select(s =>
                    s.Length > 2 && s[0] == '{' && s[s.Length - 1] == '}'
                        ? new Segment(null, s.Substring(1, s.Length - 2))
                        : new Segment(s, null)).ToArray(),
            };

            /// <summary>
            /// Segments after the leading slash, percent-decoded ("/flows/" gives ["flows", ""]: a trailing slash is an
            /// empty last segment, so "/flows" and "/flows/" differ, as they do to Starlette).
            /// </summary>
            public static string[] Split(string path)
            {
                var trimmed = path.StartsWith("/", StringComparison.Ordinal) ? path.Substring(1) : path;
                return trimmed.Split('/').Select(Uri.UnescapeDataString).ToArray();
            }

            /// <summary>Negative when this template is more specific: the first position where one has a literal wins.</summary>
            public int CompareSpecificity(Template other)
            {
                for (var i = 0; i < Segments.Length; i++)
                {
                    var mine = Segments[i].Parameter == null;
                    var theirs = other.Segments[i].Parameter == null;
                    if (mine != theirs) return mine ? -1 : 1;
                }
                return 0;
            }
        }

        private readonly struct Segment
        {
            public Segment(string? literal, string? parameter)
            {
                Literal = literal;
                Parameter = parameter;
            }

            public string? Literal { get; }
            public string? Parameter { get; }
        }
    }
}
