using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Sandbox.Prefect1;
using Xunit;

namespace PrefectOps.Tests.Prefect1Sandbox
{
    /// <summary>One Prefect 1 GraphQL sandbox (node) per test class; tests use unique flow names.</summary>
    public sealed class Prefect1SandboxFixture : IAsyncLifetime
    {
        public PrefectOps.Sandbox.Prefect1.Prefect1Sandbox Server { get; private set; } = null!;
        public async Task InitializeAsync() => Server = await PrefectOps.Sandbox.Prefect1.Prefect1Sandbox.StartAsync(new Prefect1SandboxOptions());
        public async Task DisposeAsync() => await Server.DisposeAsync();
        public static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);
    }

    public sealed class Prefect1SandboxTests : IClassFixture<Prefect1SandboxFixture>
    {
        private readonly PrefectOps.Sandbox.Prefect1.Prefect1Sandbox _s;
        public Prefect1SandboxTests(Prefect1SandboxFixture f) => _s = f.Server;

        [Fact]
        public async Task Api_query_answers_backend_SERVER()
        {
            var r = await _s.QueryAsync("query { api { backend version } }");
            Assert.Equal(200, r.Status);
            Assert.Equal("SERVER", (string)r.Data!["api"]!["backend"]!);
            Assert.False(string.IsNullOrEmpty((string?)r.Data!["api"]!["version"]));
        }

        [Fact]
        public async Task A_typo_in_a_field_is_HTTP_400_with_the_validation_message()
        {
            var r = await _s.QueryAsync("query { flow { id is_schedule_actve } }");
            Assert.Equal(400, r.Status);
            Assert.Null(r.Data);
            var message = (string)r.Errors![0]!["message"]!;
            Assert.StartsWith("Cannot query field \"is_schedule_actve\" on type \"flow\". Did you mean \"is_schedule_active\"", message);
            Assert.Equal("GRAPHQL_VALIDATION_FAILED", (string)r.Errors[0]!["extensions"]!["code"]!);
        }

        [Fact]
        public async Task A_null_filter_value_matches_every_row()
        {
            var a = await _s.SeedAsync(new Prefect1FlowSpec { Name = Prefect1SandboxFixture.Unique("null-a"), SetScheduleActive = false });
            await _s.SeedAsync(new Prefect1FlowSpec { Name = Prefect1SandboxFixture.Unique("null-b"), SetScheduleActive = false });
            const string q = "query($id: uuid) { flow(where: {id: {_eq: $id}}) { id } }";
            var one = await _s.QueryOkAsync(q, new JObject { ["id"] = a.FlowId });
            Assert.Single((JArray)one["flow"]!);
            // HASURA_GRAPHQL_V1_BOOLEAN_NULL_COLLAPSE=true: the filter is dropped, every flow comes back
            var all = await _s.QueryOkAsync(q, new JObject { ["id"] = null });
            Assert.True(((JArray)all["flow"]!).Count >= 2);
        }

        [Fact]
        public async Task Registration_versions_the_flow_group_and_the_scheduler_creates_future_runs_only()
        {
            await _s.SetClockAsync(new DateTimeOffset(2024, 4, 30, 23, 30, 0, TimeSpan.Zero)); // 01:30 in Berlin
            var name = Prefect1SandboxFixture.Unique("nightly");
            var spec = new Prefect1FlowSpec
            {
                Name = name,
                Tasks = new Dictionary<string, string[]> { ["rebuild"] = new[] { "db-maint" } },
                Clocks = new List<JObject> { Prefect1Clocks.Cron("0 2 * * *", "Europe/Berlin") },
            };
            var v1 = await _s.SeedAsync(spec);
            var v2 = await _s.SeedAsync(spec);
            Assert.Equal(v1.FlowGroupId, v2.FlowGroupId);
            Assert.NotEqual(v1.FlowId, v2.FlowId);
            Assert.Equal(2, v2.Version);
            var flows = await _s.QueryOkAsync("query($g: uuid!) { flow(where: {flow_group_id: {_eq: $g}}, order_by: [{version: asc}]) { id archived is_schedule_active } }", new JObject { ["g"] = v1.FlowGroupId });
            Assert.Equal(new[] { true, false }, flows["flow"]!.Select(f => (bool)f["archived"]!).ToArray());

            const string runs = "query($f: uuid!) { flow_run(where: {flow_id: {_eq: $f}, auto_scheduled: {_eq: true}}, order_by: [{scheduled_start_time: asc}]) { scheduled_start_time idempotency_key } }";
            var first = (JArray)(await _s.QueryOkAsync(runs, new JObject { ["f"] = v2.FlowId }))["flow_run"]!;
            Assert.Equal(10, first.Count);
            Assert.Equal("2024-05-01T00:00:00+00:00", (string)first[0]!["scheduled_start_time"]!); // 02:00 in Berlin (CEST)
            Assert.Equal("auto-scheduled:2024-05-01T00:00:00+00:00", (string)first[0]!["idempotency_key"]!);

            // pause three days, resume: nothing in the past is created
            await _s.QueryOkAsync("mutation($id: UUID!) { set_schedule_inactive(input: {flow_id: $id}) { success } }", new JObject { ["id"] = v2.FlowId });
            Assert.Empty((JArray)(await _s.QueryOkAsync(runs, new JObject { ["f"] = v2.FlowId }))["flow_run"]!);
            await _s.AdvanceClockAsync(TimeSpan.FromDays(3));
            await _s.QueryOkAsync("mutation($id: UUID!) { set_schedule_active(input: {flow_id: $id}) { success } }", new JObject { ["id"] = v2.FlowId });
            var after = (JArray)(await _s.QueryOkAsync(runs, new JObject { ["f"] = v2.FlowId }))["flow_run"]!;
            Assert.Equal("2024-05-04T00:00:00+00:00", (string)after[0]!["scheduled_start_time"]!);
            Assert.DoesNotContain(await _s.RunSchedulerAsync(), r => (string)r["flow_id"]! == v2.FlowId);
            await _s.AdvanceClockAsync(TimeSpan.FromDays(1));
            var created = (await _s.RunSchedulerAsync()).Where(r => (string)r["flow_id"]! == v2.FlowId).ToList();
            Assert.Single(created);
        }

        [Fact]
        public async Task Faults_and_request_counts_work_per_operation()
        {
            var before = await _s.RequestCountAsync("Hello");
            await _s.AddFaultAsync("Hello", "status", status: 429, times: 1, retryAfterSeconds: 1);
            var limited = await _s.QueryAsync("query Hello { hello }");
            Assert.Equal(429, limited.Status);
            var ok = await _s.QueryAsync("query Hello { hello }");
            Assert.Equal(200, ok.Status);
            Assert.Equal(before + 2, await _s.RequestCountAsync("Hello"));
            await _s.ClearFaultsAsync();
        }

        [Fact]
        public async Task A_fault_for_one_flow_passes_other_flows_requests_by()
        {
            string a = Guid.NewGuid().ToString(), b = Guid.NewGuid().ToString();
            const string query = "query FlowById($id: uuid) { flow(where: {id: {_eq: $id}}) { id } }";
            await _s.AddFaultAsync("FlowById", "status", status: 500, onlyWith: new[] { a });
            Assert.Equal(200, (await _s.QueryAsync(query, new { id = b })).Status);
            Assert.Equal(500, (await _s.QueryAsync(query, new { id = a })).Status);
            await _s.ClearFaultsAsync();
        }
    }
}
