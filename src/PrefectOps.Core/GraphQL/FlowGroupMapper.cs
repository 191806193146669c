using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Model;
using PrefectOps.Core.Scheduling;

namespace PrefectOps.Core.GraphQL
{
    /// <summary>What the Prefect 1 backend needs again when it acts on a flow group it read.</summary>
    internal sealed class Prefect1FlowState
    {
        /// <summary>The group's one unarchived flow version: the schedule switch and create_flow_run take its id.</summary>
        public Guid FlowVersionId { get; set; }
        /// <summary>flow_group.labels exactly as read; null is "no override".</summary>
        public JArray? Labels { get; set; }
        public string? Description { get; set; }
        /// <summary>The PrefectOps block in the description, if any (whatever its marker).</summary>
        public MaintenanceBlock? Block { get; set; }
        public List<Prefect1Clock> Clocks { get; set; } = new List<Prefect1Clock>();
        /// <summary>Labels a run gets when neither the call nor the group gives any (group run_config, flow run_config, environment).</summary>
        public JArray? FallbackLabels { get; set; }
        public bool HasSchedule => Clocks.Count > 0;
    }

    /// <summary>Reads a Prefect 1 flow (with its flow group and tasks) as a PrefectOps Flow keyed by the flow group.</summary>
    internal static class FlowGroupMapper
    {
        /// <summary>The selection every flow read asks for, so one mapper serves them all.</summary>
        public const string Fields =
            "id name version flow_group_id is_schedule_active schedule run_config environment " +
            "tasks { tags } flow_group { id description labels schedule run_config }";

        public static Flow ToFlow(JObject flow, string marker)
        {
            var group = flow["flow_group"] as JObject ?? new JObject();
            Guid groupId = ParseId(flow["flow_group_id"], "flow_group_id");
            Guid versionId = ParseId(flow["id"], "id");
            string name = (string?)flow["name"] ?? groupId.ToString();

            var taskTags = (flow["tasks"] as JArray ?? new JArray()).OfType<JObject>()
                .SelectMany(t => (t["tags"] as JArray ?? new JArray()).Select(x => x.Type == JTokenType.String ? (string?)x : null))
                .Where(t => !string.IsNullOrEmpty(t)).Select(t => t!)
                .Distinct(StringComparer.Ordinal).OrderBy(t => t, StringComparer.Ordinal).ToList();
            var userTags = MaintenanceTags.Without(taskTags, marker);

            var labels = group["labels"] as JArray;
            string? description = group["description"]?.Type == JTokenType.String ? (string?)group["description"] : null;
            var block = MaintenanceBlock.Find(description);
            // flow_group.schedule takes precedence: `flow_group.schedule or flow.schedule`.
            var schedule = IsEmpty(group["schedule"]) ? flow["schedule"] : group["schedule"];
            var clocks = Prefect1Clock.ReadAll(schedule);

            bool marked = labels != null && labels.Any(l => l.Type == JTokenType.String && (string?)l == marker);
            MaintenanceWindow? window = null;
            if (marked)
            {
                // A marker put on by hand (no block, or another marker's block) still counts; it just has no window times.
                window = block != null && block.Window.Marker == marker
                    ? block.Window
                    : new MaintenanceWindow(marker, null);
            }
            bool active = (bool?)flow["is_schedule_active"] ?? false;

            var result = new Flow
            {
                Id = groupId,
                FlowId = versionId,
                Name = name,
                FlowName = name,
                DeploymentName = "",
                Tags = userTags.ToArray(),
                // The window travels as the tags the shared rules read (MaintenanceTags), though on Prefect 1 it
                // lives in the group's labels and description.
                ServerTags = window != null ? userTags.Concat(MaintenanceTags.Encode(window)).ToList() : userTags,
                Schedule = string.Join("; ", clocks.Select(c => c.Spec.Describe())),
                ActiveSchedules = clocks.Select(c => c.Spec).ToList(),
                Window = window,
                MaintenanceSince = window?.Since,
                MaintenanceUntil = window?.Until,
                MaintenanceReason = window?.Reason,
                MaintenanceBy = window?.By,
                // A flow without any schedule has nothing to pause: it counts as active unless PrefectOps marked it.
                IsPausedOnServer = !active && (clocks.Count > 0 || marked),
                BackendState = new Prefect1FlowState
                {
                    FlowVersionId = versionId,
                    Labels = labels,
                    Description = description,
                    Block = block,
                    Clocks = clocks,
                    FallbackLabels = LabelsOf(group["run_config"]) ?? LabelsOf(flow["run_config"]) ?? LabelsOf(flow["environment"]),
                },
            };
            result.Status = window != null ? FlowStatus.Maintenance : result.IsPausedOnServer ? FlowStatus.Paused : FlowStatus.Active;
            return result;
        }

        public static Prefect1FlowState StateOf(Flow flow) =>
            flow.BackendState as Prefect1FlowState
            ?? throw new InvalidOperationException($"{flow.Name} was not read from a Prefect 1 server.");

        private static JArray? LabelsOf(JToken? config) => config is JObject o ? o["labels"] as JArray : null;

        private static bool IsEmpty(JToken? token) => token == null || token.Type == JTokenType.Null;

        private static Guid ParseId(JToken? token, string field) =>
            Guid.TryParse((string?)token, out var id) ? id
                : throw new PrefectException(ErrorIds.MalformedResponse, PrefectErrorKind.InvalidResult, $"A flow in the server's answer has no valid {field}.");
    }
}
