using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Http;
using PrefectOps.Core.Model;

namespace PrefectOps.Core.GraphQL
{
    /// <summary>
    /// Maintenance on Prefect 1: three mutations each way, made all-or-nothing by <see cref="UndoableSteps"/>.
    /// Disable: description block, then the marker label, then set_schedule_inactive. Enable: set_schedule_active,
    /// then the labels as they were, then the description without the block. Either way the state between two
    /// steps is "marked and active", which a re-run of Enable-FlowByTag mends; never "paused without the marker",
    /// which PrefectOps would take for paused on purpose and leave paused for good.
    /// </summary>
    public sealed partial class Prefect1Backend
    {
        private const string PauseScheduleMutation =
            "mutation PrefectOpsPauseSchedule($id: UUID!) { set_schedule_inactive(input: {flow_id: $id}) { success } }";
        private const string ResumeScheduleMutation =
            "mutation PrefectOpsResumeSchedule($id: UUID!) { set_schedule_active(input: {flow_id: $id}) { success } }";
        private const string LabelsMutation =
            "mutation PrefectOpsSetLabels($id: UUID!, $labels: [String!]) { set_flow_group_labels(input: {flow_group_id: $id, labels: $labels}) { success } }";
        private const string DescriptionMutation =
            "mutation PrefectOpsSetDescription($id: UUID!, $description: String) { set_flow_group_description(input: {flow_group_id: $id, description: $description}) { success } }";

        public async Task EnterMaintenanceAsync(Flow flow, MaintenanceWindow window, CancellationToken ct)
        {
            var state = FlowGroupMapper.StateOf(flow);
            var labelsBefore = state.Labels;
            string? descriptionBefore = state.Description;
            // A block left by an interrupted run (no marker label) is ours: replaced, not stacked.
            string? userText = MaintenanceBlock.Remove(descriptionBefore);
            var block = new MaintenanceBlock(window, labelsBefore, descriptionWasNull: descriptionBefore == null);
            string description = block.AppendTo(userText);
            var labels = new JArray((labelsBefore ?? new JArray()).Where(l => (string?)l != window.Marker).Select(l => l.DeepClone()).Append(new JValue(window.Marker)));

            await new UndoableSteps(flow.Name,
                    $"{flow.Name} is left marked {window.Marker} (agents skip its runs), its schedule on or off. Run Enable-FlowByTag for it to put it back as it was, then disable it again.")
                .Add("write the window into the description", c => SetDescriptionAsync(flow, description, c), c => SetDescriptionAsync(flow, descriptionBefore, c))
                .Add($"add the {window.Marker} label", c => SetLabelsAsync(flow, labels, c), c => SetLabelsAsync(flow, labelsBefore, c))
                .Add("pause the schedule", c => SetScheduleAsync(flow, state, false, c), c => SetScheduleAsync(flow, state, true, c))
                .RunAsync(ct).ConfigureAwait(false);

            state.Labels = labels;
            state.Description = description;
            state.Block = block;
            flow.ShowInMaintenance(window, flow.Tags.Concat(MaintenanceTags.Encode(window)).ToList());
        }

        public async Task LeaveMaintenanceAsync(Flow flow, string marker, CancellationToken ct)
        {
            var state = FlowGroupMapper.StateOf(flow);
            var labelsNow = state.Labels;
            string? descriptionNow = state.Description;
            var block = state.Block != null && state.Block.Window.Marker == marker ? state.Block : null;
            // With the block: the labels exactly as they were, "no override" (null) included. A marker put on by
            // hand has no record, so only the marker comes off.
            var labels = block != null ? block.Labels : RestLabels(labelsNow, marker);
            string? description = block != null ? block.RestoreFrom(descriptionNow) : descriptionNow;

            await new UndoableSteps(flow.Name,
                    $"{flow.Name} is left still marked {marker}, its schedule on or off. Run Enable-FlowByTag for it again.")
                .Add("resume the schedule", c => SetScheduleAsync(flow, state, true, c), c => SetScheduleAsync(flow, state, false, c))
                .Add("restore the labels", c => SetLabelsAsync(flow, labels, c), c => SetLabelsAsync(flow, labelsNow, c))
                .Add("remove the window from the description", c => SetDescriptionAsync(flow, description, c), c => SetDescriptionAsync(flow, descriptionNow, c))
                .RunAsync(ct).ConfigureAwait(false);

            state.Labels = labels;
            state.Description = description;
            state.Block = null;
            flow.ShowActive(flow.Tags.ToList());
        }

        private static JArray? RestLabels(JArray? labels, string marker) =>
            labels == null ? null : new JArray(labels.Where(l => (string?)l != marker).Select(l => l.DeepClone()));

        private async Task SetScheduleAsync(Flow flow, Prefect1FlowState state, bool active, CancellationToken ct)
        {
            // A group without any schedule has nothing to switch back on (set_schedule_active answers success:false).
            if (active && !state.HasSchedule) return;
            // Sets a whole value, so a repeat changes nothing (set_schedule_active's own runs carry the scheduler's
            // idempotency keys): safe to retry.
            var data = await _gql.MutateAsync(active ? ResumeScheduleMutation : PauseScheduleMutation,
                new JObject { ["id"] = state.FlowVersionId.ToString() }, RetrySafety.Idempotent, ct).ConfigureAwait(false);
            RequireSuccess(data, active ? "set_schedule_active" : "set_schedule_inactive", flow);
        }

        private async Task SetLabelsAsync(Flow flow, JArray? labels, CancellationToken ct)
        {
            // The whole list (or null), so a repeat leaves the same labels: safe to retry.
            var data = await _gql.MutateAsync(LabelsMutation,
                new JObject { ["id"] = flow.Id.ToString(), ["labels"] = labels == null ? JValue.CreateNull() : labels.DeepClone() },
                RetrySafety.Idempotent, ct).ConfigureAwait(false);
            RequireSuccess(data, "set_flow_group_labels", flow);
        }

        private async Task SetDescriptionAsync(Flow flow, string? description, CancellationToken ct)
        {
            // The whole text, so a repeat leaves the same description: safe to retry.
            var data = await _gql.MutateAsync(DescriptionMutation,
                new JObject { ["id"] = flow.Id.ToString(), ["description"] = description == null ? JValue.CreateNull() : new JValue(description) },
                RetrySafety.Idempotent, ct).ConfigureAwait(false);
            RequireSuccess(data, "set_flow_group_description", flow);
        }

        /// <summary>success:false means nothing matched: the flow (version) or group is gone.</summary>
        private void RequireSuccess(JObject data, string field, Flow flow)
        {
            if ((bool?)data[field]?["success"] == true) return;
            throw new PrefectException(ErrorIds.FlowNotFound, PrefectErrorKind.NotFound,
                $"{field} changed nothing for {flow.Name} ({flow.Id}) on {_gql.Endpoint}: the flow group or its flow version no longer exists (re-registered or deleted?).");
        }
    }
}
