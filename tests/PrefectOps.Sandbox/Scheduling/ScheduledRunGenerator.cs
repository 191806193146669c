using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Scheduling;
using PrefectOps.Sandbox.Orchestration;
using PrefectOps.Sandbox.State;

namespace PrefectOps.Sandbox.Scheduling
{
    /// <summary>
    /// models/deployments.py `_generate_scheduled_flow_runs` + `_insert_scheduled_flow_runs`, shared by the scheduler
    /// service and POST /deployments/{id}/schedule. Reads only schedules whose `active` is true; ignores `paused`.
    /// </summary>
    public static class ScheduledRunGenerator
    {
        // PREFECT_API_SERVICES_SCHEDULER_* defaults.
        public const int MinRuns = 3;
        public const int MaxRuns = 100;
        public static readonly TimeSpan MinScheduledTime = TimeSpan.FromHours(1);
        public static readonly TimeSpan MaxScheduledTime = TimeSpan.FromDays(100);

        /// <summary>Generates and inserts runs; returns how many were new (the idempotency key drops duplicates).</summary>
        public static int ScheduleRuns(SandboxState s, DeploymentRec d, DateTimeOffset start, DateTimeOffset end,
            TimeSpan minTime, int minRuns, int maxRuns, bool autoScheduled = true)
        {
            int created = 0;
            foreach (var sch in d.Schedules.Where(x => x.Active).OrderByDescending(x => x.Updated).ThenByDescending(x => x.Seq))
            {
                var spec = ScheduleJson.Parse(sch.Schedule);
                if (spec == null) continue;
                var dates = new List<DateTimeOffset>();
                // Generate up to max_runs dates in [start, end]; stop once both minimums are met.
                foreach (var dt in ScheduleEvaluator.Occurrences(spec, start, end))
                {
                    if (dates.Count >= maxRuns) break;
                    dates.Add(dt);
                    if (dates.Count >= minRuns && dt >= start + minTime) break;
                }
                var tags = autoScheduled ? new[] { "auto-scheduled" }.Concat(d.Tags).ToList() : d.Tags.ToList();
                var parameters = (JObject)d.Parameters.DeepClone();
                if (s.Major >= 3) parameters.Merge(sch.Parameters.DeepClone());
                foreach (var date in dates)
                {
                    string key = IdempotencyKey(s.Major, d.Id, sch, date);
                    if (s.RunByIdempotencyKey(d.FlowId, key) != null) continue; // on_conflict_do_nothing
                    var run = s.Stamp(new FlowRunRec
                    {
                        Name = RunNames.Next(),
                        FlowId = d.FlowId,
                        DeploymentId = d.Id,
                        DeploymentVersion = d.Version,
                        WorkQueueName = d.WorkQueueName,
                        WorkQueueId = d.WorkQueueId,
                        Parameters = (JObject)parameters.DeepClone(),
                        IdempotencyKey = key,
                        Tags = tags.ToList(),
                        AutoScheduled = autoScheduled,
                        ExpectedStartTime = date,
                        NextScheduledStartTime = date,
                        CreatedBy = s.Major >= 3
                            ? new JObject { ["id"] = sch.Id.ToString(), ["display_value"] = sch.Slug ?? ScheduleClassName(sch), ["type"] = "SCHEDULE" }
                            : null,
                    });
                    FlowRunFactory.AttachPool(s, run);
                    var state = FlowRunStates.Make(run.Id, "SCHEDULED", "Scheduled", s.Now, "Flow run scheduled", date);
                    state.DetailsNameRun = false;
                    run.State = state;
                    run.History.Add(state);
                    s.AddRun(run);
                    created++;
                }
            }
            return created;
        }

        /// <summary>
        /// 2.x: f"scheduled {deployment.id} {date}"; 3.x: f"scheduled {deployment.id} {schedule.id} {date}". The date is the
        /// occurrence in the schedule's time zone: pendulum's str() in 2.x ("2026-11-21T17:00:00-05:00"), the standard
        /// library's str() in 3.x ("2026-11-21 17:00:00-05:00").
        /// </summary>
        public static string IdempotencyKey(int major, Guid deploymentId, ScheduleRec sch, DateTimeOffset date)
        {
            string tz = (string?)sch.Schedule["timezone"] ?? "UTC";
            DateTimeOffset local;
            try { local = TimeZoneInfo.ConvertTime(date, TimeZoneInfo.FindSystemTimeZoneById(tz)); }
            catch (Exception) { local = date.ToUniversalTime(); }
            string sep = major >= 3 ? " " : "T";
            string text = local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + sep + local.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
            long micros = (local.Ticks % TimeSpan.TicksPerSecond) / 10;
            if (micros != 0) text += "." + micros.ToString("D6", CultureInfo.InvariantCulture);
            var off = local.Offset;
            text += (off < TimeSpan.Zero ? "-" : "+") + off.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);
            return major >= 3 ? $"scheduled {deploymentId} {sch.Id} {text}" : $"scheduled {deploymentId} {text}";
        }

        private static string ScheduleClassName(ScheduleRec sch)
            => sch.Schedule["cron"] != null ? "CronSchedule" : sch.Schedule["interval"] != null ? "IntervalSchedule" : "RRuleSchedule";
    }
}
