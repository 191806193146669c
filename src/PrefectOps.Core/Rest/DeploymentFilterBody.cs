using System.Linq;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Backend;

namespace PrefectOps.Core.Rest
{
    /// <summary>The body of POST /deployments/filter, built to what both 2.19's and 3.x's schemas accept.</summary>
    internal static class DeploymentFilterBody
    {
        public static JObject For(FlowQuery query, int offset, int limit)
        {
            var body = Filter(query);
            body["sort"] = "NAME_ASC";
            body["offset"] = offset;
            body["limit"] = limit;
            return body;
        }

        /// <summary>The filter alone, as POST /deployments/count takes it.</summary>
        public static JObject Filter(FlowQuery query)
        {
            var deployments = Deployments(query);
            return deployments.Count == 0 ? new JObject() : new JObject { ["deployments"] = deployments };
        }

        /// <summary>The `deployments` part: also what POST /flows/filter takes to list the flows of those deployments.</summary>
        public static JObject Deployments(FlowQuery query)
        {
            var tags = query.AllTags.ToList();
            if (query.InMaintenanceOnly && !tags.Contains(query.Marker)) tags.Add(query.Marker);
            // `all_` only: `any_` is a 422 on 2.x. An empty all_ would match everything, so it is left out instead.
            return tags.Count > 0 ? new JObject { ["tags"] = new JObject { ["all_"] = new JArray(tags) } } : new JObject();
        }
    }
}
