using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace PrefectOps.Tests.Differential
{
    /// <summary>
    /// Sends each step of a scenario to the real server, then to the sandbox, and compares status and answer
    /// (<see cref="JsonDiff"/>). Keeps what the real server answered, for the recorded-exchanges file.
    /// </summary>
    public sealed class DifferentialRun
    {
        private readonly ApiTarget _real;
        private readonly ApiTarget _sandbox;
        private readonly JsonDiff _diff = new JsonDiff();
        private readonly StringBuilder _recording = new StringBuilder();

        private readonly Action _markLateRuns;

        /// <param name="markLateRuns">Runs the sandbox's late-runs service once.</param>
        public DifferentialRun(ApiTarget real, ApiTarget sandbox, Action markLateRuns)
        {
            _real = real;
            _sandbox = sandbox;
            _markLateRuns = markLateRuns;
        }

        /// <summary>Every difference found, as "scenario / step: what".</summary>
        public List<Difference> Differences { get; } = new List<Difference>();

        /// <summary>The real server's side of every exchange, in the recorded-exchanges markdown.</summary>
        public string Recording => _recording.ToString();

        public async Task RunAsync(Scenario scenario)
        {
            _recording.Append("\n## ").Append(scenario.Name).Append('\n');
            foreach (var step in scenario.Steps)
            {
                string realPath = Scenario.Resolve(step.Path, _real), sandboxPath = Scenario.Resolve(step.Path, _sandbox);
                string? realBody = Scenario.ResolveBody(step, _real), sandboxBody = Scenario.ResolveBody(step, _sandbox);
                var (realStatus, realAnswer) = await _real.SendAsync(step.Method, realPath, realBody);
                if (step.AfterLateRuns)
                {
                    // Prefect's late-runs service looks every 5 s for runs 15 s past their time; wait for it.
                    var deadline = DateTime.UtcNow.AddSeconds(90);
                    while (!AllLate(realAnswer) && DateTime.UtcNow < deadline)
                    {
                        await Task.Delay(500);
                        (realStatus, realAnswer) = await _real.SendAsync(step.Method, realPath, realBody);
                    }
                    _markLateRuns();
                }
                var (sandboxStatus, sandboxAnswer) = await _sandbox.SendAsync(step.Method, sandboxPath, sandboxBody);
                Record(step, realPath, realBody, realStatus, realAnswer);

                // The ids each server gave the same request's objects pair up, so later answers naming them compare.
                if (step.Capture != null)
                {
                    Capture(step.Capture, realAnswer, _real);
                    Capture(step.Capture, sandboxAnswer, _sandbox);
                    if (_real.Captured.TryGetValue(step.Capture, out var r) && _sandbox.Captured.TryGetValue(step.Capture, out var s)) _diff.Pair(r, s);
                }
                if (realStatus != sandboxStatus)
                {
                    Differences.Add(new Difference(scenario.Name, step.Title, "status", $"real {realStatus} {Short(realAnswer)}, sandbox {sandboxStatus} {Short(sandboxAnswer)}"));
                    continue;
                }
                foreach (var d in _diff.Compare(realAnswer, sandboxAnswer, step.Ignore))
                {
                    int colon = d.IndexOf(": ", StringComparison.Ordinal);
                    Differences.Add(new Difference(scenario.Name, step.Title, d.Substring(0, colon), d.Substring(colon + 2)));
                }
            }
        }

        private static bool AllLate(JToken? runs) => runs is JArray a && a.All(r => (string?)r["state_name"] == "Late");

        private static void Capture(string name, JToken? answer, ApiTarget target)
        {
            if ((answer as JObject)?["id"] is JValue id && id.Type == JTokenType.String) target.Captured[name] = (string)id!;
        }

        private void Record(Step step, string path, string? body, int status, JToken? answer)
        {
            _recording.Append("\n### ").Append(step.Title).Append('\n');
            _recording.Append('`').Append(step.Method).Append(' ').Append(path).Append("`\n");
            if (body != null) _recording.Append("request:\n```json\n").Append(JToken.Parse(body).ToString(Formatting.Indented)).Append("\n```\n");
            _recording.Append("status: ").Append(status).Append('\n');
            if (answer != null)
                _recording.Append("response:\n```json\n").Append(answer.ToString(Formatting.Indented)).Append("\n```\n");
        }

        private static string Short(JToken? t)
        {
            string s = t?.ToString(Formatting.None) ?? "(empty)";
            return s.Length <= 200 ? s : s.Substring(0, 197) + "...";
        }
    }

    /// <param name="Where">The JSON path of the difference, or "status".</param>
    public sealed record Difference(string Scenario, string Step, string Where, string What)
    {
        public override string ToString() => $"{Scenario} / {Step}: {Where}: {What}";
    }
}
