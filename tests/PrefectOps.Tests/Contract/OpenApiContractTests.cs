using System.Diagnostics;
using System.Linq;
using PrefectOps.Sandbox.Contract;
using Xunit;

namespace PrefectOps.Tests.Contract
{
    /// <summary>Request-level rules: paths, methods, parameters and bodies, on the real documents.</summary>
    public class OpenApiContractTests
    {
        private const string Id = "08e6c433-3eca-4c33-84bd-b5594d356380";
        private static OpenApiContract V2 => OpenApiContract.ForMajorVersion(2);
        private static OpenApiContract V3 => OpenApiContract.ForMajorVersion(3);

        [Fact]
        public void ForMajorVersionIsCachedPerProcess()
        {
            Assert.Same(OpenApiContract.ForMajorVersion(3), OpenApiContract.ForMajorVersion(3));
            Assert.NotSame(OpenApiContract.ForMajorVersion(2), OpenApiContract.ForMajorVersion(3));
        }

        [Fact]
        public void UnsupportedMajorVersionThrows()
        {
            Assert.Throws<System.ArgumentOutOfRangeException>(() => OpenApiContract.ForMajorVersion(1));
        }

        [Fact]
        public void DocumentPathsHaveNoApiPrefix()
        {
            // Paths are relative to the API root; "/api/..." is the root itself and therefore unknown.
            Assert.Contains("/flows/", V2.PathTemplates);
            Assert.DoesNotContain(V2.PathTemplates, p => p.StartsWith("/api/"));
            Assert.Contains("no such path", Assert.Single(V2.Validate("GET", "/api/flows/" + Id, null, null)));
        }

        [Fact]
        public void PathWithoutLeadingSlashIsAViolation()
        {
            Assert.Contains("must start with '/'", Assert.Single(V2.Validate("POST", "flows/", null, "{\"name\":\"f\"}")));
        }

        [Fact]
        public void UnknownPathIsAViolation()
        {
            var v = Assert.Single(V2.Validate("POST", $"/work_queues/{Id}/pause", null, null));
            Assert.Equal($"POST /work_queues/{Id}/pause: no such path in the OpenAPI document", v);
        }

        [Fact]
        public void UnknownMethodIsAViolation()
        {
            var v = Assert.Single(V2.Validate("PUT", $"/deployments/{Id}", null, "{}"));
            Assert.Equal($"PUT /deployments/{Id}: method not allowed on /deployments/{{id}} (allowed: DELETE, GET, PATCH)", v);
        }

        [Fact]
        public void MethodIsCaseInsensitive()
        {
            Assert.Empty(V2.Validate("get", $"/deployments/{Id}", null, null));
        }

        [Theory]
        [InlineData("/flows", "{\"name\":\"f\"}")]               // the document has /flows/
        [InlineData("/deployments/filter/", "{}")]               // the document has /deployments/filter
        public void TrailingSlashDifferenceMatchesAsFastApiRedirects(string path, string body)
        {
            Assert.Empty(V2.Validate("POST", path, null, body));
        }

        [Fact]
        public void LiteralSegmentBeatsParameter()
        {
            // /work_queues/name/{name} is not mistaken for /work_queues/{id}/... and "filter" is not an id.
            Assert.Empty(V2.Validate("GET", "/work_queues/name/etl-queue", null, null));
            Assert.Empty(V2.Validate("POST", "/deployments/filter", null, "{}"));
            Assert.Empty(V2.Validate("GET", "/deployments/name/my-flow/my-deployment", null, null));
        }

        [Fact]
        public void LiteralPathWithoutTheMethodFallsBackToTheParameterRoute()
        {
            // GET /deployments/filter is routed to GET /deployments/{id}, where "filter" is not a uuid.
            var v = Assert.Single(V2.Validate("GET", "/deployments/filter", null, null));
            Assert.Equal("GET /deployments/filter: path.id: \"filter\" is not a valid uuid", v);
        }

        [Fact]
        public void PathParametersAreDecodedAndValidated()
        {
            Assert.Empty(V2.Validate("GET", "/work_pools/prod%20pool", null, null));
            Assert.Empty(V2.Validate("GET", "/deployments/" + Id.ToUpperInvariant(), null, null));
            Assert.Empty(V2.Validate("GET", "/deployments/" + Id.Replace("-", ""), null, null)); // Python's UUID() takes it
            Assert.Single(V2.Validate("GET", "/deployments/08e6c433-3eca-4c33-84bd-b5594d35638", null, null));
        }

        [Fact]
        public void RequiredQueryParameterMustBePresent()
        {
            var v = Assert.Single(V2.Validate("GET", "/flow_run_states/", null, null));
            Assert.Equal("GET /flow_run_states/: query.flow_run_id: required query parameter is missing", v);
        }

        [Fact]
        public void QueryParametersAreValidated()
        {
            Assert.Empty(V2.Validate("GET", "/flow_run_states/", "flow_run_id=" + Id, null));
            Assert.Empty(V2.Validate("GET", "/flow_run_states/?flow_run_id=" + Id, null, null));
            Assert.Empty(V2.Validate("GET", "/flow_run_states/", "?flow_run_id=" + Id + "&unknown=ignored", null));
            var v = Assert.Single(V2.Validate("GET", "/flow_run_states/", "flow_run_id=nope", null));
            Assert.Equal("GET /flow_run_states/: query.flow_run_id: \"nope\" is not a valid uuid", v);
        }

        [Theory]
        [InlineData("true")]
        [InlineData("False")]
        [InlineData("1")]
        [InlineData("off")]
        public void BooleanQueryParametersAcceptPydanticSpellings(string value)
        {
            Assert.Empty(V3.Validate("GET", $"/block_documents/{Id}", "include_secrets=" + value, null));
        }

        [Fact]
        public void NonBooleanTextForABooleanQueryParameterIsAViolation()
        {
            Assert.Single(V3.Validate("GET", $"/block_documents/{Id}", "include_secrets=maybe", null));
        }

        [Fact]
        public void BodyThatIsNotJsonIsAViolation()
        {
            // Recorded as "invalid JSON body": 422 with loc ["body", 1].
            var v = Assert.Single(V2.Validate("POST", "/deployments/filter", null, "{not json"));
            Assert.StartsWith("POST /deployments/filter: body: not valid JSON: ", v);
            Assert.Single(V2.Validate("POST", "/deployments/filter", null, "{'limit': 1}")); // Python's json refuses it too
            Assert.Single(V2.Validate("POST", "/deployments/filter", null, "{} {}"));
        }

        [Fact]
        public void MissingRequiredBodyIsAViolation()
        {
            var v = Assert.Single(V2.Validate("PATCH", $"/deployments/{Id}", null, null));
            Assert.Equal($"PATCH /deployments/{Id}: body: a request body is required", v);
            Assert.Single(V2.Validate("PATCH", $"/deployments/{Id}", null, "null"));
        }

        [Fact]
        public void OptionalBodyMayBeOmitted()
        {
            Assert.Empty(V2.Validate("POST", "/deployments/filter", null, null));
            Assert.Empty(V2.Validate("POST", "/deployments/filter", null, ""));
            Assert.Empty(V2.Validate("POST", $"/flow_runs/{Id}/resume", null, null));
        }

        [Fact]
        public void BodyToAnOperationWithoutOneIsAViolationUnlessEmpty()
        {
            Assert.Empty(V2.Validate("POST", $"/deployments/{Id}/set_schedule_inactive", null, ""));
            Assert.Empty(V2.Validate("POST", $"/deployments/{Id}/set_schedule_inactive", null, "  "));
            var v = Assert.Single(V2.Validate("POST", $"/deployments/{Id}/set_schedule_inactive", null, "{}"));
            Assert.Equal($"POST /deployments/{Id}/set_schedule_inactive: body: this operation takes no request body", v);
        }

        [Fact]
        public void NestedViolationsNameTheJsonLocation()
        {
            const string body = "[{\"schedule\":{\"interval\":3600},\"active\":\"yes please\"}]";
            var v = Assert.Single(V2.Validate("POST", $"/deployments/{Id}/schedules", null, body));
            Assert.Equal($"POST /deployments/{Id}/schedules: body[0].active: expected boolean, got string", v);
        }

        [Fact]
        public void DateTimesAcceptWhatPydanticAccepts()
        {
            foreach (var t in new[] { "2026-01-01T00:00:00Z", "2026-01-01T00:00:00+02:00", "2026-01-01T00:00:00", "2026-01-01 00:00:00.123456-05:00" })
                Assert.Empty(V2.Validate("POST", $"/deployments/{Id}/schedule", null, $"{{\"start_time\":\"{t}\",\"min_time\":3600}}"));
        }

        [Fact]
        public void ValidateIsSafeToCallConcurrently()
        {
            // The sandbox checks requests from many client threads against one shared contract.
            var results = new System.Collections.Concurrent.ConcurrentBag<int>();
            System.Threading.Tasks.Parallel.For(0, 400, i => results.Add(V2.Validate("POST", "/deployments/filter", null,
                i % 2 == 0 ? "{\"deployments\":{\"tags\":{\"any_\":[\"x\"]}}}" : "{\"deployments\":{\"tags\":{\"all_\":[\"x\"]}}}").Count));
            Assert.Equal(200, results.Count(c => c == 1));
            Assert.Equal(200, results.Count(c => c == 0));
        }

        [Fact]
        public void ValidatingATypicalRequestTakesWellUnderAMillisecond()
        {
            const string body = "{\"deployments\":{\"tags\":{\"all_\":[\"nightly\"]},\"paused\":{\"eq_\":false}},\"sort\":\"NAME_ASC\",\"limit\":200,\"offset\":0}";
            var contract = V3;
            for (var i = 0; i < 100; i++) Assert.Empty(contract.Validate("POST", "/deployments/filter", null, body)); // warm up
            const int n = 2000;
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < n; i++) contract.Validate("POST", "/deployments/filter", null, body);
            watch.Stop();
            var perRequest = watch.Elapsed.TotalMilliseconds / n;
            Assert.True(perRequest < 0.5, $"{perRequest:F3} ms per request");
        }
    }
}
