using System;
using System.Collections.Generic;
using Xunit;

namespace PrefectOps.Tests.CmdletContract
{
    public class Psd1ParserTests
    {
        [Fact]
        public void ReadsStringsArraysAndNestedHashtables()
        {
            var table = Psd1Parser.Parse(@"
# a comment
@{
    RootModule = 'PrefectOps.dll'   # trailing comment
    'Quoted Key' = ""double""
    Empty = @()
    Editions = @('Desktop', 'Core')
    Lines = @(
        'a'
        'b', 'c'
    )
    Number = 5.1
    Flag = $true
    PrivateData = @{
        PSData = @{ Tags = @('x'); ProjectUri = 'https://example.org' }
    }
}");
            Assert.Equal("PrefectOps.dll", table["RootModule"]);
            Assert.Equal("double", table["quoted key"]); // keys are case-insensitive
            Assert.Empty((List<object>)table["Empty"]);
            Assert.Equal(new[] { "Desktop", "Core" }, Psd1Parser.Strings(table["Editions"]));
            Assert.Equal(new[] { "a", "b", "c" }, Psd1Parser.Strings(table["Lines"]));
            Assert.Equal("5.1", table["Number"]);
            Assert.Equal("$true", table["Flag"]);
            var psData = (Dictionary<string, object>)((Dictionary<string, object>)table["PrivateData"])["PSData"];
            Assert.Equal(new[] { "x" }, Psd1Parser.Strings(psData["Tags"]));
            Assert.Equal("https://example.org", psData["ProjectUri"]);
        }

        [Fact]
        public void CommaListWithoutAtParenthesesIsAnArray()
        {
            var table = Psd1Parser.Parse("@{ CmdletsToExport = 'Get-Flow', 'Get-FlowTag'\n Other = 'x' }");
            Assert.Equal(new[] { "Get-Flow", "Get-FlowTag" }, Psd1Parser.Strings(table["CmdletsToExport"]));
            Assert.Equal("x", table["Other"]);
        }

        [Fact]
        public void NestedArrayStaysOneElement()
        {
            var table = Psd1Parser.Parse("@{ A = @( @('x', 'y'), 'z' ) }");
            var list = (List<object>)table["A"];
            Assert.Equal(2, list.Count);
            Assert.Equal(new[] { "x", "y" }, Psd1Parser.Strings(list[0]));
        }

        [Fact]
        public void QuotesAreEscapedByDoublingAndBacktick()
        {
            var table = Psd1Parser.Parse("@{ A = 'it''s'; B = \"say \"\"hi\"\" `t\" }");
            Assert.Equal("it's", table["A"]);
            Assert.Equal("say \"hi\" \t", table["B"]);
        }

        [Fact]
        public void BlockCommentsAreSkipped()
        {
            var table = Psd1Parser.Parse("<# header\n spanning lines #>\n@{ <# inline #> A = 'a' }");
            Assert.Equal("a", table["A"]);
        }

        [Theory]
        [InlineData("'not a hashtable'", "start with @{")]
        [InlineData("@{ A = 'a'", "missing }")]
        [InlineData("@{ A = 'a\n}", "unterminated string")]
        [InlineData("@{ A = 'a'\n A = 'b' }", "appears twice")]
        [InlineData("@{ A 'a' }", "expected =")]
        [InlineData("@{ A = @('a' }", "unexpected text in an array")]
        [InlineData("@{ A = @('a'", "missing )")]
        [InlineData("@{ A = \"$env:X\" }", "expansion")]
        [InlineData("@{ A = 'a' } extra", "after the closing }")]
        public void RejectsWhatItDoesNotUnderstandWithTheLine(string text, string message)
        {
            var e = Assert.Throws<FormatException>(() => Psd1Parser.Parse(text));
            Assert.Contains(message, e.Message);
            Assert.StartsWith("psd1 line ", e.Message);
        }

        [Fact]
        public void StringsAcceptsOneStringOrAnArrayOfStrings()
        {
            Assert.Equal(new[] { "a" }, Psd1Parser.Strings("a"));
            Assert.Empty(Psd1Parser.Strings(null));
            Assert.Throws<FormatException>(() => Psd1Parser.Strings(new Dictionary<string, object>()));
            Assert.Throws<FormatException>(() => Psd1Parser.Strings(new List<object> { "a", new List<object>() }));
        }
    }
}
