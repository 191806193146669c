using System;
using System.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Newtonsoft.Json.Linq;
using PrefectOps.Sandbox.Http;
using PrefectOps.Sandbox.Orchestration;
using PrefectOps.Sandbox.State;

namespace PrefectOps.Sandbox.Routes
{
    /// <summary>set_state and resume (section 5). 201 when a new state was written, 200 otherwise.</summary>
    public static class FlowRunStateRoutes
    {
        public static void Map(RouteGroupBuilder api, SandboxContext c)
        {
            var s = c.State;

            api.MapPost("/flow_runs/{id}/set_state", (string id, HttpContext ctx) =>
            {
                if (!SandboxContext.TryId(id, out var g)) return Errors.BadUuid("id");
                var raw = Json.Body(ctx);
                var body = raw as JObject ?? new JObject();
                if (!(body["state"] is JObject st)) return Errors.Missing(raw, "state");
                var type = (string?)st["type"];
                if (type == null) return Errors.Missing(raw, "state", "type");
                if (!FlowRunRoutes.StateTypes.Contains(type))
                    return Errors.Validation(new JArray("body", "state", "type"),
                        "value is not a valid enumeration member; permitted: " + string.Join(", ", FlowRunRoutes.StateTypes.Select(x => $"'{x}'")),
                        "type_error.enum", raw, new JObject { ["enum_values"] = new JArray(FlowRunRoutes.StateTypes) });
                bool force = body["force"]?.Type == JTokenType.Boolean && (bool)body["force"]!;
                using (s.Exclusive())
                {
                    if (!s.FlowRuns.TryGetValue(g, out var run))
                        return Errors.ExceptionMessage(404, $"Flow run with id {g} not found");
                    var now = s.Now;
                    var proposed = FlowRunStates.FromRequest(st, run.Id, now);
                    return Orchestrate(c, run, proposed, force, now);
                }
            });

            api.MapPost("/flow_runs/{id}/resume", (string id, HttpContext ctx) =>
            {
                if (!SandboxContext.TryId(id, out var g)) return Errors.BadUuid("id");
                var body = Json.BodyObject(ctx);
                using (s.Exclusive())
                {
                    // A server bug in 2.19 and 3.8: an unknown id is an unhandled exception (section 5 "resume unknown run").
                    if (!s.FlowRuns.TryGetValue(g, out var run)) return Errors.ExceptionMessage(500, "Internal Server Error");
                    var now = s.Now;
                    if (run.State.Type != "PAUSED")
                        return JsonResult.Ok(c.Shapes.Orchestration(null, "ABORT", "Cannot resume a flow run that is not paused."));
                    var keyset = run.State.RunInputKeysetToken as JObject;
                    var runInput = body["run_input"] as JObject ?? new JObject();
                    if (keyset != null)
                    {
                        // With a keyset the server validates run_input against the schema the flow stored under
                        // keyset["schema"]; its refusals are REJECTs with abort details, the run stays paused.
                        string schemaKey = (string?)keyset["schema"] ?? "";
                        if (!run.Inputs.TryGetValue(schemaKey, out var schemaText))
                            return JsonResult.Ok(c.Shapes.Orchestration(run.State, "REJECT", "Run input schema not found.", "abort_details"));
                        JObject? schema = null;
                        try { schema = Json.Parse(schemaText) as JObject; } catch (Newtonsoft.Json.JsonException) { }
                        if (schema == null)
                            return JsonResult.Ok(c.Shapes.Orchestration(run.State, "REJECT", "Run input schema is not valid JSON.", "abort_details"));
                        if (RunInputValidation.Check(runInput, schema) is string invalid)
                            return JsonResult.Ok(c.Shapes.Orchestration(run.State, "REJECT", "Reason: " + invalid, "abort_details"));
                    }
                    // No keyset: run_input is ignored ("resume suspended run with run_input (no keyset => ignored)").
                    var proposed = run.State.PauseReschedule
                        ? FlowRunStates.Make(run.Id, "SCHEDULED", "Resuming", now, null, now)
                        : FlowRunStates.Make(run.Id, "RUNNING", "Running", now);
                    var result = Orchestrate(c, run, proposed, false, now);
                    // Stored only when accepted and not empty (the server tests `keyset and run_input`).
                    if (keyset != null && result.Status == 201 && keyset["response"] != null && runInput.Count > 0)
                        run.Inputs[(string)keyset["response"]!] = runInput.ToString(Newtonsoft.Json.Formatting.None);
                    return result;
                }
            });
        }

        /// <summary>Runs the policy; persists the resulting state; 201 if one was written (the server compares timestamps).</summary>
        public static JsonResult Orchestrate(SandboxContext c, FlowRunRec run, StateRec proposed, bool force, DateTimeOffset now)
        {
            var decision = FlowRunTransitions.Decide(run, proposed, force, now);
            if (decision.Persist != null)
            {
                FlowRunStates.Apply(run, decision.Persist, now, c.Major);
                return new JsonResult(201, c.Shapes.Orchestration(decision.Persist, decision.Status, decision.Reason));
            }
            return new JsonResult(200, c.Shapes.Orchestration(run.State, decision.Status, decision.Reason));
        }
    }
}
