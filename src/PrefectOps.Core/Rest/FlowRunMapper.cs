using System;
using System.Globalization;
using System.Linq;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Errors;

namespace PrefectOps.Core.Rest
{
    /// <summary>Reads Prefect 2.x/3.x flow runs and orchestration answers.</summary>
    internal static class FlowRunMapper
    {
        public static FlowRun ToFlowRun(JObject run, string? flowName, string? deploymentName)
        {
            var state = run["state"] as JObject;
            var details = state?["state_details"] as JObject;
            Guid? flowId = Guid.TryParse((string?)run["flow_id"], out var fid) ? fid : (Guid?)null;
            return new FlowRun
            {
                Id = Guid.TryParse((string?)run["id"], out var id) ? id
                    : throw new PrefectException(ErrorIds.MalformedResponse, PrefectErrorKind.InvalidResult, "A flow run in the server's answer has no valid id."),
                Name = (string?)run["name"] ?? "",
                FlowId = flowId,
                FlowName = flowName ?? flowId?.ToString() ?? "",
                DeploymentId = Guid.TryParse((string?)run["deployment_id"], out var did) ? did : (Guid?)null,
                DeploymentName = deploymentName,
                // The state object is the truth; state_type/state_name are the run row's copies of it.
                StateType = (string?)state?["type"] ?? (string?)run["state_type"] ?? "",
                State = (string?)state?["name"] ?? (string?)run["state_name"] ?? "",
                StateMessage = (string?)state?["message"],
                ScheduledStart = Time(run["expected_start_time"]),
                StartTime = Time(run["start_time"]),
                EndTime = Time(run["end_time"]),
                Tags = (run["tags"] as JArray)?.Select(t => (string?)t).Where(t => t != null).Select(t => t!).ToArray() ?? Array.Empty<string>(),
                WorkPool = (string?)run["work_pool_name"],
                WorkQueue = (string?)run["work_queue_name"],
                PauseTimeout = Time(details?["pause_timeout"]),
                AutoScheduled = (bool?)(run["auto_scheduled"] as JValue) ?? false,
                CreatedBy = CreatedBy(run["created_by"] as JObject),
            };
        }

        /// <summary>created_by {id, type, display_value}: the name the server shows, and what kind of creator it is.</summary>
        internal static string? CreatedBy(JObject? creator)
        {
            string? name = (string?)(creator?["display_value"] as JValue);
            string? type = (string?)(creator?["type"] as JValue);
            if (string.IsNullOrWhiteSpace(name)) name = null;
            if (string.IsNullOrWhiteSpace(type)) type = null;
            if (name == null) return type?.ToLowerInvariant();
            return type == null ? name : $"{name} ({type.ToLowerInvariant()})";
        }

        /// <summary>set_state and resume answer {"state", "status", "details": {"reason"}}; 201 means a state was written.</summary>
        public static OrchestrationAnswer ToAnswer(int httpStatus, JToken? body)
        {
            var obj = body as JObject;
            var state = obj?["state"] as JObject;
            return new OrchestrationAnswer(
                written: httpStatus == 201,
                status: (string?)obj?["status"] ?? (httpStatus == 201 ? "ACCEPT" : "UNKNOWN"),
                reason: (string?)obj?["details"]?["reason"],
                stateType: (string?)state?["type"],
                stateName: (string?)state?["name"],
                stateMessage: (string?)state?["message"]);
        }

        internal static DateTimeOffset? Time(JToken? token)
        {
            var text = token?.Type == JTokenType.String ? (string?)token : null;
            return text != null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : (DateTimeOffset?)null;
        }
    }
}
