using System;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Errors;
using PrefectOps.Core.GraphQL;
using PrefectOps.Core.Services;
using Xunit;

namespace PrefectOps.Tests.Prefect1
{
    /// <summary>Connect-Prefect on Prefect 1 Server: -Backend Auto recognises it at both URLs; schema and guard errors are clear.</summary>
    public sealed class Prefect1ConnectionTests : IClassFixture<Prefect1Fixture>
    {
        private readonly Prefect1Fixture _f;

        public Prefect1ConnectionTests(Prefect1Fixture f) => _f = f;

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task Auto_recognises_Prefect_1_at_the_root_and_at_graphql(bool withGraphqlPath)
        {
            string url = withGraphqlPath ? _f.Server.GraphQLUrl.ToString() : _f.Server.GraphQLUrl.GetLeftPart(UriPartial.Authority);
            using var connection = await PrefectConnection.OpenAsync(_f.Settings(BackendKind.Auto, url), null, CancellationToken.None);
            Assert.Equal(BackendKind.GraphQL, connection.BackendKind);
            Assert.Equal("2022.09.23", connection.ServerVersion);
            Assert.Equal("1.4.1", connection.ApiVersion);
            Assert.False(((Prefect1Backend)connection.Backend).IsCloud);
            // It works, not just connects.
            await new FlowCatalog(connection.Backend).ListFlowsAsync(new PrefectOps.Core.Backend.FlowQuery(), null, CancellationToken.None);
        }

        [Fact]
        public async Task Backend_Rest_on_a_Prefect_1_server_is_not_a_Prefect_REST_API()
        {
            var ex = await Assert.ThrowsAsync<PrefectException>(() => PrefectConnection.OpenAsync(_f.Settings(BackendKind.Rest), null, CancellationToken.None));
            Assert.Equal(ErrorIds.NotAPrefectServer, ex.ErrorId);
        }

        [Fact]
        public async Task A_query_typo_is_caught_by_the_servers_schema_as_a_clear_error()
        {
            using var connection = await _f.ConnectAsync();
            var gql = ((Prefect1Backend)connection.Backend).Client;
            var ex = await Assert.ThrowsAsync<PrefectException>(() =>
                gql.QueryAsync("query PrefectOpsTypo { flow { id is_schedule_actve } }", null, CancellationToken.None));
            Assert.Equal(ErrorIds.GraphQLValidationFailed, ex.ErrorId);
            Assert.Contains("Did you mean \"is_schedule_active\"", ex.Message);
            Assert.Contains("PrefectOpsTypo", ex.Message);
        }

        [Fact]
        public async Task The_null_filter_guard_sends_nothing_that_would_match_every_row()
        {
            using var connection = await _f.ConnectAsync();
            var gql = ((Prefect1Backend)connection.Backend).Client;
            var ex = await Assert.ThrowsAsync<PrefectException>(() => gql.QueryAsync(
                "query PrefectOpsNullProbe($id: uuid) { flow(where: {id: {_eq: $id}}) { id } }", new JObject { ["id"] = null }, CancellationToken.None));
            Assert.Equal(ErrorIds.NullFilterValue, ex.ErrorId);
            Assert.Equal(0, await _f.Server.RequestCountAsync("PrefectOpsNullProbe"));
            // The backend's own reads never need a null: an unknown flow group is "not found", not "every flow".
            var missing = await Assert.ThrowsAsync<PrefectException>(() => connection.Backend.GetFlowAsync(Guid.NewGuid(), "MAINTENANCE", CancellationToken.None));
            Assert.Equal(ErrorIds.FlowNotFound, missing.ErrorId);
        }
    }

    /// <summary>Cloud 1.0: a Bearer key, an optional tenant header, and a wrong key refused without showing it.</summary>
    public sealed class Prefect1CloudConnectionTests : IClassFixture<Prefect1CloudFixture>
    {
        private readonly Prefect1CloudFixture _f;

        public Prefect1CloudConnectionTests(Prefect1CloudFixture f) => _f = f;

        [Fact]
        public async Task Cloud_1_with_a_bearer_key_and_tenant_header_connects()
        {
            const string tenant = "3f5c2a9e-1b7d-4c8e-9f00-123456789abc";
            var settings = _f.Settings(BackendKind.Auto, apiKey: Prefect1CloudFixture.Key);
            settings.Http.ExtraHeaders["X-PREFECT-TENANT-ID"] = tenant;
            using var connection = await PrefectConnection.OpenAsync(settings, null, CancellationToken.None);
            Assert.Equal(BackendKind.GraphQL, connection.BackendKind);
            Assert.True(((Prefect1Backend)connection.Backend).IsCloud);
            await new FlowCatalog(connection.Backend).ListFlowsAsync(new PrefectOps.Core.Backend.FlowQuery(), null, CancellationToken.None);
            Assert.Contains(tenant, (await _f.Server.RequestCountsAsync())["tenants"]!.ToObject<string[]>()!);
        }

        [Fact]
        public async Task A_wrong_key_is_a_clear_authentication_error_without_the_key()
        {
            const string wrong = "pnu_wrong_key_do_not_print_me";
            var ex = await Assert.ThrowsAnyAsync<PrefectException>(() =>
                PrefectConnection.OpenAsync(_f.Settings(BackendKind.Auto, apiKey: wrong), null, CancellationToken.None));
            Assert.Equal((ErrorIds.AuthenticationFailed, PrefectErrorKind.Authentication), (ex.ErrorId, ex.Kind));
            Assert.DoesNotContain(wrong, ex.ToString());
            Assert.DoesNotContain(Prefect1CloudFixture.Key, ex.ToString());
            Assert.Contains("-TenantId", ex.Message);
        }
    }
}
