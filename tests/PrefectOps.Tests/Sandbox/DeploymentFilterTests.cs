using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using Xunit;

namespace PrefectOps.Tests.Sandbox
{
    /// <summary>Filters, sorting, the 200 limit and paging over 1,000+ deployments.</summary>
    public sealed class DeploymentFilter2Tests : SandboxTestBase<Prefect2Sandbox>, IClassFixture<Prefect2Sandbox>
    {
        public DeploymentFilter2Tests(Prefect2Sandbox f) : base(f) { }

        [Fact]
        public async Task Paging_1050_deployments_by_200()
        {
            var tag = SandboxFixture.Unique("bulk");
            var flow = await F.FlowAsync();
            var tasks = Enumerable.Range(0, 1050).Select(i => F.OkAsync("POST", "/deployments/", new JObject
            {
                ["name"] = $"d{i:D4}", ["flow_id"] = flow, ["tags"] = new JArray(tag, i % 2 == 0 ? "even" : "odd"),
            }));
            await Task.WhenAll(tasks);
            var seen = new List<string>();
            for (int offset = 0; ; offset += 200)
            {
                var page = (JArray)await F.OkAsync("POST", "/deployments/filter", new JObject
                {
                    ["deployments"] = new JObject { ["tags"] = new JObject { ["all_"] = new JArray(tag) } }, ["sort"] = "NAME_ASC", ["limit"] = 200, ["offset"] = offset,
                });
                seen.AddRange(page.Select(d => (string)d["name"]!));
                if (page.Count < 200) break;
            }
            Assert.Equal(1050, seen.Count);
            Assert.Equal(seen.OrderBy(x => x, StringComparer.Ordinal), seen);
            Assert.Equal(1050, (int)await F.OkAsync("POST", "/deployments/count", new JObject { ["deployments"] = new JObject { ["tags"] = new JObject { ["all_"] = new JArray(tag) } } }));
            Assert.Equal(525, (int)await F.OkAsync("POST", "/deployments/count", new JObject { ["deployments"] = new JObject { ["tags"] = new JObject { ["all_"] = new JArray(tag, "even") } } }));
            var (s, j) = await F.SendAsync("POST", "/deployments/filter", new { limit = 201 });
            Assert.Equal((422, "Invalid limit: must be less than or equal to 200."), (s, (string)j!["detail"]!));
        }

        [Fact]
        public async Task Tag_flow_and_state_filters()
        {
            var tag = SandboxFixture.Unique("t");
            var flowName = SandboxFixture.Unique("flow");
            var flow = await F.FlowAsync(flowName);
            await F.DeploymentAsync(flow, new JObject { ["name"] = "b", ["tags"] = new JArray(tag, "nightly") });
            await F.DeploymentAsync(flow, new JObject { ["name"] = "a", ["tags"] = new JArray(tag), ["paused"] = true });
            var all = (JArray)await F.OkAsync("POST", "/deployments/filter", new JObject { ["deployments"] = new JObject { ["tags"] = new JObject { ["all_"] = new JArray(tag) } } });
            Assert.Equal(new[] { "a", "b" }, all.Select(d => (string)d["name"]!));
            var paused = (JArray)await F.OkAsync("POST", "/deployments/filter", new JObject
            {
                ["deployments"] = new JObject { ["tags"] = new JObject { ["all_"] = new JArray(tag) }, ["paused"] = new JObject { ["eq_"] = true } },
            });
            Assert.Equal("a", (string)paused.Single()["name"]!);
            var byFlow = (JArray)await F.OkAsync("POST", "/deployments/filter", new JObject { ["flows"] = new JObject { ["name"] = new JObject { ["any_"] = new JArray(flowName) } }, ["sort"] = "NAME_DESC" });
            Assert.Equal(new[] { "b", "a" }, byFlow.Select(d => (string)d["name"]!));
            var flows = (JArray)await F.OkAsync("POST", "/flows/filter", new JObject { ["deployments"] = new JObject { ["tags"] = new JObject { ["all_"] = new JArray(tag, "nightly") } } });
            Assert.Equal(flowName, (string)flows.Single()["name"]!);
        }

        /// <summary>Prefect applies `deployments` to flows as EXISTS: flows with at least one matching deployment.</summary>
        [Fact]
        public async Task Flows_by_their_deployments()
        {
            var tag = SandboxFixture.Unique("t");
            var twice = await F.FlowAsync(SandboxFixture.Unique("a-twice"));
            var once = await F.FlowAsync(SandboxFixture.Unique("b-once"));
            var untagged = await F.FlowAsync(SandboxFixture.Unique("c-untagged"));
            var bare = await F.FlowAsync(SandboxFixture.Unique("d-bare"));
            await F.DeploymentAsync(twice, new JObject { ["tags"] = new JArray(tag) });
            await F.DeploymentAsync(twice, new JObject { ["tags"] = new JArray(tag) });
            await F.DeploymentAsync(once, new JObject { ["tags"] = new JArray(tag, "x") });
            await F.DeploymentAsync(untagged, new JObject());
            var byTag = new JObject { ["deployments"] = new JObject { ["tags"] = new JObject { ["all_"] = new JArray(tag) } } };

            var tagged = (JArray)await F.OkAsync("POST", "/flows/filter", byTag);
            Assert.Equal(new[] { twice, once }, tagged.Select(f => (string)f["id"]!));
            Assert.Equal(2, (int)await F.OkAsync("POST", "/flows/count", byTag));
            // An empty deployment filter still asks for a deployment: the flow without one is not listed.
            var withAny = ((JArray)await F.OkAsync("POST", "/flows/filter", new JObject { ["deployments"] = new JObject(), ["limit"] = 200 }))
                .Select(f => (string)f["id"]!).ToList();
            Assert.Contains(untagged, withAny);
            Assert.DoesNotContain(bare, withAny);
        }

        /// <summary>Listings are served from JSON kept between writes; a write must show in the next listing.</summary>
        [Fact]
        public async Task A_listing_shows_every_change_since_the_last()
        {
            var tag = SandboxFixture.Unique("t");
            var d = await F.DeploymentAsync(await F.FlowAsync(), new JObject { ["tags"] = new JArray(tag) });
            var byTag = new JObject { ["deployments"] = new JObject { ["tags"] = new JObject { ["all_"] = new JArray(tag) } } };
            Assert.False((bool)((JArray)await F.OkAsync("POST", "/deployments/filter", byTag)).Single()["paused"]!);

            await F.OkAsync("PATCH", $"/deployments/{d["id"]}", new JObject { ["paused"] = true, ["tags"] = new JArray(tag, "later") });

            var after = ((JArray)await F.OkAsync("POST", "/deployments/filter", byTag)).Single();
            Assert.True((bool)after["paused"]!);
            Assert.Equal(new[] { tag, "later" }, after["tags"]!.Select(t => (string)t!));
        }

        [Fact]
        public async Task Any_tag_filter_is_a_422_on_2x()
        {
            ExpectViolations = true;
            var (s, j) = await F.SendAsync("POST", "/deployments/filter", new JObject { ["deployments"] = new JObject { ["tags"] = new JObject { ["any_"] = new JArray("dev") } } });
            Assert.Equal(422, s);
            // As recorded on the real 2.19.9: the loc names the unknown field.
            Assert.Equal(new JArray("body", "deployments", "tags", "any_"), j!["exception_detail"]![0]!["loc"]);
        }
    }

    public sealed class DeploymentFilter3Tests : SandboxTestBase<Prefect3Sandbox>, IClassFixture<Prefect3Sandbox>
    {
        public DeploymentFilter3Tests(Prefect3Sandbox f) : base(f) { }

        [Fact]
        public async Task Any_tag_filter_and_3x_shape()
        {
            var tag = SandboxFixture.Unique("t");
            var flow = await F.FlowAsync();
            await F.DeploymentAsync(flow, new JObject { ["name"] = "x", ["tags"] = new JArray(tag) });
            var found = (JArray)await F.OkAsync("POST", "/deployments/filter", new JObject { ["deployments"] = new JObject { ["tags"] = new JObject { ["any_"] = new JArray(tag, "nothing") } } });
            var d = (JObject)found.Single();
            Assert.Null(d["is_schedule_active"]);
            Assert.NotNull(d["paused"]);
            Assert.NotNull(d["status"]);
            Assert.Equal("3.8.0", (string?)await F.OkAsync("GET", "/version"));
            Assert.Equal("3.8.0", (string?)await F.OkAsync("GET", "/admin/version"));
            Assert.True((bool)await F.OkAsync("GET", "/health"));
        }
    }
}
