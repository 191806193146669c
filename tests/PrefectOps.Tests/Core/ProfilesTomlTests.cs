using System;
using System.IO;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Errors;
using Tomlyn.Model;
using Xunit;

namespace PrefectOps.Tests.Core
{
    /// <summary>
    /// profiles.toml as Prefect writes it (`toml.dumps` of `{"active": ..., "profiles": {name: {SETTING: str(value)}}}`,
    /// settings/profiles.py) and as people edit it, read with Tomlyn.
    /// </summary>
    public sealed class ProfilesTomlTests
    {
        // Every construct the `toml` package's dumps writes for that dict: `active` as a basic string; an empty
        // [profiles] header when there are no settings tables under it; [profiles.<name>] per profile, the name quoted
        // when it is not a bare key; an empty table for a profile without settings; values as basic strings with
        // Python-repr escapes (\", \\, \n, \t, \u00XX for other control characters) and non-ASCII kept as is.
        private const string WrittenByPrefect =
            "active = \"team.prod\"\n" +
            "\n" +
            "[profiles.default]\n" +
            "PREFECT_API_URL = \"http://127.0.0.1:4200/api\"\n" +
            "\n" +
            "[profiles.empty]\n" +
            "\n" +
            "[profiles.\"team.prod\"]\n" +
            "PREFECT_API_URL = \"https://prefect.example.com/api\"\n" +
            "PREFECT_API_AUTH_STRING = \"admin:p\\\"a\\\\ss\\u0007\"\n" +
            "PREFECT_CLIENT_CUSTOM_HEADERS = \"{\\\"X-Gateway\\\": \\\"équipe\\\"}\"\n" +
            "PREFECT_API_TLS_INSECURE_SKIP_VERIFY = \"True\"\n" +
            "PREFECT_CLIENT_RETRY_EXTRA_CODES = \"{500, 404}\"\n" +
            "NOTE = \"line one\\nline\\ttwo\"\n";

        [Fact]
        public void Reads_everything_Prefects_writer_produces()
        {
            var toml = ProfilesToml.Parse(WrittenByPrefect);
            Assert.Equal("team.prod", toml.Active);
            Assert.Equal(new[] { "default", "empty", "team.prod" }, new System.Collections.Generic.SortedSet<string>(toml.Profiles.Keys));
            Assert.Empty(toml.Profiles["empty"]);
            var prod = toml.Profiles["team.prod"];
            Assert.Equal("admin:p\"a\\ss\u0007", prod["PREFECT_API_AUTH_STRING"]);
            Assert.Equal("{\"X-Gateway\": \"équipe\"}", prod["PREFECT_CLIENT_CUSTOM_HEADERS"]);
            Assert.Equal("line one\nline\ttwo", prod["NOTE"]);
        }

        [Fact]
        public void An_empty_collection_is_an_empty_profiles_table()
        {
            var toml = ProfilesToml.Parse("[profiles]\n");
            Assert.Null(toml.Active);
            Assert.Empty(toml.Profiles);
        }

        [Fact]
        public void Hand_edited_files_keep_their_TOML_types()
        {
            var toml = ProfilesToml.Parse(@"
# edited by hand
active = 'local'   # literal string
[profiles.local]
PREFECT_API_URL = '''
http://127.0.0.1:4200/api'''
PREFECT_CLIENT_MAX_RETRIES = 3
PREFECT_API_REQUEST_TIMEOUT = 12.5
PREFECT_API_TLS_INSECURE_SKIP_VERIFY = false
PREFECT_CLIENT_RETRY_EXTRA_CODES = [500, 504]
PREFECT_CLIENT_CUSTOM_HEADERS = { X-Gateway = ""dba"" }
NOTE = """"""
two
lines""""""
profiles.local.DOTTED = ""x""
");
            var local = toml.Profiles["local"];
            Assert.Equal("http://127.0.0.1:4200/api", local["PREFECT_API_URL"]);
            Assert.Equal(3L, local["PREFECT_CLIENT_MAX_RETRIES"]);
            Assert.Equal(12.5, local["PREFECT_API_REQUEST_TIMEOUT"]);
            Assert.Equal(false, local["PREFECT_API_TLS_INSECURE_SKIP_VERIFY"]);
            Assert.IsType<TomlArray>(local["PREFECT_CLIENT_RETRY_EXTRA_CODES"]);
            Assert.IsType<TomlTable>(local["PREFECT_CLIENT_CUSTOM_HEADERS"]);
            Assert.Equal("two\nlines", local["NOTE"]);
        }

        [Theory]
        [InlineData("[profiles.default\nPREFECT_API_URL = ")]
        [InlineData("this is not toml at all")]
        [InlineData("active = \"a\"\nactive = \"b\"\n")]
        public void A_file_that_is_not_TOML_is_a_FormatException_with_its_place(string text)
        {
            var ex = Assert.Throws<FormatException>(() => ProfilesToml.Parse(text));
            Assert.Matches(@"\(\d+,\d+\)|line \d+", ex.Message);
        }

        [Theory]
        [InlineData("active = 3\n")]
        [InlineData("profiles = \"x\"\n")]
        [InlineData("[profiles]\ndev = \"x\"\n")]
        public void A_TOML_file_that_is_not_shaped_like_a_profiles_file_is_a_FormatException(string text) =>
            Assert.Throws<FormatException>(() => ProfilesToml.Parse(text));

        [Fact]
        public void The_resolver_turns_a_broken_file_into_ProfileUnreadable_naming_it()
        {
            string home = Path.Combine(Path.GetTempPath(), "prefectops-home-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(home);
            try
            {
                File.WriteAllText(Path.Combine(home, "profiles.toml"), "active = \"dev\"\n[profiles.dev]\nPREFECT_API_URL = \"\"\"unterminated\n");
                var resolver = new ConnectionResolver(name => name == "PREFECT_HOME" ? home : null, () => home);
                var ex = Assert.Throws<PrefectException>(() => resolver.Resolve());
                Assert.Equal(ErrorIds.ProfileUnreadable, ex.ErrorId);
                Assert.Contains("profiles.toml", ex.Message);
            }
            finally { Directory.Delete(home, true); }
        }
    }
}
