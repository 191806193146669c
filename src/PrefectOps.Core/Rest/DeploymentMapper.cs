using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Model;
using PrefectOps.Core.Scheduling;

namespace PrefectOps.Core.Rest
{
    /// <summary>Reads a Prefect 2.x/3.x deployment as a PrefectOps Flow.</summary>
    internal static class DeploymentMapper
    {
        public static Flow ToFlow(DeploymentRecord deployment, string? flowName, string marker)
        {
            var tags = deployment.Tags?.Where(t => t != null).Select(t => t!).ToList() ?? new List<string>();
            var window = MaintenanceTags.Decode(tags, marker);
            var (allSchedules, activeSchedules) = ReadSchedules(deployment);
            string deploymentName = deployment.Name ?? "";
            Guid? flowId = Guid.TryParse(deployment.FlowId, out var fid) ? fid : (Guid?)null;
            string resolvedFlowName = flowName ?? flowId?.ToString() ?? "";

            var flow = new Flow
            {
                Id = Guid.TryParse(deployment.Id, out var id) ? id
                    : throw new PrefectException(ErrorIds.MalformedResponse, PrefectErrorKind.InvalidResult, "A deployment in the server's answer has no valid id."),
                DeploymentName = deploymentName,
                FlowName = resolvedFlowName,
                Name = $"{resolvedFlowName}/{deploymentName}",
                FlowId = flowId,
                Tags = MaintenanceTags.Without(tags, marker).ToArray(),
                ServerTags = tags,
                Schedule = string.Join("; ", allSchedules.Select(s => s.Describe())),
                ActiveSchedules = activeSchedules,
                WorkPool = deployment.WorkPoolName,
                WorkQueue = deployment.WorkQueueName,
                Window = window,
                MaintenanceSince = window?.Since,
                MaintenanceUntil = window?.Until,
                MaintenanceReason = window?.Reason,
                MaintenanceBy = window?.By,
            };
            flow.IsPausedOnServer = IsPaused(deployment);
            flow.Status = window != null ? FlowStatus.Maintenance : flow.IsPausedOnServer ? FlowStatus.Paused : FlowStatus.Active;
            return flow;
        }

        /// <summary>
        /// Paused by any of the switches Prefect has had: `paused` (2.19+, 3.x), `is_schedule_active` (2.x), or every
        /// schedule's `active` off (what 2.19's `prefect deployment pause-schedule` does, leaving the other two alone).
        /// </summary>
        internal static bool IsPaused(DeploymentRecord deployment)
        {
            if (deployment.Paused == true) return true;
            if (deployment.IsScheduleActive == false) return true;
            var schedules = deployment.Schedules;
            return schedules != null && schedules.Count > 0 && schedules.All(s => s?.Active == false);
        }

        private static (List<ScheduleSpec> all, List<ScheduleSpec> active) ReadSchedules(DeploymentRecord deployment)
        {
            var all = new List<ScheduleSpec>();
            var active = new List<ScheduleSpec>();
            if (deployment.Schedules != null && deployment.Schedules.Count > 0)
            {
                foreach (var entry in deployment.Schedules)
                {
                    var spec = entry == null ? null : TryParse(entry.Schedule);
                    if (spec == null) continue;
                    all.Add(spec);
                    if (entry!.Active != false) active.Add(spec);
                }
            }
            else if (TryParse(deployment.Schedule) is ScheduleSpec legacy)
            {
                // Before 2.19 a deployment had one `schedule`, switched by `is_schedule_active`.
                all.Add(legacy);
                if (deployment.IsScheduleActive != false) active.Add(legacy);
            }
            return (all, active);
        }

        private static ScheduleSpec? TryParse(JToken? schedule)
        {
            try { return ScheduleJson.Parse(schedule); }
            catch (FormatException) { return null; }
        }
    }
}
