using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Errors;
using PrefectOps.Core.GraphQL;
using PrefectOps.Core.Http;
using Xunit;

namespace PrefectOps.Tests.Prefect1
{
    /// <summary>GraphQLClient against canned answers: how each kind of GraphQL error becomes a PrefectException.</summary>
    public sealed class GraphQLClientTests
    {
        private const string Key = "pnu_unit_secret_key";

        private sealed class Canned : HttpMessageHandler
        {
            private readonly Queue<(HttpStatusCode status, string body)> _answers;
            public Canned(params (HttpStatusCode, string)[] answers) => _answers = new Queue<(HttpStatusCode, string)>(answers);
            public List<JObject> Bodies { get; } = new List<JObject>();
            public List<Uri> Uris { get; } = new List<Uri>();

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
            {
                Uris.Add(request.RequestUri!);
                Bodies.Add(JObject.Parse(await request.Content!.ReadAsStringAsync(ct)));
                var (status, body) = _answers.Count > 1 ? _answers.Dequeue() : _answers.Peek();
                return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            }
        }

        private static (GraphQLClient, Canned) Client(string url, params (HttpStatusCode, string)[] answers)
        {
            var handler = new Canned(answers);
            var options = new HttpOptions { MaxAttempts = 3, DelayAsync = (_, _) => Task.CompletedTask };
            var http = new PrefectHttpClient(new Uri(url), new ApiKey(Key), options, handler);
            return (new GraphQLClient(http, options), handler);
        }

        private const string Query = "query PrefectOpsProbe($id: uuid!) { flow(where: {id: {_eq: $id}}) { id } }";
        private static JObject Vars => new JObject { ["id"] = "9a1c0000-0000-0000-0000-000000000000" };

        [Fact]
        public async Task A_query_posts_query_variables_and_operation_name_to_graphql()
        {
            var (client, handler) = Client("http://host:4200", (HttpStatusCode.OK, "{\"data\":{\"flow\":[]}}"));
            var data = await client.QueryAsync(Query, Vars, CancellationToken.None);
            Assert.Empty((JArray)data["flow"]!);
            Assert.Equal("http://host:4200/graphql", handler.Uris[0].ToString());
            Assert.Equal(("PrefectOpsProbe", Query), ((string)handler.Bodies[0]["operationName"]!, (string)handler.Bodies[0]["query"]!));
            Assert.Equal(Vars, handler.Bodies[0]["variables"]);

            var (atGraphql, h2) = Client("http://host:4200/graphql", (HttpStatusCode.OK, "{\"data\":{\"flow\":[]}}"));
            await atGraphql.QueryAsync(Query, Vars, CancellationToken.None);
            Assert.Equal("http://host:4200/graphql", h2.Uris[0].ToString());
        }

        [Fact]
        public async Task HTTP_400_validation_error_is_a_clear_error_with_the_servers_message()
        {
            var (client, _) = Client("http://host:4200/graphql", (HttpStatusCode.BadRequest,
                "{\"errors\":[{\"message\":\"Cannot query field \\\"is_schedule_actve\\\" on type \\\"flow\\\". Did you mean \\\"is_schedule_active\\\"?\",\"extensions\":{\"code\":\"GRAPHQL_VALIDATION_FAILED\"}}]}"));
            var ex = await Assert.ThrowsAsync<PrefectException>(() => client.QueryAsync(Query, Vars, CancellationToken.None));
            Assert.Equal((ErrorIds.GraphQLValidationFailed, PrefectErrorKind.InvalidArgument), (ex.ErrorId, ex.Kind));
            Assert.Contains("PrefectOpsProbe", ex.Message);
            Assert.Contains("Did you mean \"is_schedule_active\"", ex.Message);
        }

        [Theory]
        [InlineData("INTERNAL_SERVER_ERROR", "Can not schedule a flow that has required parameters.", "PrefectGraphQLError", PrefectErrorKind.InvalidOperation)]
        [InlineData("INTERNAL_SERVER_ERROR", "Flow 0f6c not found", "PrefectGraphQLError", PrefectErrorKind.NotFound)]
        [InlineData("UNAUTHENTICATED", "Unauthorized", "PrefectAuthenticationFailed", PrefectErrorKind.Authentication)]
        [InlineData("FORBIDDEN", "Forbidden", "PrefectPermissionDenied", PrefectErrorKind.PermissionDenied)]
        [InlineData("VERSION_LOCKING_ERROR", "State update failed", "PrefectVersionConflict", PrefectErrorKind.ResourceBusy)]
        [InlineData("API_ERROR", "Unable to complete operation. An internal API error occurred.", "PrefectServerError", PrefectErrorKind.ServerError)]
        public async Task HTTP_200_resolver_errors_map_to_stable_ErrorIds_with_the_servers_message(string code, string message, string errorId, PrefectErrorKind kind)
        {
            var (client, _) = Client("http://host:4200/graphql", (HttpStatusCode.OK,
                new JObject { ["data"] = new JObject { ["set_schedule_active"] = null }, ["errors"] = new JArray(new JObject { ["message"] = message, ["path"] = new JArray("set_schedule_active"), ["extensions"] = new JObject { ["code"] = code } }) }.ToString()));
            var ex = await Assert.ThrowsAsync<PrefectException>(() =>
                client.MutateAsync("mutation PrefectOpsResumeSchedule($id: UUID!) { set_schedule_active(input: {flow_id: $id}) { success } }", Vars, RetrySafety.Idempotent, CancellationToken.None));
            Assert.Equal((errorId, kind), (ex.ErrorId, ex.Kind));
            Assert.Contains(message, ex.Message);
            Assert.DoesNotContain(Key, ex.ToString());
        }

        [Fact]
        public async Task API_ERROR_is_retried_when_repeating_is_harmless_and_not_otherwise()
        {
            const string apiError = "{\"data\":{\"flow\":null},\"errors\":[{\"message\":\"Unable to complete operation. An internal API error occurred.\",\"extensions\":{\"code\":\"API_ERROR\"}}]}";
            var (client, handler) = Client("http://host:4200/graphql", (HttpStatusCode.OK, apiError), (HttpStatusCode.OK, "{\"data\":{\"flow\":[]}}"));
            await client.QueryAsync(Query, Vars, CancellationToken.None);
            Assert.Equal(2, handler.Bodies.Count);

            var (once, h2) = Client("http://host:4200/graphql", (HttpStatusCode.OK, apiError.Replace("flow", "set_task_run_states")), (HttpStatusCode.OK, "{\"data\":{}}"));
            await Assert.ThrowsAsync<PrefectException>(() => once.MutateAsync(
                "mutation PrefectOpsResumeTaskRuns($input: set_task_run_states_input!) { set_task_run_states(input: $input) { states { id } } }",
                new JObject { ["input"] = new JObject() }, RetrySafety.NotIdempotent, CancellationToken.None));
            Assert.Single(h2.Bodies);
        }

        [Fact]
        public async Task An_answer_that_is_not_a_GraphQL_result_is_a_malformed_response()
        {
            var (client, _) = Client("http://host:4200/graphql", (HttpStatusCode.OK, "[1,2]"));
            var ex = await Assert.ThrowsAsync<PrefectException>(() => client.QueryAsync(Query, Vars, CancellationToken.None));
            Assert.Equal(ErrorIds.MalformedResponse, ex.ErrorId);
        }

        [Theory]
        [InlineData("{\"id\": null}", "$id is null")]
        [InlineData("{}", "$id is declared but not given")]
        [InlineData("{\"id\": \"x\", \"where\": {\"flow_group\": {\"id\": {\"_eq\": null}}}}", "$where.flow_group.id._eq is null")]
        public async Task The_null_filter_guard_refuses_before_sending(string variables, string expected)
        {
            var (client, handler) = Client("http://host:4200/graphql", (HttpStatusCode.OK, "{\"data\":{\"flow\":[]}}"));
            var ex = await Assert.ThrowsAsync<PrefectException>(() => client.QueryAsync(Query, JObject.Parse(variables), CancellationToken.None));
            Assert.Equal((ErrorIds.NullFilterValue, PrefectErrorKind.InvalidArgument), (ex.ErrorId, ex.Kind));
            Assert.Contains(expected, ex.Message);
            Assert.Contains("every row", ex.Message);
            Assert.Empty(handler.Bodies);
        }

        [Fact]
        public async Task The_guard_refuses_a_null_literal_in_a_query_but_lets_a_mutation_send_null_values()
        {
            var (client, handler) = Client("http://host:4200/graphql", (HttpStatusCode.OK, "{\"data\":{\"set_flow_group_labels\":{\"success\":true}}}"));
            var literal = await Assert.ThrowsAsync<PrefectException>(() =>
                client.QueryAsync("query PrefectOpsLiteral { flow(where: {id: {_eq: null}}) { id } }", null, CancellationToken.None));
            Assert.Equal(ErrorIds.NullFilterValue, literal.ErrorId);
            // labels: null is a value here: it clears the group's override.
            await client.MutateAsync("mutation PrefectOpsSetLabels($id: UUID!, $labels: [String!]) { set_flow_group_labels(input: {flow_group_id: $id, labels: $labels}) { success } }",
                new JObject { ["id"] = "9a1c0000-0000-0000-0000-000000000000", ["labels"] = null }, RetrySafety.Idempotent, CancellationToken.None);
            Assert.Single(handler.Bodies);
            var unset = await Assert.ThrowsAsync<PrefectException>(() => client.MutateAsync(
                "mutation PrefectOpsSetLabels($id: UUID!, $labels: [String!]) { set_flow_group_labels(input: {flow_group_id: $id, labels: $labels}) { success } }",
                new JObject { ["id"] = "9a1c0000-0000-0000-0000-000000000000" }, RetrySafety.Idempotent, CancellationToken.None));
            Assert.Equal(ErrorIds.NullFilterValue, unset.ErrorId);
        }
    }
}
