using System;
using System.Globalization;
using Newtonsoft.Json.Linq;
using PrefectOps.Sandbox.Http;
using PrefectOps.Sandbox.State;

namespace PrefectOps.Sandbox.Orchestration
{
    /// <summary>Builds states from request bodies and applies accepted states to runs (start/end times, run_count...).</summary>
    public static class FlowRunStates
    {
        public static readonly string[] Terminal = { "COMPLETED", "FAILED", "CANCELLED", "CRASHED" };

        public static bool IsTerminal(string type) => Array.IndexOf(Terminal, type) >= 0;

        /// <summary>"CANCELLED" -> "Cancelled", the server's default name for a state type.</summary>
        public static string DefaultName(string type) => type.Substring(0, 1) + type.Substring(1).ToLowerInvariant();

        public static StateRec FromRequest(JObject state, Guid runId, DateTimeOffset now)
        {
            string type = (string)state["type"]!;
            var details = state["state_details"] as JObject ?? new JObject();
            var st = new StateRec
            {
                Type = type,
                Name = state["name"]?.Type == JTokenType.String ? (string)state["name"]! : DefaultName(type),
                Message = state["message"]?.Type == JTokenType.String ? (string?)state["message"] : null,
                Data = state["data"] != null && state["data"]!.Type != JTokenType.Null ? state["data"]!.DeepClone() : null,
                Timestamp = now,
                FlowRunId = runId,
                PauseReschedule = details["pause_reschedule"]?.Type == JTokenType.Boolean && (bool)details["pause_reschedule"]!,
                PauseKey = details["pause_key"]?.Type == JTokenType.String ? (string?)details["pause_key"] : null,
                RunInputKeysetToken = details["run_input_keyset"] is JObject ks ? ks : null,
            };
            if (Json.TryParseTime(details["scheduled_time"], out var sched)) st.ScheduledTime = sched;
            if (Json.TryParseTime(details["pause_timeout"], out var pt)) st.PauseTimeout = pt;
            // A Scheduled state without scheduled_time means "now" (schemas.states.Scheduled default).
            if (type == "SCHEDULED" && st.ScheduledTime == null) st.ScheduledTime = now;
            return st;
        }

        public static StateRec Make(Guid runId, string type, string name, DateTimeOffset now, string? message = null, DateTimeOffset? scheduledTime = null)
            => new StateRec { FlowRunId = runId, Type = type, Name = name, Timestamp = now, Message = message, ScheduledTime = scheduledTime };

        /// <summary>
        /// Persists <paramref name="st"/> as the run's current state, with the run-level bookkeeping the server's global
        /// policy does (SetStartTime, SetEndTime, SetNextScheduledStartTime), as each version does it.
        /// </summary>
        public static void Apply(FlowRunRec run, StateRec st, DateTimeOffset now, int major)
        {
            var prev = run.State;
            // The next scheduled start is only kept while the run is Scheduled.
            run.NextScheduledStartTime = st.Type == "SCHEDULED" ? st.ScheduledTime : null;
            switch (st.Type)
            {
                case "SCHEDULED":
                    if (run.ExpectedStartTime == null) run.ExpectedStartTime = st.ScheduledTime;
                    break;
                case "RUNNING":
                    if (prev.Type != "RUNNING") run.RunCount++;
                    if (run.StartTime == null) run.StartTime = now;
                    break;
                case "PAUSED":
                    if (st.PauseKey != null && !run.PauseKeys.Contains(st.PauseKey)) run.PauseKeys.Add(st.PauseKey);
                    break;
            }
            // Leaving a final state for another clears the end time; entering one sets it once: 2.19 only for a run that
            // started, 3.x for any run (and then gives a run that never started its start time too).
            if (IsTerminal(prev.Type) && !IsTerminal(st.Type)) run.EndTime = null;
            if (IsTerminal(st.Type) && run.EndTime == null && (major >= 3 || run.StartTime.HasValue))
            {
                run.StartTime ??= now;
                run.EndTime = now;
                run.TotalRunTime = Math.Max(0, (now - run.StartTime.Value).TotalSeconds);
            }
            run.State = st;
            run.History.Add(st);
            run.Updated = now;
        }

        public static string Iso(DateTimeOffset t) => t.ToString("o", CultureInfo.InvariantCulture);
    }
}
