using PrefectOps.Sandbox.Contract;
using Xunit;

namespace PrefectOps.Tests.Contract
{
    /// <summary>Where the 2.19.9 and 3.8 documents disagree on requests PrefectOps sends.</summary>
    public class VersionDifferencesTests
    {
        private const string Id = "08e6c433-3eca-4c33-84bd-b5594d356380";
        private static OpenApiContract V2 => OpenApiContract.ForMajorVersion(2);
        private static OpenApiContract V3 => OpenApiContract.ForMajorVersion(3);

        [Fact]
        public void TagsAnyIsOnlyIn3x()
        {
            const string body = "{\"deployments\":{\"tags\":{\"any_\":[\"x\"]}}}";
            Assert.Empty(V3.Validate("POST", "/deployments/filter", null, body));
            var v2 = Assert.Single(V2.Validate("POST", "/deployments/filter", null, body));
            Assert.Equal("POST /deployments/filter: body.deployments.tags: property 'any_' is not allowed", v2);
        }

        [Fact]
        public void SetScheduleInactiveIsOnlyIn2x()
        {
            Assert.True(V2.HasOperation("POST", "/deployments/{id}/set_schedule_inactive"));
            Assert.True(V2.HasOperation("POST", "/deployments/{id}/set_schedule_active"));
            Assert.False(V3.HasOperation("POST", "/deployments/{id}/set_schedule_inactive"));
            Assert.False(V3.HasOperation("POST", "/deployments/{id}/set_schedule_active"));

            Assert.Empty(V2.Validate("POST", $"/deployments/{Id}/set_schedule_inactive", null, null));
            var v3 = Assert.Single(V3.Validate("POST", $"/deployments/{Id}/set_schedule_inactive", null, null));
            Assert.Contains("no such path", v3);
        }

        [Fact]
        public void PauseAndResumeDeploymentExistOnBoth()
        {
            foreach (var contract in new[] { V2, V3 })
            {
                Assert.Empty(contract.Validate("POST", $"/deployments/{Id}/pause_deployment", null, null));
                Assert.Empty(contract.Validate("POST", $"/deployments/{Id}/resume_deployment", null, null));
            }
        }

        [Fact]
        public void PatchPausedWithMaintenanceTagIsValidOnBoth()
        {
            const string body = "{\"paused\":true,\"tags\":[\"a\",\"MAINTENANCE\"]}";
            Assert.Empty(V2.Validate("PATCH", $"/deployments/{Id}", null, body));
            Assert.Empty(V3.Validate("PATCH", $"/deployments/{Id}", null, body));
        }

        [Fact]
        public void IsScheduleActiveIsOnlyIn2x()
        {
            // 2.19.9 answers 204 to it (recorded); the 3.8 DeploymentUpdate has no such property and forbids extras.
            const string body = "{\"is_schedule_active\":false}";
            Assert.Empty(V2.Validate("PATCH", $"/deployments/{Id}", null, body));
            var v3 = Assert.Single(V3.Validate("PATCH", $"/deployments/{Id}", null, body));
            Assert.Equal($"PATCH /deployments/{Id}: body: property 'is_schedule_active' is not allowed", v3);
        }

        [Fact]
        public void LegacyScheduleFieldOnCreateIsOnlyIn2x()
        {
            const string body = "{\"name\":\"n\",\"flow_id\":\"" + Id + "\",\"schedule\":{\"cron\":\"0 * * * *\"}}";
            Assert.Empty(V2.Validate("POST", "/deployments/", null, body));
            Assert.Contains(V3.Validate("POST", "/deployments/", null, body), v => v.EndsWith("property 'schedule' is not allowed"));
        }

        [Fact]
        public void OnlyThe2xDocumentIsPydanticV1()
        {
            Assert.True(V2.IsPydanticV1Document);
            Assert.False(V3.IsPydanticV1Document);
        }

        [Fact]
        public void NullForAnOptionalPropertyIsValidOnBoth()
        {
            // Recorded on 2.19.9 ("clear concurrency_limit (null)": 204) though the 2.x document types it plain integer.
            Assert.Empty(V2.Validate("PATCH", $"/work_queues/{Id}", null, "{\"concurrency_limit\":null}"));
            Assert.Empty(V3.Validate("PATCH", $"/work_queues/{Id}", null, "{\"concurrency_limit\":null}"));
        }

        [Fact]
        public void NegativeWorkQueueLimitIsOnlyDocumentedAsInvalidIn3x()
        {
            const string body = "{\"concurrency_limit\":-1}";
            Assert.Empty(V2.Validate("PATCH", $"/work_queues/{Id}", null, body)); // the 2.19.9 server rejects it all the same
            Assert.Single(V3.Validate("PATCH", $"/work_queues/{Id}", null, body));
        }
    }
}
