using System;
using System.Collections.Generic;
using System.Linq;

namespace PrefectOps.Core.GraphQL
{
    /// <summary>
    /// Prefect 1 state class names (api-reference.md section 4) mapped to the state types and names PrefectOps shows
    /// for every backend, so `-State Running` means the same on both. A Running flow run with a Paused task run shows
    /// as Paused: that is the run Resume-FlowRun resumes, as Prefect 1's UI does.
    /// </summary>
    internal static class Prefect1States
    {
        public const string PausedTaskState = "Paused";

        private static readonly Dictionary<string, string[]> NamesByType = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["SCHEDULED"] = new[] { "Scheduled", "Retrying", "Resume" },
            ["PENDING"] = new[] { "Pending", "Submitted", "Queued" },
            ["RUNNING"] = new[] { "Running" },
            ["PAUSED"] = new[] { "Paused" },
            ["CANCELLING"] = new[] { "Cancelling" },
            ["CANCELLED"] = new[] { "Cancelled" },
            ["COMPLETED"] = new[] { "Success", "Cached", "Mapped", "Skipped", "Looped", "Finished" },
            ["FAILED"] = new[] { "Failed", "TimedOut", "TriggerFailed", "ValidationFailed" },
            ["CRASHED"] = new[] { "ClientFailed" },
        };

        private static readonly Dictionary<string, string> TypeByName =
            NamesByType.SelectMany(kv => kv.Value.Select(n => (n, kv.Key))).ToDictionary(x => x.n, x => x.Key, StringComparer.Ordinal);

        /// <summary>The Prefect 1 state names of one PrefectOps state type.</summary>
        public static IReadOnlyList<string> NamesOf(string type) =>
            NamesByType.TryGetValue(type, out var names) ? names : new[] { type };

        /// <summary>The PrefectOps state type of a Prefect 1 state; an unknown one counts as Pending (not final, not running).</summary>
        public static string TypeOf(string? state) =>
            state != null && TypeByName.TryGetValue(state, out var type) ? type : "PENDING";

        /// <summary>The state name PrefectOps shows for a type (Scheduled, Pending, Running, Paused, Completed, ...).</summary>
        public static string DisplayName(string type) =>
            type.Length == 0 ? "" : type.Substring(0, 1) + type.Substring(1).ToLowerInvariant();
    }
}
