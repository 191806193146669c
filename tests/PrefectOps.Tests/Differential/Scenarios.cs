using System;
using System.Collections.Generic;
using System.Globalization;
using Newtonsoft.Json.Linq;

namespace PrefectOps.Tests.Differential
{
    /// <summary>
    /// The requests PrefectOps sends (and the ones tests use to play a flow or a worker), with the answers they can get:
    /// the maintenance story on deployments, flow runs cancelled, paused, waiting for input and resumed, work queues,
    /// and the error answers of each. Names carry a prefix new for each run, so the real server's other objects do not
    /// matter; times are fixed when the scenarios are built, so both servers get the same ones.
    /// </summary>
    public static class Scenarios
    {
        public static IReadOnlyList<Scenario> All(string prefix, DateTimeOffset now) => new[]
        {
            Maintenance(prefix, now),
            FlowRuns(prefix, now),
            WorkQueues(prefix),
            Errors(),
        };

        private const string Zero = "00000000-0000-0000-0000-000000000000";

        private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        private static JObject Schedule(JObject schedule) => new JObject { ["schedule"] = schedule, ["active"] = true };

        private static JObject ByTag(string tag, object? extra = null)
        {
            var body = new JObject { ["deployments"] = new JObject { ["tags"] = new JObject { ["all_"] = new JArray(tag) } } };
            if (extra != null) body.Merge(JObject.FromObject(extra));
            return body;
        }

        /// <summary>List, disable (one PATCH), read back, enable, catch up the window (twice: idempotent), read the runs.</summary>
        public static Scenario Maintenance(string p, DateTimeOffset now)
        {
            // An hourly cron missed three runs in a window opened three hours before the last full hour.
            var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
            var since = hour.AddHours(-3).AddMinutes(-30);
            var until = hour.AddMinutes(-1);
            string tag = $"{p}-prod";
            var marked = new JArray(tag, $"{p}-nightly", "MAINTENANCE", $"MAINTENANCE:since={Iso(since)}", $"MAINTENANCE:until={Iso(until)}", "MAINTENANCE:reason=CHG-1");
            var backfill = new JObject
            {
                ["start_time"] = Iso(since), ["end_time"] = Iso(until), ["min_time"] = (until - since).TotalSeconds, ["min_runs"] = 10, ["max_runs"] = 10,
            };
            var runsInWindow = new JObject
            {
                ["deployments"] = new JObject { ["id"] = new JObject { ["any_"] = new JArray("{nightly}") } },
                ["flow_runs"] = new JObject { ["expected_start_time"] = new JObject { ["before_"] = Iso(until) } },
                ["sort"] = "EXPECTED_START_TIME_ASC",
            };
            return new Scenario("maintenance: list, disable, enable, catch up")
                .Send("create flow", "POST", "/flows/", new { name = $"{p}-etl" }, capture: "flow")
                .Send("create the same flow again (upsert)", "POST", "/flows/", new { name = $"{p}-etl" })
                .Send("create deployment, hourly cron", "POST", "/deployments/", new JObject
                {
                    ["name"] = "nightly", ["flow_id"] = "{flow}", ["tags"] = new JArray(tag, $"{p}-nightly"),
                    ["schedules"] = new JArray(Schedule(new JObject { ["cron"] = "0 * * * *", ["timezone"] = "UTC" })),
                }, capture: "nightly")
                .Send("create deployment, 30-minute interval", "POST", "/deployments/", new JObject
                {
                    ["name"] = "delta", ["flow_id"] = "{flow}", ["tags"] = new JArray(tag),
                    ["schedules"] = new JArray(Schedule(new JObject { ["interval"] = 1800, ["anchor_date"] = "2026-01-01T00:00:00+00:00", ["timezone"] = "UTC" })),
                }, capture: "delta")
                .Send("create deployment paused on purpose", "POST", "/deployments/", new JObject
                {
                    ["name"] = "full", ["flow_id"] = "{flow}", ["tags"] = new JArray(tag), ["paused"] = true,
                    ["schedules"] = new JArray(Schedule(new JObject { ["cron"] = "30 1 * * *", ["timezone"] = "Europe/Berlin" })),
                }, capture: "full")
                .Send("list by tag (a PrefectOps page)", "POST", "/deployments/filter", ByTag(tag, new { sort = "NAME_ASC", offset = 0, limit = 200 }))
                .Send("count by tag", "POST", "/deployments/count", ByTag(tag))
                .Send("flows of the tag's deployments", "POST", "/flows/filter", ByTag(tag, new { sort = "NAME_ASC", offset = 0, limit = 200 }))
                .Send("count flows of the tag's deployments", "POST", "/flows/count", ByTag(tag))
                .Send("flow names by id", "POST", "/flows/filter", new JObject { ["flows"] = new JObject { ["id"] = new JObject { ["any_"] = new JArray("{flow}") } }, ["limit"] = 1 })
                .Send("disable: pause and mark in one PATCH", "PATCH", "/deployments/{nightly}", new JObject { ["paused"] = true, ["tags"] = marked })
                .Send("read the disabled deployment", "GET", "/deployments/{nightly}")
                .Send("list the flows in maintenance", "POST", "/deployments/filter", ByTag("MAINTENANCE", new { sort = "NAME_ASC", offset = 0, limit = 200 }).Also(b =>
                    ((JObject)b["deployments"]!)["tags"]!["all_"] = new JArray(tag, "MAINTENANCE")))
                .Send("enable: resume and unmark in one PATCH", "PATCH", "/deployments/{nightly}", new JObject { ["paused"] = false, ["tags"] = new JArray(tag, $"{p}-nightly") })
                .Send("read the enabled deployment", "GET", "/deployments/{nightly}")
                .Send("catch up the window (backfill)", "POST", "/deployments/{nightly}/schedule", backfill)
                .SendAfterLateRuns("the runs the window missed, marked Late", "POST", "/flow_runs/filter", runsInWindow, "name", "id", "state_id")
                .Send("catch up the same window again", "POST", "/deployments/{nightly}/schedule", backfill)
                .SendAfterLateRuns("still the same runs", "POST", "/flow_runs/filter", runsInWindow, "name", "id", "state_id")
                .Send("count them", "POST", "/flow_runs/count", runsInWindow.Also(b => b.Remove("sort")))
                .Send("read by name", "GET", $"/deployments/name/{p}-etl/delta")
                .Send("the paused deployment is left alone", "GET", "/deployments/{full}");
        }

        /// <summary>Cancel (running, scheduled, ended), pause with a timeout, suspend, wait for input, resume.</summary>
        public static Scenario FlowRuns(string p, DateTimeOffset now)
        {
            string pauseTimeout = Iso(now.AddHours(1));
            var keyset = new JObject { ["description"] = "paused-1-description", ["response"] = "paused-1-response", ["schema"] = "paused-1-schema" };
            var schema = new JObject
            {
                ["title"] = "Approval", ["type"] = "object", ["additionalProperties"] = false, ["required"] = new JArray("approved"),
                ["properties"] = new JObject
                {
                    ["approved"] = new JObject { ["title"] = "Approved", ["type"] = "boolean" },
                    ["ticket"] = new JObject { ["title"] = "Ticket", ["type"] = "string" },
                },
            };
            JObject State(string type, string? name = null, JObject? details = null)
            {
                var state = new JObject { ["type"] = type };
                if (name != null) state["name"] = name;
                if (details != null) state["state_details"] = details;
                return new JObject { ["state"] = state };
            }
            JObject Paused(bool reschedule, string timeout, JObject? keys = null)
            {
                var details = new JObject { ["pause_timeout"] = timeout, ["pause_reschedule"] = reschedule, ["pause_key"] = "1" };
                if (keys != null) details["run_input_keyset"] = keys;
                return State("PAUSED", reschedule ? "Suspended" : "Paused", details);
            }
            var s = new Scenario("flow runs: cancel, pause, input, resume")
                .Send("create flow", "POST", "/flows/", new { name = $"{p}-runs" }, capture: "flow")
                .Send("create deployment without schedule", "POST", "/deployments/", new { name = "adhoc", flow_id = "{flow}", tags = new[] { $"{p}-prod" } }, capture: "dep");
            string[] run = { "name", "id", "flow_run_id", "state_id" };
            // Runs named a..h, each created the way a user (or the scheduler) does and moved as its worker would.
            foreach (string r in new[] { "a", "b", "c", "d", "e", "f", "g", "h" })
                s.Send($"create run {r}", "POST", "/deployments/{dep}/create_flow_run", new { tags = new[] { $"{p}-manual" } }, capture: r, ignore: run);
            s.Send("a: Scheduled -> Pending", "POST", "/flow_runs/{a}/set_state", State("PENDING"), ignore: run)
             .Send("a: Pending -> Running", "POST", "/flow_runs/{a}/set_state", State("RUNNING"), ignore: run)
             .Send("a: Running -> Cancelling (Stop-FlowRun)", "POST", "/flow_runs/{a}/set_state", State("CANCELLING", "Cancelling"), ignore: run)
             .Send("a: Cancelling -> Cancelling again", "POST", "/flow_runs/{a}/set_state", State("CANCELLING", "Cancelling"), ignore: run)
             .Send("a: the worker reports Cancelled", "POST", "/flow_runs/{a}/set_state", State("CANCELLED", "Cancelled"), ignore: run)
             .Send("a: Cancelled -> Cancelling (already ended)", "POST", "/flow_runs/{a}/set_state", State("CANCELLING", "Cancelling"), ignore: run)
             .Send("a: read", "GET", "/flow_runs/{a}", ignore: run)
             .Send("b: Scheduled -> Cancelling (nothing to stop)", "POST", "/flow_runs/{b}/set_state", State("CANCELLING", "Cancelling"), ignore: run)
             .Send("b: read", "GET", "/flow_runs/{b}", ignore: run)
             .Send("c: -> Running", "POST", "/flow_runs/{c}/set_state", State("RUNNING"), ignore: run)
             .Send("c: -> Completed", "POST", "/flow_runs/{c}/set_state", State("COMPLETED"), ignore: run)
             .Send("c: Completed -> Cancelling", "POST", "/flow_runs/{c}/set_state", State("CANCELLING", "Cancelling"), ignore: run)
             .Send("c: resume a run that is not paused", "POST", "/flow_runs/{c}/resume", new { }, ignore: run)
             .Send("d: -> Running", "POST", "/flow_runs/{d}/set_state", State("RUNNING"), ignore: run)
             .Send("d: pause, waiting for input (pause_flow_run(wait_for_input=...))", "POST", "/flow_runs/{d}/set_state", Paused(false, pauseTimeout, keyset), ignore: run)
             .Send("d: resume before the flow stored its schema", "POST", "/flow_runs/{d}/resume", new { run_input = new { approved = true } }, ignore: run)
             .Send("d: the flow stores the schema of its input", "POST", "/flow_runs/{d}/input", new { key = "paused-1-schema", value = schema.ToString(Newtonsoft.Json.Formatting.None) })
             .Send("d: read the schema", "GET", "/flow_runs/{d}/input/paused-1-schema")
             .Send("d: resume without the required input", "POST", "/flow_runs/{d}/resume", new { run_input = new { ticket = "CHG-1" } }, ignore: run)
             .Send("d: resume with input of the wrong type", "POST", "/flow_runs/{d}/resume", new { run_input = new { approved = "yes" } }, ignore: run)
             .Send("d: resume with input the schema does not know", "POST", "/flow_runs/{d}/resume", new { run_input = new { approved = true, extra = 1 } }, ignore: run)
             .Send("d: still paused", "GET", "/flow_runs/{d}", ignore: run)
             .Send("d: resume with fitting input (Resume-FlowRun -RunInput)", "POST", "/flow_runs/{d}/resume", new { run_input = new { approved = true, ticket = "CHG-1" } }, ignore: run)
             .Send("d: the input the flow reads", "GET", "/flow_runs/{d}/input/paused-1-response")
             .Send("d: read after the resume", "GET", "/flow_runs/{d}", ignore: run)
             .Send("d: an input key nobody stored", "GET", "/flow_runs/{d}/input/paused-1-description")
             .Send("d: resume again", "POST", "/flow_runs/{d}/resume", new { }, ignore: run)
             .Send("e: -> Running", "POST", "/flow_runs/{e}/set_state", State("RUNNING"), ignore: run)
             .Send("e: pause whose timeout has passed", "POST", "/flow_runs/{e}/set_state", Paused(false, Iso(now.AddMinutes(-1))), ignore: run)
             .Send("e: resume after the pause timed out", "POST", "/flow_runs/{e}/resume", new { }, ignore: run)
             .Send("e: read", "GET", "/flow_runs/{e}", ignore: run)
             .Send("f: -> Running", "POST", "/flow_runs/{f}/set_state", State("RUNNING"), ignore: run)
             .Send("f: suspend (pause_reschedule)", "POST", "/flow_runs/{f}/set_state", Paused(true, pauseTimeout), ignore: run)
             .Send("f: resume a suspended run, with input it does not wait for", "POST", "/flow_runs/{f}/resume", new { run_input = new { approved = true } }, ignore: run)
             .Send("f: read", "GET", "/flow_runs/{f}", ignore: run)
             .Send("g: -> Running", "POST", "/flow_runs/{g}/set_state", State("RUNNING"), ignore: run)
             .Send("g: pause in its process", "POST", "/flow_runs/{g}/set_state", Paused(false, pauseTimeout), ignore: run)
             .Send("g: Paused -> Cancelling (Stop-FlowRun on a paused run)", "POST", "/flow_runs/{g}/set_state", State("CANCELLING", "Cancelling"), ignore: run)
             .Send("g: read", "GET", "/flow_runs/{g}", ignore: run)
             .Send("h: -> Running", "POST", "/flow_runs/{h}/set_state", State("RUNNING"), ignore: run)
             .Send("h: suspend", "POST", "/flow_runs/{h}/set_state", Paused(true, pauseTimeout), ignore: run)
             .Send("h: Suspended -> Cancelling (Stop-FlowRun on a suspended run)", "POST", "/flow_runs/{h}/set_state", State("CANCELLING", "Cancelling"), ignore: run)
             .Send("h: read", "GET", "/flow_runs/{h}", ignore: run)
             .Send("the runs with the tag, by state (Get-FlowRun)", "POST", "/flow_runs/filter", new JObject
             {
                 ["flow_runs"] = new JObject
                 {
                     ["tags"] = new JObject { ["all_"] = new JArray($"{p}-manual") },
                     ["state"] = new JObject { ["type"] = new JObject { ["any_"] = new JArray("CANCELLED", "COMPLETED") } },
                 },
                 ["sort"] = "EXPECTED_START_TIME_ASC", ["offset"] = 0, ["limit"] = 200,
             }, ignore: run)
             .Send("count the runs of the deployment", "POST", "/flow_runs/count", new JObject { ["deployments"] = new JObject { ["id"] = new JObject { ["any_"] = new JArray("{dep}") } } });
            return s;
        }

        /// <summary>A pool with queues; pause, resume, limit, clear the limit; status; look-ups by name.</summary>
        public static Scenario WorkQueues(string p)
        {
            string pool = $"{p}-pool";
            return new Scenario("work queues: pause, resume, limit")
                .Send("create work pool", "POST", "/work_pools/", new { name = pool, type = "process" }, capture: "pool")
                .Send("create queue", "POST", $"/work_pools/{pool}/queues", new { name = $"{p}-critical" }, capture: "critical")
                .Send("create queue with limit and priority", "POST", $"/work_pools/{pool}/queues", new { name = $"{p}-bulk", concurrency_limit = 5, priority = 2 }, capture: "bulk")
                .Send("the pool's queues", "POST", $"/work_pools/{pool}/queues/filter", new { offset = 0, limit = 200 })
                .Send("a queue by name in its pool", "GET", $"/work_pools/{pool}/queues/{p}-critical")
                .Send("pause (Suspend-WorkQueue)", "PATCH", "/work_queues/{critical}", new { is_paused = true })
                .Send("read paused", "GET", "/work_queues/{critical}")
                .Send("set a limit (Set-WorkQueue)", "PATCH", "/work_queues/{critical}", new { concurrency_limit = 3 })
                .Send("clear the limit", "PATCH", "/work_queues/{critical}", new JObject { ["concurrency_limit"] = null })
                .Send("resume (Resume-WorkQueue)", "PATCH", "/work_queues/{critical}", new { is_paused = false })
                .Send("read resumed", "GET", "/work_queues/{critical}")
                .Send("its status (late runs)", "GET", "/work_queues/{critical}/status")
                .Send("a negative limit", "PATCH", "/work_queues/{bulk}", new { concurrency_limit = -1 })
                .Send("a name the pool does not have", "GET", $"/work_pools/{pool}/queues/nope")
                .Send("a name the default pool does not have", "GET", $"/work_queues/name/{p}-nope")
                .Send("queues of a pool that does not exist", "POST", $"/work_pools/{p}-nopool/queues/filter", new { offset = 0, limit = 200 })
                .Send("the queues of all pools, by name", "POST", "/work_queues/filter", new JObject
                {
                    ["work_queues"] = new JObject { ["name"] = new JObject { ["any_"] = new JArray($"{p}-critical", $"{p}-bulk") } }, ["offset"] = 0, ["limit"] = 200,
                });
        }

        /// <summary>What an unknown id, a bad filter or a bad body is answered.</summary>
        public static Scenario Errors() => new Scenario("errors")
            .Send("unknown deployment", "GET", $"/deployments/{Zero}")
            .Send("PATCH an unknown deployment", "PATCH", $"/deployments/{Zero}", new { paused = true })
            .Send("backfill an unknown deployment", "POST", $"/deployments/{Zero}/schedule", new { start_time = "2026-01-01T00:00:00Z", end_time = "2026-01-01T01:00:00Z" })
            .Send("unknown flow run", "GET", $"/flow_runs/{Zero}")
            .Send("set_state of an unknown run", "POST", $"/flow_runs/{Zero}/set_state", new { state = new { type = "CANCELLING" } })
            .Send("resume an unknown run", "POST", $"/flow_runs/{Zero}/resume", new { })
            .Send("unknown work queue", "GET", $"/work_queues/{Zero}")
            .Send("a page of more than 200", "POST", "/deployments/filter", new { limit = 201 })
            .Send("tags all_ not a list", "POST", "/deployments/filter", new { deployments = new { tags = new { all_ = "x" } } })
            .Send("tags any_ (not in the filter)", "POST", "/deployments/filter", new { deployments = new { tags = new { any_ = new[] { "x" } } } })
            .Send("an unknown sort", "POST", "/deployments/filter", new { sort = "BOGUS" })
            .Send("a negative offset", "POST", "/flow_runs/filter", new { offset = -1 })
            .Send("set_state without the state wrapper", "POST", $"/flow_runs/{Zero}/set_state", new { type = "RUNNING" })
            .Send("not a uuid", "GET", "/deployments/not-a-uuid");
    }

    internal static class JObjectExtensions
    {
        /// <summary>A copy changed by <paramref name="change"/>: one scenario request built from another.</summary>
        public static JObject Also(this JObject body, Action<JObject> change)
        {
            var copy = (JObject)body.DeepClone();
            change(copy);
            return copy;
        }
    }
}
