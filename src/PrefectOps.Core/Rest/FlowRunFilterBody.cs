using System.Linq;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Backend;

namespace PrefectOps.Core.Rest
{
    /// <summary>The body of POST /flow_runs/filter, built to what both 2.19's and 3.x's schemas accept.</summary>
    internal static class FlowRunFilterBody
    {
        public static JObject For(FlowRunQuery query, int offset, int limit)
        {
            // ID_DESC: the one order without ties, so offsets page without skipping or repeating runs.
            var body = Filter(query);
            body["sort"] = "ID_DESC";
            body["offset"] = offset;
            body["limit"] = limit;
            return body;
        }

        /// <summary>The filter alone, as POST /flow_runs/count takes it.</summary>
        public static JObject Filter(FlowRunQuery query)
        {
            var body = new JObject();
            var runs = new JObject();
            if (query.Ids.Count > 0) runs["id"] = AnyOf(query.Ids.Select(i => i.ToString()));
            if (query.DeploymentIds.Count > 0) runs["deployment_id"] = AnyOf(query.DeploymentIds.Select(i => i.ToString()));
            // all_ only: the tags every run must have. An empty all_ would match everything, so it is left out.
            if (query.AllTags.Count > 0) runs["tags"] = new JObject { ["all_"] = new JArray(query.AllTags) };
            var state = new JObject();
            if (query.StateTypes.Count > 0) state["type"] = AnyOf(query.StateTypes);
            if (query.StateNames.Count > 0) state["name"] = AnyOf(query.StateNames);
            // A type OR a name: "-State Running,Late" wants RUNNING runs and the SCHEDULED runs named Late.
            if (state.Count == 2) state["operator"] = "or_";
            if (state.Count > 0) runs["state"] = state;
            if (query.Since.HasValue || query.Before.HasValue)
            {
                var window = new JObject();
                if (query.Since.HasValue) window["after_"] = RestBackend.Iso(query.Since.Value);
                if (query.Before.HasValue) window["before_"] = RestBackend.Iso(query.Before.Value);
                runs["expected_start_time"] = window;
            }
            if (runs.Count > 0) body["flow_runs"] = runs;
            return body;
        }

        private static JObject AnyOf(System.Collections.Generic.IEnumerable<string> values) => new JObject { ["any_"] = new JArray(values) };
    }
}
