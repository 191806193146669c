using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Http;

namespace PrefectOps.Core.GraphQL
{
    /// <summary>
    /// Flow runs on Prefect 1: read from `flow_run`; cancelled with cancel_flow_run (Running goes to Cancelling, a run
    /// that has not started straight to Cancelled); resumed by resuming its paused TASK runs, as Prefect 1's UI does.
    /// </summary>
    public sealed partial class Prefect1Backend
    {
        private const string RunsQuery =
            "query PrefectOpsFlowRuns($where: flow_run_bool_exp!, $offset: Int!, $limit: Int!) { " +
            "flow_run(where: $where, order_by: [{id: desc}], offset: $offset, limit: $limit) { " + Prefect1RunMapper.Fields + " } }";
        private const string RunQuery =
            "query PrefectOpsFlowRun($id: uuid!) { flow_run_by_pk(id: $id) { " + Prefect1RunMapper.Fields + " } }";
        private const string CancelMutation =
            "mutation PrefectOpsCancelRun($id: UUID!) { cancel_flow_run(input: {flow_run_id: $id}) { state } }";
        private const string PausedTasksQuery =
            "query PrefectOpsPausedTaskRuns($id: uuid!) { task_run(where: {flow_run_id: {_eq: $id}, state: {_eq: \"Paused\"}}) { id version } }";
        private const string ResumeTasksMutation =
            "mutation PrefectOpsResumeTaskRuns($input: set_task_run_states_input!) { set_task_run_states(input: $input) { states { id status message } } }";
        public const string ResumeMessage = "Resumed with PrefectOps (Resume-FlowRun).";

        public async Task<IReadOnlyList<FlowRun>> ReadFlowRunsAsync(FlowRunQuery query, int offset, int limit, CancellationToken ct)
        {
            return await ReadRunsAsync(FlowRunWhere.For(query, _clock.UtcNow), offset, limit, ct).ConfigureAwait(false);
        }

        private async Task<IReadOnlyList<FlowRun>> ReadRunsAsync(JObject where, int offset, int limit, CancellationToken ct)
        {
            if (limit < 1 || limit > PageSize) throw new ArgumentOutOfRangeException(nameof(limit), $"1 to {PageSize} rows per page.");
            var now = _clock.UtcNow;
            var data = await _gql.QueryAsync(RunsQuery,
                new JObject { ["where"] = where, ["offset"] = offset, ["limit"] = limit }, ct).ConfigureAwait(false);
            return Rows(data, "flow_run").Select(r => Prefect1RunMapper.ToFlowRun(r, now)).ToList();
        }

        public async Task ForEachRunKeptByPauseAsync(IReadOnlyList<Guid> flowIds, DateTimeOffset? after, DateTimeOffset before,
            Action<FlowRun> onRun, CancellationToken ct)
        {
            // Hasura filters on auto_scheduled directly: only the runs a pause keeps are read, a page of ids at a time.
            for (int i = 0; i < flowIds.Count; i += PageSize)
            {
                var where = FlowRunWhere.KeptByPause(flowIds.Skip(i).Take(PageSize).ToList(), after, before, _clock.UtcNow);
                await Services.PageReader.ReadAllAsync((offset, limit, token) => ReadRunsAsync(where, offset, limit, token), PageSize, page =>
                {
                    foreach (var run in page) onRun(run);
                    return true;
                }, ct).ConfigureAwait(false);
            }
        }

        public async Task<FlowRun> GetFlowRunAsync(Guid id, CancellationToken ct)
        {
            var data = await _gql.QueryAsync(RunQuery, new JObject { ["id"] = id.ToString() }, ct).ConfigureAwait(false);
            var run = data["flow_run_by_pk"] as JObject ?? throw RunNotFound(id, null);
            return Prefect1RunMapper.ToFlowRun(run, _clock.UtcNow);
        }

        public async Task<OrchestrationAnswer> RequestCancelAsync(Guid id, string message, CancellationToken ct)
        {
            // cancel_flow_run answers a finished run with its own state name, which cannot tell "cancelled just now"
            // from "was cancelled already": the run is read first, and a finished one is not sent at all.
            var before = await GetFlowRunAsync(id, ct).ConfigureAwait(false);
            if (before.IsFinal)
                return new OrchestrationAnswer(false, "ABORT", $"The flow run has already ended ({before.State}).", before.StateType, before.State, before.StateMessage);
            JObject data;
            try
            {
                // Retried after an ambiguous failure: a Cancelling run answers Cancelling again and a Cancelled one
                // answers Cancelled, writing nothing new.
                data = await _gql.MutateAsync(CancelMutation, new JObject { ["id"] = id.ToString() }, RetrySafety.Idempotent, ct).ConfigureAwait(false);
            }
            catch (PrefectException ex) when (ex.Kind == PrefectErrorKind.NotFound)
            {
                throw RunNotFound(id, ex);
            }
            string? state = (string?)data["cancel_flow_run"]?["state"];
            string type = Prefect1States.TypeOf(state);
            switch (type)
            {
                case "CANCELLING":
                case "CANCELLED":
                    return new OrchestrationAnswer(true, "ACCEPT", null, type, Prefect1States.DisplayName(type), null);
                default:
                    // It ended on its own between the read and the cancel.
                    return new OrchestrationAnswer(false, "ABORT", $"The flow run is {state ?? "in an unknown state"}.", type, Prefect1States.DisplayName(type), null);
            }
        }

        public async Task<OrchestrationAnswer> ResumeAsync(Guid id, JObject? runInput, CancellationToken ct)
        {
            if (runInput != null) throw RunInputRefused();
            var data = await _gql.QueryAsync(PausedTasksQuery, new JObject { ["id"] = id.ToString() }, ct).ConfigureAwait(false);
            var paused = Rows(data, "task_run");
            if (paused.Count == 0)
                return new OrchestrationAnswer(false, "ABORT", "No task run of this flow run is paused.", null, null, null);
            var states = new JArray(paused.Select(t => new JObject
            {
                ["task_run_id"] = (string?)t["id"],
                // Cloud 1.0 locks on the version read (Server ignores it).
                ["version"] = t["version"]?.DeepClone() ?? 0,
                ["state"] = new JObject { ["type"] = "Resume", ["message"] = ResumeMessage },
            }));
            // Not idempotent: a repeat would put Resume over task runs that have moved on since. Retried only where
            // the server certainly did not act; FlowRunControl reads the run back after an ambiguous failure.
            await _gql.MutateAsync(ResumeTasksMutation, new JObject { ["input"] = new JObject { ["states"] = states } }, RetrySafety.NotIdempotent, ct).ConfigureAwait(false);
            // The flow run itself stayed Running while its tasks waited; an agent picks it up again.
            return new OrchestrationAnswer(true, "ACCEPT", null, "RUNNING", "Running", ResumeMessage);
        }

        /// <summary>Resume-FlowRun -RunInput: Prefect 1 resumes task runs and has nowhere to put input.</summary>
        public bool SupportsRunInput => false;

        private PrefectException RunInputRefused() =>
            new PrefectException(ErrorIds.RunInputNotSupported, PrefectErrorKind.NotSupported,
                $"{_gql.Endpoint} is Prefect 1, where a paused run is resumed by resuming its paused task runs and takes no input. Run Resume-FlowRun without -RunInput (run input came with Prefect 2.x's wait_for_input).");

        private PrefectException RunNotFound(Guid id, Exception? inner) =>
            new PrefectException(ErrorIds.FlowRunNotFound, PrefectErrorKind.NotFound, $"No flow run with id {id} on {_gql.Endpoint}.", inner);
    }
}
