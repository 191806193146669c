using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace PrefectOps.Tests.Differential
{
    /// <summary>
    /// One request of a scenario. `{name}` in the path or the body stands for a value an earlier step captured on the same
    /// server (its answer's `id`), so both servers get the same request for their own objects.
    /// </summary>
    public sealed class Step
    {
        public string Title { get; init; } = "";
        public string Method { get; init; } = "GET";
        public string Path { get; init; } = "/";
        public JToken? Body { get; init; }
        /// <summary>Name under which the answer's `id` is kept.</summary>
        public string? Capture { get; init; }
        /// <summary>Keys whose values differ by nature on this step (e.g. a generated run name); their presence is still compared.</summary>
        public IReadOnlyCollection<string> Ignore { get; init; } = Array.Empty<string>();
        /// <summary>
        /// Runs whose answer lists are to be compared once the servers' late-runs service has marked them: the real
        /// server's is asked again until every run is Late, the sandbox's service is run once.
        /// </summary>
        public bool AfterLateRuns { get; init; }
    }

    /// <summary>A sequence of requests sent in order to a real server and to the sandbox of the same version.</summary>
    public sealed class Scenario
    {
        private static readonly Regex Placeholder = new Regex(@"\{([a-z][a-z0-9_]*)\}");

        public Scenario(string name) => Name = name;

        public string Name { get; }
        public List<Step> Steps { get; } = new List<Step>();

        public Scenario Send(string title, string method, string path, object? body = null, string? capture = null, params string[] ignore) =>
            Add(title, method, path, body, capture, false, ignore);

        /// <summary>A listing of runs compared once both servers have marked them Late (<see cref="Step.AfterLateRuns"/>).</summary>
        public Scenario SendAfterLateRuns(string title, string method, string path, object body, params string[] ignore) =>
            Add(title, method, path, body, null, true, ignore);

        private Scenario Add(string title, string method, string path, object? body, string? capture, bool afterLateRuns, string[] ignore)
        {
            Steps.Add(new Step
            {
                Title = title, Method = method, Path = path, Capture = capture, Ignore = ignore, AfterLateRuns = afterLateRuns,
                Body = body == null ? null : body as JToken ?? JToken.FromObject(body),
            });
            return this;
        }

        /// <summary>The path or body text with each `{name}` replaced by what <paramref name="target"/> captured.</summary>
        public static string Resolve(string text, ApiTarget target) =>
            Placeholder.Replace(text, m => target.Captured.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

        public static string? ResolveBody(Step step, ApiTarget target) =>
            step.Body == null ? null : Resolve(step.Body.ToString(Formatting.None), target);
    }
}
