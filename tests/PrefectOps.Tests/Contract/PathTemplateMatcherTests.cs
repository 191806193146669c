using System.Linq;
using PrefectOps.Sandbox.Contract;
using Xunit;

namespace PrefectOps.Tests.Contract
{
    public class PathTemplateMatcherTests
    {
        private static readonly PathTemplateMatcher Matcher = new PathTemplateMatcher(new[]
        {
            "/flows/", "/flows/{id}", "/flows/filter",
            "/work_queues/{id}", "/work_queues/name/{name}", "/work_queues/{id}/status",
            "/deployments/name/{flow_name}/{deployment_name}", "/", "/health",
        });

        private static string? Best(string path) => Matcher.FindAll(path).FirstOrDefault()?.Template;

        [Fact]
        public void LiteralSegmentsWinOverParameters()
        {
            Assert.Equal("/flows/filter", Best("/flows/filter"));
            Assert.Equal(new[] { "/flows/filter", "/flows/{id}" }, Matcher.FindAll("/flows/filter").Select(m => m.Template));
            Assert.Equal("/work_queues/name/{name}", Best("/work_queues/name/q"));
            Assert.Equal("/work_queues/{id}", Best("/work_queues/name"));
        }

        [Fact]
        public void ParametersAreExtractedAndDecoded()
        {
            var m = Matcher.FindAll("/deployments/name/my%20flow/dep").Single();
            Assert.Equal("my flow", m.Parameters["flow_name"]);
            Assert.Equal("dep", m.Parameters["deployment_name"]);
            Assert.False(m.ViaSlashRedirect);
        }

        [Fact]
        public void ParameterNeverMatchesAnEmptyOrMultipleSegments()
        {
            Assert.Equal("/flows/", Best("/flows/")); // not /flows/{id} with id ""
            Assert.Empty(Matcher.FindAll("/work_queues/a/b/status"));
        }

        [Fact]
        public void TrailingSlashIsToggledOnlyWhenNothingMatchesExactly()
        {
            var m = Matcher.FindAll("/flows").Single();
            Assert.Equal("/flows/", m.Template);
            Assert.True(m.ViaSlashRedirect);
            Assert.Equal("/flows/filter", Best("/flows/filter/"));
            Assert.True(Matcher.FindAll("/flows/filter/").First().ViaSlashRedirect);
        }

        [Fact]
        public void RootAndUnknownPaths()
        {
            Assert.Equal("/", Best("/"));
            Assert.Equal("/health", Best("/health/"));
            Assert.Empty(Matcher.FindAll("/nope"));
            Assert.Empty(Matcher.FindAll("/Flows/"));
        }
    }
}
