using System.Collections.Generic;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace PrefectOps.Core.Rest
{
    /// <summary>
    /// The fields of a 2.x/3.x deployment that PrefectOps reads. Answers are read straight into it: the other thirty
    /// or so fields of each deployment (parameters, schemas, job variables) are skipped, not built into a JSON tree.
    /// </summary>
    internal sealed class DeploymentRecord
    {
        [JsonProperty("id")] public string? Id { get; set; }
        [JsonProperty("name")] public string? Name { get; set; }
        [JsonProperty("flow_id")] public string? FlowId { get; set; }
        [JsonProperty("tags")] public List<string?>? Tags { get; set; }
        [JsonProperty("paused")] public bool? Paused { get; set; }
        /// <summary>2.x only; 3.x has `paused` alone.</summary>
        [JsonProperty("is_schedule_active")] public bool? IsScheduleActive { get; set; }
        /// <summary>Before 2.19 a deployment had this one schedule.</summary>
        [JsonProperty("schedule")] public JToken? Schedule { get; set; }
        [JsonProperty("schedules")] public List<DeploymentScheduleRecord?>? Schedules { get; set; }
        [JsonProperty("work_pool_name")] public string? WorkPoolName { get; set; }
        [JsonProperty("work_queue_name")] public string? WorkQueueName { get; set; }
    }

    /// <summary>One entry of a deployment's `schedules` (2.19+, 3.x).</summary>
    internal sealed class DeploymentScheduleRecord
    {
        [JsonProperty("schedule")] public JToken? Schedule { get; set; }
        [JsonProperty("active")] public bool? Active { get; set; }
    }
}
