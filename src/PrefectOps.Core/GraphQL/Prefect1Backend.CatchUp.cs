using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Http;
using PrefectOps.Core.Scheduling;

namespace PrefectOps.Core.GraphQL
{
    /// <summary>
    /// Catch-up on Prefect 1, which has no backfill: the missed times of each clock the shared evaluator can read,
    /// one create_flow_run each, with the clock's parameters and the labels the scheduler would have given the run.
    /// </summary>
    public sealed partial class Prefect1Backend
    {
        private const string CreateRunMutation =
            "mutation PrefectOpsCatchUpRun($input: create_flow_run_input!) { create_flow_run(input: $input) { id } }";

        public async Task CatchUpAsync(Flow flow, DateTimeOffset start, DateTimeOffset end, int maxRuns, CancellationToken ct)
        {
            var state = FlowGroupMapper.StateOf(flow);
            var runs = new List<(DateTimeOffset time, Prefect1Clock clock)>();
            foreach (var clock in state.Clocks.Where(c => ScheduleEvaluator.CanEvaluate(c.Spec)))
            {
                // At most maxRuns per clock, the most recent ones (the planner already moved start to the earliest kept).
                var times = ScheduleEvaluator.Occurrences(clock.Spec, start, end).ToList();
                runs.AddRange(times.Skip(Math.Max(0, times.Count - maxRuns)).Select(t => (t, clock)));
            }
            foreach (var (time, clock) in runs.OrderBy(r => r.time))
            {
                var input = new JObject
                {
                    ["flow_id"] = state.FlowVersionId.ToString(),
                    ["scheduled_start_time"] = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", System.Globalization.CultureInfo.InvariantCulture),
                    ["parameters"] = clock.Parameters.DeepClone(),
                    ["labels"] = RunLabels(flow, state, clock),
                    ["idempotency_key"] = CatchUpKey.For(flow.Id, time, clock.HasRunSettings ? RunSettings(clock) : null),
                };
                // Keyed: a repeat returns the run the first call made and creates nothing, so it may be retried.
                var data = await _gql.MutateAsync(CreateRunMutation, new JObject { ["input"] = input }, RetrySafety.Idempotent, ct).ConfigureAwait(false);
                if ((string?)data["create_flow_run"]?["id"] == null)
                    throw Malformed("create_flow_run");
            }
        }

        /// <summary>
        /// The labels the scheduler would have given the run after the window: the clock's, else the group's labels as
        /// they were before the marker, else the run configs'. Always sent, so a run created while the group still
        /// carries the marker does not inherit it (agents would never pick it up).
        /// </summary>
        private static JArray RunLabels(Flow flow, Prefect1FlowState state, Prefect1Clock clock)
        {
            if (clock.Labels != null) return (JArray)clock.Labels.DeepClone();
            string marker = flow.Window?.Marker ?? Model.MaintenanceTags.DefaultMarker;
            var block = state.Block != null && state.Block.Window.Marker == marker ? state.Block : null;
            var groupLabels = block != null ? block.Labels : RestLabels(state.Labels, marker);
            return (JArray)(groupLabels ?? state.FallbackLabels ?? new JArray()).DeepClone();
        }

        private static string RunSettings(Prefect1Clock clock) =>
            new JArray(clock.Parameters, clock.Labels ?? (JToken)JValue.CreateNull()).ToString(Formatting.None);
    }
}
