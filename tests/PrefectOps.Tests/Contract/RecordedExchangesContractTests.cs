using System;
using System.Collections.Generic;
using System.Linq;
using PrefectOps.Sandbox.Contract;
using Xunit;

namespace PrefectOps.Tests.Contract
{
    /// <summary>
    /// Every request recorded on the real 2.19.9 server, replayed through the 2.x contract: what the server accepted
    /// must conform, what it rejected for its body or path (422 pointing at body/path, or 404 for an unknown route)
    /// must not.
    /// </summary>
    public class RecordedExchangesContractTests
    {
        /// <summary>
        /// Rejected by the real server, yet valid per its own document: the checks live in pydantic validators the
        /// OpenAPI schema cannot express. Listed so the gap is visible; the test asserts they still pass the contract.
        /// </summary>
        private static readonly Dictionary<string, string> RejectedButDocumentAllows = new Dictionary<string, string>
        {
            ["negative concurrency_limit"] = "WorkQueueUpdate.concurrency_limit is plain integer in the 2.x document; the server's conint(ge=0) is not in it (3.x documents minimum: 0)",
            ["create deployment invalid cron"] = "cron syntax is checked by a CronSchedule validator; the schema says string",
            ["create deployment invalid timezone"] = "timezone is checked against tzdata by a validator; the 2.x schema says string (3.x has the tz list only on RRuleSchedule)",
        };

        /// <summary>Exchanges recorded without a `METHOD /path` line, so they cannot be replayed; covered by their own tests.</summary>
        private static readonly Dictionary<string, string> NotReplayable = new Dictionary<string, string>
        {
            ["invalid JSON body"] = "OpenApiContractTests.BodyThatIsNotJsonIsAViolation",
        };

        public static IEnumerable<object[]> Replayable() =>
            RecordedExchanges.ForPrefect2.Where(e => e.Method != null).Select(e => new object[] { e.Index, e.Title });

        [Theory]
        [MemberData(nameof(Replayable))]
        public void RecordedRequestAgreesWithTheRealServer(int index, string title)
        {
            var exchange = RecordedExchanges.ForPrefect2[index];
            Assert.Equal(title, exchange.Title);
            var violations = OpenApiContract.ForMajorVersion(2).Validate(exchange.Method!, exchange.Path!, null, exchange.RequestBody);

            if (RejectedButDocumentAllows.ContainsKey(title))
            {
                Assert.True(violations.Count == 0,
                    $"'{title}' is listed as rejected-by-server-but-allowed-by-document, but now has violations; update the list:\n" +
                    string.Join("\n", violations));
                return;
            }

            if (RejectedForBodyOrPath(exchange, out var why))
                Assert.True(violations.Count > 0, $"'{title}' ({exchange}) was rejected by the real server ({why}) but conforms to the contract.");
            else
                Assert.True(violations.Count == 0,
                    $"'{title}' ({exchange}) was accepted by the real server's validation but the contract reports:\n" + string.Join("\n", violations));
        }

        [Fact]
        public void ExchangesFileParsesAndOnlyTheKnownOnesCannotBeReplayed()
        {
            var all = RecordedExchanges.ForPrefect2;
            Assert.True(all.Count > 100, $"expected the recorded exchanges, parsed {all.Count}");
            Assert.All(all.Where(e => e.Method != null), e => Assert.True(e.Status != null, $"'{e.Title}' has no status"));
            Assert.Equal(NotReplayable.Keys.OrderBy(k => k), all.Where(e => e.Method == null).Select(e => e.Title).OrderBy(k => k));
            // The replay must cover both outcomes, or it would prove little.
            Assert.Contains(all, e => e.Method != null && RejectedForBodyOrPath(e, out _));
            Assert.Contains(all, e => e.Status == 422 && !RejectedForBodyOrPath(e, out _)); // limit: 999, multiple schedules
        }

        [Fact]
        public void ListedGapsAreStillRecorded()
        {
            var titles = RecordedExchanges.ForPrefect2.Select(e => e.Title).ToHashSet();
            Assert.All(RejectedButDocumentAllows.Keys, t => Assert.Contains(t, titles));
        }

        /// <summary>
        /// 422 from FastAPI's request validation (exception_detail with loc body/path), or the router's own 404
        /// ({"detail": "Not Found"}). Handler-level 422s (limit: 999, multiple schedules) and 404s for unknown ids
        /// passed validation.
        /// </summary>
        private static bool RejectedForBodyOrPath(RecordedExchange e, out string why)
        {
            var locations = RecordedExchanges.RejectedLocations(e);
            if (e.Status == 422 && (locations.Contains("body") || locations.Contains("path")))
            {
                why = "422 at " + string.Join(", ", locations);
                return true;
            }
            if (e.Status == 404 && (string?)e.Response?["detail"] == "Not Found")
            {
                why = "404 Not Found: no such route";
                return true;
            }
            why = "";
            return false;
        }
    }
}
