using System;
using System.Globalization;
using System.Linq;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Errors;

namespace PrefectOps.Core.GraphQL
{
    /// <summary>Reads a Prefect 1 flow run as a PrefectOps FlowRun (the flow group is the "deployment").</summary>
    internal static class Prefect1RunMapper
    {
        public const string Fields =
            "id name flow_id state state_message scheduled_start_time start_time end_time auto_scheduled " +
            "flow { name flow_group_id tasks { tags } } " +
            "task_runs(where: {state: {_eq: \"Paused\"}}, limit: 1) { id }";

        public static FlowRun ToFlowRun(JObject run, DateTimeOffset now)
        {
            var flow = run["flow"] as JObject;
            string flowName = (string?)flow?["name"] ?? "";
            string type = Prefect1States.TypeOf((string?)run["state"]);
            bool pausedTask = (run["task_runs"] as JArray)?.Count > 0;
            if (type == "RUNNING" && pausedTask) type = "PAUSED";
            var scheduled = Time(run["scheduled_start_time"]);
            string name = type == "SCHEDULED" && scheduled < now ? "Late" : Prefect1States.DisplayName(type);
            return new FlowRun
            {
                Id = Guid.TryParse((string?)run["id"], out var id) ? id
                    : throw new PrefectException(ErrorIds.MalformedResponse, PrefectErrorKind.InvalidResult, "A flow run in the server's answer has no valid id."),
                Name = (string?)run["name"] ?? "",
                FlowId = Guid.TryParse((string?)run["flow_id"], out var fid) ? fid : (Guid?)null,
                FlowName = flowName,
                DeploymentId = Guid.TryParse((string?)flow?["flow_group_id"], out var gid) ? gid : (Guid?)null,
                // Get-Flow names a Prefect 1 flow by the flow's name.
                DeploymentName = flowName,
                StateType = type,
                State = name,
                StateMessage = (string?)run["state_message"],
                // Prefect 1 does not record who made a run.
                AutoScheduled = (bool?)(run["auto_scheduled"] as JValue) ?? false,
                ScheduledStart = scheduled,
                StartTime = Time(run["start_time"]),
                EndTime = Time(run["end_time"]),
                Tags = (flow?["tasks"] as JArray ?? new JArray()).OfType<JObject>()
                    .SelectMany(t => (t["tags"] as JArray ?? new JArray()).Select(x => x.Type == JTokenType.String ? (string?)x : null))
                    .Where(t => !string.IsNullOrEmpty(t)).Select(t => t!).Distinct(StringComparer.Ordinal).OrderBy(t => t, StringComparer.Ordinal).ToArray(),
            };
        }

        internal static DateTimeOffset? Time(JToken? token)
        {
            var text = token?.Type == JTokenType.String ? (string?)token : null;
            return text != null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : (DateTimeOffset?)null;
        }
    }
}
