using System.IO;
using System.Linq;
using Newtonsoft.Json.Linq;
using PrefectOps.Sandbox.Contract;
using Xunit;

namespace PrefectOps.Tests.Contract
{
    /// <summary>
    /// Every keyword and format used by the real documents is either enforced or ignored for a stated reason, so a
    /// newer document cannot bring a constraint the validator silently skips.
    /// </summary>
    public class SchemaKeywordCoverageTests
    {
        public static TheoryData<int> Majors => new TheoryData<int> { 2, 3 };

        private static JObject Document(int major) => JObject.Parse(File.ReadAllText(SharedApiDocs.OpenApiDocumentPath(major)));

        [Theory]
        [MemberData(nameof(Majors))]
        public void EveryKeywordIsSupportedOrIgnoredOnPurpose(int major)
        {
            var used = SchemaKeywords.UsedIn(Document(major));
            Assert.Contains("$ref", used.Keys); // the walk did reach the schemas
            var unknown = used.Keys.Where(k => !SchemaKeywords.Supported.Contains(k) && !SchemaKeywords.Ignored.ContainsKey(k))
                .OrderBy(k => k).Select(k => $"{k} ({used[k]} uses)").ToList();
            Assert.True(unknown.Count == 0, $"prefect{major} document uses keywords neither supported nor ignored: {string.Join(", ", unknown)}");
        }

        [Theory]
        [MemberData(nameof(Majors))]
        public void EveryFormatIsCheckedOrIgnoredOnPurpose(int major)
        {
            var unknown = SchemaKeywords.FormatsUsedIn(Document(major))
                .Where(f => !SchemaKeywords.CheckedFormats.Contains(f) && !SchemaKeywords.IgnoredFormats.ContainsKey(f))
                .OrderBy(f => f).ToList();
            Assert.True(unknown.Count == 0, $"prefect{major} document uses formats neither checked nor ignored: {string.Join(", ", unknown)}");
        }

        [Fact]
        public void IgnoredKeywordsHaveReasonsAndAreNotAlsoSupported()
        {
            Assert.All(SchemaKeywords.Ignored, kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value), kv.Key));
            Assert.Empty(SchemaKeywords.Ignored.Keys.Intersect(SchemaKeywords.Supported));
            Assert.Empty(SchemaKeywords.IgnoredFormats.Keys.Intersect(SchemaKeywords.CheckedFormats));
        }

        [Fact]
        public void TheWalkSeesKeywordsNotPropertyNamesOrData()
        {
            var doc = JObject.Parse(@"{""components"":{""schemas"":{""X"":{""type"":""object"",
                ""properties"":{""title"":{""type"":""string"",""notAKeywordEither"":1}},
                ""default"":{""weird"":1},""enum"":[{""inside"":1}],
                ""items"":[{""tupleKeyword"":1}]}}}}");
            var used = SchemaKeywords.UsedIn(doc);
            Assert.Equal(new[] { "default", "enum", "items", "notAKeywordEither", "properties", "tupleKeyword", "type" }, used.Keys.OrderBy(k => k, System.StringComparer.Ordinal));
            Assert.Equal(2, used["type"]);
        }
    }
}
