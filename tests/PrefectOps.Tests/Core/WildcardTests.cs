using PrefectOps.Core.Util;
using Xunit;

namespace PrefectOps.Tests.Core
{
    public sealed class WildcardTests
    {
        [Theory]
        [InlineData("nightly-*", "nightly-etl", true)]
        [InlineData("nightly-*", "NIGHTLY-ETL", true)]
        [InlineData("nightly-*", "hourly-etl", false)]
        [InlineData("*etl", "etl-flow/nightly-etl", true)]
        [InlineData("server-?rod", "server-prod", true)]
        [InlineData("server-[pd]*", "server-dev", true)]
        [InlineData("server-[a-c]*", "server-dev", false)]
        [InlineData("a`*b", "a*b", true)]
        [InlineData("a`*b", "axb", false)]
        [InlineData("x.y", "xzy", false)]
        [InlineData("[unclosed", "[unclosed", true)]
        public void Matches_like_PowerShell(string pattern, string text, bool expected) =>
            Assert.Equal(expected, new Wildcard(pattern).IsMatch(text));

        [Theory]
        [InlineData("plain", false)]
        [InlineData("a*", true)]
        [InlineData("a?", true)]
        [InlineData("[a]", true)]
        [InlineData("a`*", false)]
        public void Knows_a_wildcard_when_it_sees_one(string text, bool expected) =>
            Assert.Equal(expected, Wildcard.ContainsWildcard(text));
    }
}
