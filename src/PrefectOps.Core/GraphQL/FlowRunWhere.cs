using System;
using System.Globalization;
using System.Linq;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Backend;

namespace PrefectOps.Core.GraphQL
{
    /// <summary>The `flow_run_bool_exp` for a FlowRunQuery. Empty lists are left out (no filter); every value is a real one.</summary>
    internal static class FlowRunWhere
    {
        public static JObject For(FlowRunQuery query, DateTimeOffset now)
        {
            var all = new JArray();
            if (query.Ids.Count > 0) all.Add(Field("id", "_in", Strings(query.Ids.Select(i => i.ToString()))));
            // Flows are flow groups; a run belongs to one of the group's versions.
            if (query.DeploymentIds.Count > 0)
                all.Add(new JObject { ["flow"] = Field("flow_group_id", "_in", Strings(query.DeploymentIds.Select(i => i.ToString()))) });
            // Runs have no tags of their own in Prefect 1: a run has the tags of its flow's tasks.
            foreach (var tag in query.AllTags)
                all.Add(new JObject { ["flow"] = new JObject { ["tasks"] = Field("tags", "_has_key", new JValue(tag)) } });
            var states = new JArray();
            foreach (var type in query.StateTypes) states.Add(StateType(type));
            if (query.StateNames.Contains("Late"))
                // Prefect 1 has no Late state: a Scheduled run whose start has passed.
                states.Add(new JObject { ["_and"] = new JArray(StateIn(Prefect1States.NamesOf("SCHEDULED")), Field("scheduled_start_time", "_lt", Time(now))) });
            if (states.Count > 0) all.Add(new JObject { ["_or"] = states });
            if (query.Since.HasValue) all.Add(Field("scheduled_start_time", "_gte", Time(query.Since.Value)));
            if (query.Before.HasValue) all.Add(Field("scheduled_start_time", "_lte", Time(query.Before.Value)));
            return all.Count == 0 ? new JObject() : new JObject { ["_and"] = all };
        }

        /// <summary>
        /// The Scheduled-family runs of these flow groups that set_schedule_inactive leaves: it deletes only rows
        /// with state "Scheduled" AND auto_scheduled (prefect_server api/flows.py), so runs made by hand, and runs
        /// waiting to retry, stay.
        /// </summary>
        public static JObject KeptByPause(System.Collections.Generic.IReadOnlyList<Guid> flowGroupIds, DateTimeOffset? after, DateTimeOffset before, DateTimeOffset now)
        {
            var where = For(new FlowRunQuery { DeploymentIds = flowGroupIds, StateTypes = new[] { "SCHEDULED" }, Since = after, Before = before }, now);
            ((JArray)where["_and"]!).Add(new JObject
            {
                ["_or"] = new JArray(Field("auto_scheduled", "_eq", new JValue(false)), Field("state", "_neq", new JValue("Scheduled"))),
            });
            return where;
        }

        private static JObject StateType(string type)
        {
            var pausedTask = new JObject { ["task_runs"] = Field("state", "_eq", new JValue(Prefect1States.PausedTaskState)) };
            switch (type)
            {
                case "RUNNING":
                    // A Running run waiting on a paused task shows as Paused, not Running.
                    return new JObject { ["_and"] = new JArray(StateIn(Prefect1States.NamesOf("RUNNING")), new JObject { ["_not"] = pausedTask }) };
                case "PAUSED":
                    return new JObject
                    {
                        ["_or"] = new JArray(StateIn(Prefect1States.NamesOf("PAUSED")),
                            new JObject { ["_and"] = new JArray(StateIn(Prefect1States.NamesOf("RUNNING")), pausedTask) }),
                    };
                default:
                    return StateIn(Prefect1States.NamesOf(type));
            }
        }

        private static JObject StateIn(System.Collections.Generic.IEnumerable<string> names) => Field("state", "_in", Strings(names));

        private static JObject Field(string field, string op, JToken value) => new JObject { [field] = new JObject { [op] = value } };

        private static JArray Strings(System.Collections.Generic.IEnumerable<string> values) => new JArray(values.Select(v => new JValue(v)));

        internal static JValue Time(DateTimeOffset t) =>
            new JValue(t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture));
    }
}
