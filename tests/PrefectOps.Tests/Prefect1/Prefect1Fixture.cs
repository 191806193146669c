using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Http;
using PrefectOps.Core.Util;
using PrefectOps.Sandbox.Prefect1;
using PrefectOps.Tests.Integration;
using Xunit;

namespace PrefectOps.Tests.Prefect1
{
    /// <summary>One Prefect 1 GraphQL sandbox (node) per test class; tests seed uniquely named flows and tags.</summary>
    public class Prefect1Fixture : IAsyncLifetime
    {
        protected virtual string? ApiKey => null;
        public PrefectOps.Sandbox.Prefect1.Prefect1Sandbox Server { get; private set; } = null!;
        /// <summary>The client's "now", kept equal to the sandbox's frozen clock by <see cref="SetClockAsync"/>.</summary>
        public TestClock Clock { get; } = new TestClock();

        public async Task InitializeAsync() => Server = await PrefectOps.Sandbox.Prefect1.Prefect1Sandbox.StartAsync(new Prefect1SandboxOptions { ApiKey = ApiKey });
        public async Task DisposeAsync() => await Server.DisposeAsync();

        public async Task SetClockAsync(DateTimeOffset now)
        {
            await Server.SetClockAsync(now);
            Clock.UtcNow = now;
        }

        public async Task AdvanceClockAsync(TimeSpan by)
        {
            await Server.AdvanceClockAsync(by);
            Clock.UtcNow += by;
        }

        public ConnectionSettings Settings(BackendKind backend = BackendKind.Auto, string? url = null, string? apiKey = null)
        {
            var settings = new ConnectionSettings(ConnectionSettings.ParseApiUrl(url ?? Server.GraphQLUrl.ToString()),
                apiKey != null ? new ApiKey(apiKey) : null, backend) { Http = SandboxFixture.FastHttp() };
            settings.Http.DelayAsync = (_, _) => Task.CompletedTask;
            return settings;
        }

        public Task<PrefectConnection> ConnectAsync(int maxAttempts = 5)
        {
            var settings = Settings(apiKey: ApiKey);
            settings.Http.MaxAttempts = maxAttempts;
            return PrefectConnection.OpenAsync(settings, null, CancellationToken.None);
        }

        public static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);

        /// <summary>A flow group as the server has it: its unarchived flow's switch, labels and description.</summary>
        public async Task<(bool active, JToken labels, JToken description)> GroupAsync(string flowGroupId)
        {
            var data = await Server.QueryOkAsync(
                "query($g: uuid!) { flow_group_by_pk(id: $g) { labels description flows(where: {archived: {_eq: false}}) { is_schedule_active } } }",
                new JObject { ["g"] = flowGroupId });
            var g = data["flow_group_by_pk"]!;
            return ((bool)g["flows"]![0]!["is_schedule_active"]!, g["labels"]!, g["description"]!);
        }

        public Task SetLabelsAsync(string flowGroupId, params string[] labels) =>
            Server.QueryOkAsync("mutation($g: UUID!, $l: [String!]) { set_flow_group_labels(input: {flow_group_id: $g, labels: $l}) { success } }",
                new JObject { ["g"] = flowGroupId, ["l"] = new JArray(labels) });

        public Task SetDescriptionAsync(string flowGroupId, string description) =>
            Server.QueryOkAsync("mutation($g: UUID!, $d: String) { set_flow_group_description(input: {flow_group_id: $g, description: $d}) { success } }",
                new JObject { ["g"] = flowGroupId, ["d"] = description });

        /// <summary>A run made by hand (create_flow_run, auto_scheduled false), at a time or now.</summary>
        public async Task<string> CreateRunAsync(Prefect1SeededFlow flow, DateTimeOffset? at = null)
        {
            var input = new JObject { ["flow_id"] = flow.FlowId };
            if (at.HasValue) input["scheduled_start_time"] = at.Value.ToString("o");
            var data = await Server.QueryOkAsync("mutation($i: create_flow_run_input!) { create_flow_run(input: $i) { id } }", new JObject { ["i"] = input });
            return (string)data["create_flow_run"]!["id"]!;
        }

        /// <summary>Every run of a flow group, oldest scheduled time first.</summary>
        public async Task<List<JObject>> RunsAsync(string flowGroupId)
        {
            var data = await Server.QueryOkAsync(
                "query($g: uuid!) { flow_run(where: {flow: {flow_group_id: {_eq: $g}}}, order_by: [{scheduled_start_time: asc}]) { id state scheduled_start_time labels parameters idempotency_key auto_scheduled } }",
                new JObject { ["g"] = flowGroupId });
            return data["flow_run"]!.OfType<JObject>().ToList();
        }

        /// <summary>Scheduled times of a group's runs in [from, to].</summary>
        public async Task<List<DateTimeOffset>> RunTimesAsync(string flowGroupId, DateTimeOffset from, DateTimeOffset to) =>
            (await RunsAsync(flowGroupId))
                .Select(r => DateTimeOffset.Parse((string)r["scheduled_start_time"]!, System.Globalization.CultureInfo.InvariantCulture))
                .Where(t => t >= from && t <= to).OrderBy(t => t).ToList();
    }

    public sealed class Prefect1CloudFixture : Prefect1Fixture
    {
        public const string Key = "pnu_cloud1_secret_key_0123456789";
        protected override string? ApiKey => Key;
    }

    public sealed class TestClock : IClock
    {
        public DateTimeOffset UtcNow { get; set; } = DateTimeOffset.UtcNow;
    }
}
