using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Http;

namespace PrefectOps.Core.GraphQL
{
    /// <summary>
    /// Prefect 1 (Server 1.x, Cloud 1.0) over GraphQL. A "flow" is a flow group: its one unarchived flow version holds
    /// the schedule switch, its tasks hold the tags, and the group holds the labels and description where maintenance
    /// is kept (see <see cref="MaintenanceBlock"/>). Every query and mutation is named (PrefectOps*), so logs,
    /// fault injection and request counts can tell them apart.
    /// </summary>
    public sealed partial class Prefect1Backend : IPrefectBackend
    {
        private const int PageSize = 200;
        private readonly GraphQLClient _gql;
        private readonly Util.IClock _clock;

        public Prefect1Backend(GraphQLClient gql, string serverVersion, string apiVersion, bool isCloud, Util.IClock? clock = null)
        {
            _gql = gql;
            ServerVersion = serverVersion;
            ApiVersion = apiVersion;
            IsCloud = isCloud;
            _clock = clock ?? Util.SystemClock.Instance;
        }

        public BackendKind Kind => BackendKind.GraphQL;
        public string ServerVersion { get; }
        /// <summary>The Prefect Core version the server reports (api.core_version).</summary>
        public string ApiVersion { get; }
        /// <summary>Cloud 1.0 rather than Server.</summary>
        public bool IsCloud { get; }
        public RequestStats Stats => _gql.Stats;
        public int MaxPageSize => PageSize;
        // create_flow_run works whatever the schedule switch says and resuming deletes nothing, so catch-up goes
        // first, while the group is still marked.
        public bool CatchUpWorksWhilePaused => true;
        // No backfill endpoint: only what PrefectOps can evaluate is caught up.
        public bool ServerEvaluatesSchedules => false;
        internal GraphQLClient Client => _gql;

        private const string FlowsQuery =
            "query PrefectOpsFlows($where: flow_bool_exp!, $offset: Int!, $limit: Int!) { " +
            "flow(where: $where, order_by: [{name: asc}, {flow_group_id: asc}], offset: $offset, limit: $limit) { " + FlowGroupMapper.Fields + " } }";

        private const string FlowQuery =
            "query PrefectOpsFlow($id: uuid!) { " +
            "flow(where: {flow_group_id: {_eq: $id}, archived: {_eq: false}}, order_by: [{version: desc}], limit: 1) { " + FlowGroupMapper.Fields + " } }";

        public async Task<IReadOnlyList<Flow>> ReadFlowsAsync(FlowQuery query, int offset, int limit, CancellationToken ct)
        {
            if (limit < 1 || limit > PageSize) throw new ArgumentOutOfRangeException(nameof(limit), $"1 to {PageSize} rows per page.");
            var where = new JObject { ["archived"] = new JObject { ["_eq"] = false } };
            var all = new JArray();
            // Tags live on tasks: a flow has a tag when any of its tasks has it, so each tag is its own condition.
            foreach (var tag in query.AllTags)
                all.Add(new JObject { ["tasks"] = new JObject { ["tags"] = new JObject { ["_has_key"] = tag } } });
            if (query.InMaintenanceOnly)
                all.Add(new JObject { ["flow_group"] = new JObject { ["labels"] = new JObject { ["_has_key"] = query.Marker } } });
            if (all.Count > 0) where["_and"] = all;
            var data = await _gql.QueryAsync(FlowsQuery, new JObject { ["where"] = where, ["offset"] = offset, ["limit"] = limit }, ct).ConfigureAwait(false);
            return Rows(data, "flow").Select(f => FlowGroupMapper.ToFlow(f, query.Marker)).ToList();
        }

        // Prefect 1 listings stay on read-ahead: an aggregate over tasks' tags is no cheaper than the pages themselves.
        public Task<int?> CountFlowsAsync(FlowQuery query, CancellationToken ct) => Task.FromResult<int?>(null);

        // A flow group's page carries its flows' names already.
        public Task ReadAheadForListingAsync(FlowQuery query, CancellationToken ct) => Task.CompletedTask;

        public async Task<Flow> GetFlowAsync(Guid id, string marker, CancellationToken ct)
        {
            var data = await _gql.QueryAsync(FlowQuery, new JObject { ["id"] = id.ToString() }, ct).ConfigureAwait(false);
            var row = Rows(data, "flow").FirstOrDefault()
                ?? throw new PrefectException(ErrorIds.FlowNotFound, PrefectErrorKind.NotFound,
                    $"No flow group with id {id} (and an unarchived flow) on {_gql.Endpoint}.");
            return FlowGroupMapper.ToFlow(row, marker);
        }

        private List<JObject> Rows(JObject data, string field) =>
            (data[field] as JArray ?? throw Malformed(field)).OfType<JObject>().ToList();

        private PrefectException Malformed(string field) =>
            new PrefectException(ErrorIds.MalformedResponse, PrefectErrorKind.InvalidResult,
                $"{field} on {_gql.Endpoint} answered with something other than what Prefect 1's API returns.");

        public void Dispose() => _gql.Dispose();
    }
}
