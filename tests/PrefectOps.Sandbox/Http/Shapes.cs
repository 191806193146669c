using System;
using System.Collections.Concurrent;
using System.Linq;
using Newtonsoft.Json.Linq;
using PrefectOps.Sandbox.State;

namespace PrefectOps.Sandbox.Http
{
    /// <summary>Response bodies per version: 2.19.9 as recorded, 3.8 per its OpenAPI *Response schemas.</summary>
    public sealed class Shapes
    {
        private readonly SandboxState _s;
        private bool V3 => _s.Major >= 3;

        public Shapes(SandboxState state) { _s = state; }

        /// <summary>A time as this version writes it: 2.19 "+00:00" (Python isoformat), 3.x "Z" (pydantic 2).</summary>
        public JToken Time(DateTimeOffset? t) => !t.HasValue ? JValue.CreateNull() : V3 ? Json.TimeZ(t.Value) : Json.Time(t.Value);

        private readonly ConcurrentDictionary<Guid, (long Version, DateTimeOffset Now, string Json)> _deploymentJson =
            new ConcurrentDictionary<Guid, (long, DateTimeOffset, string)>();

        /// <summary>
        /// <see cref="Deployment"/> as written JSON, for listings (call under <see cref="SandboxState.Shared"/>). Kept until
        /// anything could have changed it (any exclusive hold, or the clock, which a status reads): the sandbox shares
        /// the benchmark machine's cores with the client, and building a page of shapes cost more than the client's
        /// whole reading of it.
        /// </summary>
        public JToken DeploymentInListing(DeploymentRec d)
        {
            long version = _s.Version;
            var now = _s.Now;
            if (!_deploymentJson.TryGetValue(d.Id, out var cached) || cached.Version != version || cached.Now != now)
                _deploymentJson[d.Id] = cached = (version, now, Deployment(d).ToString(Newtonsoft.Json.Formatting.None));
            return new JRaw(cached.Json);
        }

        public JObject Flow(FlowRec f)
        {
            var o = new JObject
            {
                ["id"] = f.Id.ToString(),
                ["created"] = Time(f.Created),
                ["updated"] = Time(f.Updated),
                ["name"] = f.Name,
                ["tags"] = Json.Strings(f.Tags),
            };
            if (V3) o["labels"] = new JObject();
            return o;
        }

        public JObject Schedule(ScheduleRec s)
        {
            var o = new JObject
            {
                ["id"] = s.Id.ToString(),
                ["created"] = Time(s.Created),
                ["updated"] = Time(s.Updated),
                ["deployment_id"] = s.DeploymentId.ToString(),
                ["schedule"] = V3 ? ZuluAnchor(s.Schedule) : s.Schedule.DeepClone(),
                ["active"] = s.Active,
            };
            if (V3)
            {
                o["max_scheduled_runs"] = Json.Int(s.MaxScheduledRuns);
                o["parameters"] = s.Parameters.DeepClone();
                o["slug"] = Json.Str(s.Slug);
            }
            else
            {
                o["max_active_runs"] = Json.Int(s.MaxActiveRuns);
                o["max_scheduled_runs"] = Json.Int(s.MaxScheduledRuns);
                o["catchup"] = s.Catchup;
            }
            return o;
        }

        /// <summary>An interval's anchor_date as 3.x writes it ("2026-01-01T00:00:00Z").</summary>
        private static JObject ZuluAnchor(JObject schedule)
        {
            var copy = (JObject)schedule.DeepClone();
            if (Json.TryParseTime(copy["anchor_date"], out var anchor)) copy["anchor_date"] = Json.TimeZ(anchor);
            return copy;
        }

        public JObject Deployment(DeploymentRec d)
        {
            var schedules = new JArray(d.Schedules.OrderBy(x => x.Seq).Select(Schedule));
            if (V3)
            {
                return new JObject
                {
                    ["id"] = d.Id.ToString(),
                    ["created"] = Time(d.Created),
                    ["updated"] = Time(d.Updated),
                    ["name"] = d.Name,
                    ["version"] = Json.Str(d.Version),
                    ["description"] = Json.Str(d.Description),
                    ["flow_id"] = d.FlowId.ToString(),
                    ["paused"] = d.Paused,
                    ["schedules"] = schedules,
                    ["concurrency_limit"] = Json.Int(d.ConcurrencyLimit),
                    ["global_concurrency_limit"] = null,
                    ["concurrency_options"] = null,
                    ["job_variables"] = d.JobVariables.DeepClone(),
                    ["parameters"] = d.Parameters.DeepClone(),
                    ["tags"] = Json.Strings(d.Tags),
                    ["labels"] = new JObject { ["prefect.flow.id"] = d.FlowId.ToString() },
                    ["work_queue_name"] = Json.Str(d.WorkQueueName),
                    ["work_queue_id"] = d.WorkQueueId.HasValue ? (JToken)d.WorkQueueId.Value.ToString() : JValue.CreateNull(),
                    ["last_polled"] = null,
                    // 3.x stores these defaults at creation; 2.19 keeps null.
                    ["parameter_openapi_schema"] = new JObject(),
                    ["path"] = Json.Str(d.Path),
                    ["pull_steps"] = new JArray(),
                    ["entrypoint"] = Json.Str(d.Entrypoint),
                    ["storage_document_id"] = null,
                    ["infrastructure_document_id"] = null,
                    ["created_by"] = null,
                    ["updated_by"] = null,
                    ["work_pool_name"] = Json.Str(d.WorkPoolName),
                    ["status"] = DeploymentStatus(d),
                    ["enforce_parameter_schema"] = d.EnforceParameterSchema,
                };
            }
            var first = d.Schedules.OrderBy(x => x.Seq).FirstOrDefault();
            return new JObject
            {
                ["id"] = d.Id.ToString(),
                ["created"] = Time(d.Created),
                ["updated"] = Time(d.Updated),
                ["infra_overrides"] = d.JobVariables.DeepClone(),
                ["name"] = d.Name,
                ["version"] = Json.Str(d.Version),
                ["description"] = Json.Str(d.Description),
                ["flow_id"] = d.FlowId.ToString(),
                ["schedule"] = first != null ? first.Schedule.DeepClone() : JValue.CreateNull(),
                ["is_schedule_active"] = d.IsScheduleActive,
                ["paused"] = d.Paused,
                ["schedules"] = schedules,
                ["parameters"] = d.Parameters.DeepClone(),
                ["tags"] = Json.Strings(d.Tags),
                ["work_queue_name"] = Json.Str(d.WorkQueueName),
                ["last_polled"] = null,
                ["parameter_openapi_schema"] = null,
                ["path"] = Json.Str(d.Path),
                ["pull_steps"] = null,
                ["entrypoint"] = Json.Str(d.Entrypoint),
                ["manifest_path"] = null,
                ["storage_document_id"] = null,
                ["infrastructure_document_id"] = null,
                ["created_by"] = null,
                ["updated_by"] = null,
                ["work_pool_name"] = Json.Str(d.WorkPoolName),
                ["status"] = DeploymentStatus(d),
                ["enforce_parameter_schema"] = d.EnforceParameterSchema,
            };
        }

        /// <summary>READY once a worker polled the deployment's queue recently (hourly-etl's "read" in section 8 after get_runs).</summary>
        private string DeploymentStatus(DeploymentRec d)
        {
            if (d.WorkQueueId.HasValue && _s.WorkQueues.TryGetValue(d.WorkQueueId.Value, out var q) && q.LastPolled.HasValue
                && (_s.Now - q.LastPolled.Value).TotalSeconds <= 60)
                return "READY";
            return "NOT_READY";
        }

        public JObject State(StateRec st)
        {
            var details = new JObject
            {
                ["flow_run_id"] = st.DetailsNameRun ? st.FlowRunId.ToString() : null,
                ["task_run_id"] = null,
                ["child_flow_run_id"] = null,
                ["scheduled_time"] = Time(st.ScheduledTime),
                ["cache_key"] = null,
                ["cache_expiration"] = null,
            };
            if (V3) details["deferred"] = false;
            details["untrackable_result"] = false;
            details["pause_timeout"] = Time(st.PauseTimeout);
            details["pause_reschedule"] = st.PauseReschedule;
            details["pause_key"] = Json.Str(st.PauseKey);
            details["run_input_keyset"] = st.RunInputKeysetToken?.DeepClone() ?? JValue.CreateNull();
            details["refresh_cache"] = null;
            details["retriable"] = null;
            details["transition_id"] = null;
            details["task_parameters_id"] = null;
            if (V3)
            {
                details["traceparent"] = null;
                details["deployment_concurrency_lease_id"] = null;
            }
            return new JObject
            {
                ["id"] = st.Id.ToString(),
                ["type"] = st.Type,
                ["name"] = st.Name,
                ["timestamp"] = Time(st.Timestamp),
                ["message"] = Json.Str(st.Message),
                ["data"] = st.Data?.DeepClone() ?? JValue.CreateNull(),
                ["state_details"] = details,
            };
        }

        public JObject FlowRun(FlowRunRec r)
        {
            var now = _s.Now;
            double delta = 0;
            if (r.State.Type == "SCHEDULED" && r.ExpectedStartTime.HasValue && r.ExpectedStartTime < now)
                delta = (now - r.ExpectedStartTime.Value).TotalSeconds;
            double runTime = r.TotalRunTime;
            if (r.State.Type == "RUNNING" && r.StartTime.HasValue) runTime += 0; // the real server adds elapsed time in estimated_run_time
            var policy = new JObject
            {
                ["max_retries"] = 0,
                ["retry_delay_seconds"] = 0.0,
                ["retries"] = null,
                ["retry_delay"] = null,
                ["pause_keys"] = Json.Strings(r.PauseKeys),
                ["resuming"] = r.Resuming,
            };
            if (V3) policy["retry_type"] = null;
            var o = new JObject
            {
                ["id"] = r.Id.ToString(),
                ["created"] = Time(r.Created),
                ["updated"] = Time(r.Updated),
                ["name"] = r.Name,
                ["flow_id"] = r.FlowId.ToString(),
                ["state_id"] = r.State.Id.ToString(),
                ["deployment_id"] = r.DeploymentId.HasValue ? (JToken)r.DeploymentId.Value.ToString() : JValue.CreateNull(),
                ["deployment_version"] = Json.Str(r.DeploymentVersion),
                ["work_queue_id"] = r.WorkQueueId.HasValue ? (JToken)r.WorkQueueId.Value.ToString() : JValue.CreateNull(),
                ["work_queue_name"] = Json.Str(r.WorkQueueName),
                ["flow_version"] = null,
                ["parameters"] = r.Parameters.DeepClone(),
                ["idempotency_key"] = Json.Str(r.IdempotencyKey),
                ["context"] = r.Context.DeepClone(),
                ["empirical_policy"] = policy,
                ["tags"] = Json.Strings(r.Tags),
            };
            if (V3)
            {
                var labels = new JObject { ["prefect.flow.id"] = r.FlowId.ToString() };
                if (r.DeploymentId.HasValue) labels["prefect.deployment.id"] = r.DeploymentId.Value.ToString();
                o["labels"] = labels;
            }
            o["parent_task_run_id"] = null;
            o["state_type"] = r.State.Type;
            o["state_name"] = r.State.Name;
            o["run_count"] = r.RunCount;
            o["expected_start_time"] = Time(r.ExpectedStartTime);
            o["next_scheduled_start_time"] = Time(r.NextScheduledStartTime);
            o["start_time"] = Time(r.StartTime);
            o["end_time"] = Time(r.EndTime);
            o["total_run_time"] = runTime;
            o["estimated_run_time"] = runTime;
            o["estimated_start_time_delta"] = delta;
            o["auto_scheduled"] = r.AutoScheduled;
            o["infrastructure_document_id"] = null;
            o["infrastructure_pid"] = null;
            o["created_by"] = r.CreatedBy?.DeepClone() ?? JValue.CreateNull();
            o["work_pool_id"] = r.WorkPoolId.HasValue ? (JToken)r.WorkPoolId.Value.ToString() : JValue.CreateNull();
            o["work_pool_name"] = Json.Str(r.WorkPoolName);
            o["state"] = State(r.State);
            o["job_variables"] = r.JobVariables.DeepClone();
            return o;
        }

        public JObject WorkQueue(WorkQueueRec q)
        {
            var o = new JObject
            {
                ["id"] = q.Id.ToString(),
                ["created"] = Time(q.Created),
                ["updated"] = Time(q.Updated),
                ["name"] = q.Name,
                ["description"] = Json.Str(q.Description),
                ["is_paused"] = q.IsPaused,
                ["concurrency_limit"] = Json.Int(q.ConcurrencyLimit),
                ["priority"] = q.Priority,
                ["work_pool_id"] = q.WorkPoolId.ToString(),
                ["filter"] = null,
                ["last_polled"] = Time(q.LastPolled),
                ["work_pool_name"] = _s.PoolName(q),
                // READY only while a worker polled within the last 60 s (the recorded queues were never polled).
                ["status"] = q.IsPaused ? "PAUSED" : q.LastPolled.HasValue && (_s.Now - q.LastPolled.Value).TotalSeconds <= 60 ? "READY" : "NOT_READY",
            };
            // 3.x counts the slots in use of a queue that has a limit, and answers null for one without.
            if (V3) o["active_slots"] = q.ConcurrencyLimit.HasValue ? 0 : null;
            return o;
        }

        public JObject WorkPool(WorkPoolRec p)
        {
            var o = new JObject
            {
                ["id"] = p.Id.ToString(),
                ["created"] = Time(p.Created),
                ["updated"] = Time(p.Updated),
                ["name"] = p.Name,
                ["description"] = Json.Str(p.Description),
                ["type"] = p.Type,
                ["base_job_template"] = p.BaseJobTemplate.DeepClone(),
                ["is_paused"] = p.IsPaused,
                ["concurrency_limit"] = Json.Int(p.ConcurrencyLimit),
                // default-agent-pool is made by the legacy path that never sets a status ("filter pools": null).
                ["status"] = p.IsPaused ? "PAUSED" : p.Name == SandboxState.DefaultAgentPool ? null : "NOT_READY",
                ["default_queue_id"] = p.DefaultQueueId.ToString(),
            };
            if (V3)
            {
                o["storage_configuration"] = new JObject { ["bundle_upload_step"] = null, ["bundle_execution_step"] = null, ["default_result_storage_block_id"] = null };
                o["active_slots"] = p.ConcurrencyLimit.HasValue ? 0 : null;
            }
            return o;
        }

        /// <summary>OrchestrationResult: {"state", "status", "details": {"type": "accept_details"|..., "reason"?}}.</summary>
        /// <param name="detailsType">The details' type where the server sends another than the status's (a resume's refusals: abort_details).</param>
        public JObject Orchestration(StateRec? state, string status, string? reason, string? detailsType = null)
        {
            var details = new JObject { ["type"] = detailsType ?? status.ToLowerInvariant() + "_details" };
            if (reason != null || status != "ACCEPT") details["reason"] = Json.Str(reason);
            return new JObject
            {
                ["state"] = state != null ? State(state) : JValue.CreateNull(),
                ["status"] = status,
                ["details"] = details,
            };
        }
    }
}
