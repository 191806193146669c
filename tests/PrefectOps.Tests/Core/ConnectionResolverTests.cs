using System;
using System.Collections.Generic;
using System.IO;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Errors;
using Xunit;

namespace PrefectOps.Tests.Core
{
    /// <summary>Where the URL and key come from without Connect-Prefect: environment, then profiles.toml, then the default.</summary>
    public sealed class ConnectionResolverTests : IDisposable
    {
        private readonly string _home = Path.Combine(Path.GetTempPath(), "prefectops-home-" + Guid.NewGuid().ToString("N"));
        private readonly Dictionary<string, string> _env = new Dictionary<string, string>();

        public ConnectionResolverTests() => Directory.CreateDirectory(_home);

        public void Dispose() => Directory.Delete(_home, recursive: true);

        private ConnectionResolver Resolver => new ConnectionResolver(name => _env.TryGetValue(name, out var v) ? v : null, () => _home);

        private void WriteProfiles(string text, string? prefectHome = null)
        {
            string dir = prefectHome ?? Path.Combine(_home, ".prefect");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "profiles.toml"), text);
        }

        [Fact]
        public void Nothing_configured_gives_the_local_server_default()
        {
            var settings = Resolver.Resolve();
            Assert.Equal("http://127.0.0.1:4200/api", settings.ApiUrl.AbsoluteUri);
            Assert.Equal(ConnectionSource.Default, settings.Source);
            Assert.Null(settings.ApiKey);
        }

        [Fact]
        public void Environment_wins_over_the_profile()
        {
            WriteProfiles("active = \"default\"\n[profiles.default]\nPREFECT_API_URL = \"http://profile:4200/api\"\n");
            _env["PREFECT_API_URL"] = "http://env-host:4200/api/";
            var settings = Resolver.Resolve();
            Assert.Equal("http://env-host:4200/api", settings.ApiUrl.AbsoluteUri.TrimEnd('/'));
            Assert.Equal(ConnectionSource.Environment, settings.Source);
        }

        [Fact]
        public void Active_profile_gives_url_and_key_and_PREFECT_PROFILE_overrides_active()
        {
            WriteProfiles(@"
active = 'local'   # the one prefect profile use set
[profiles.local]
PREFECT_API_URL = ""http://127.0.0.1:4200/api""

[profiles.""cloud""]
PREFECT_API_URL = ""https://api.prefect.cloud/api/accounts/a1/workspaces/w1""
PREFECT_API_KEY = ""pnu_secret""
");
            var local = Resolver.Resolve();
            Assert.Equal(ConnectionSource.Profile, local.Source);
            Assert.Equal("local", local.ProfileName);
            Assert.Null(local.ApiKey);

            _env["PREFECT_PROFILE"] = "cloud";
            var cloud = Resolver.Resolve();
            Assert.Equal("https://api.prefect.cloud/api/accounts/a1/workspaces/w1", cloud.ApiUrl.AbsoluteUri);
            Assert.NotNull(cloud.ApiKey);
            Assert.DoesNotContain("pnu_secret", cloud.ToString());
            Assert.Equal("********", cloud.ApiKey!.ToString());
        }

        [Fact]
        public void Key_from_the_environment_combines_with_url_from_the_profile()
        {
            WriteProfiles("active = \"p\"\n[profiles.p]\nPREFECT_API_URL = \"http://p:4200/api\"\nPREFECT_API_KEY = \"from-profile\"\n");
            _env["PREFECT_API_KEY"] = "from-env";
            var settings = Resolver.Resolve();
            Assert.Equal("http://p:4200/api", settings.ApiUrl.AbsoluteUri);
            Assert.Equal("from-env", settings.ApiKey!.Reveal());
        }

        [Fact]
        public void PREFECT_HOME_moves_the_profiles_file()
        {
            string elsewhere = Path.Combine(_home, "custom-home");
            WriteProfiles("[profiles.default]\nPREFECT_API_URL = \"http://custom:4200/api\"\n", elsewhere);
            _env["PREFECT_HOME"] = elsewhere;
            Assert.Equal("http://custom:4200/api", Resolver.Resolve().ApiUrl.AbsoluteUri);
        }

        [Fact]
        public void An_unreadable_profiles_file_is_a_clear_error_naming_it()
        {
            WriteProfiles("[profiles.default\nPREFECT_API_URL = ");
            var ex = Assert.Throws<PrefectException>(() => Resolver.Resolve());
            Assert.Equal(ErrorIds.ProfileUnreadable, ex.ErrorId);
            Assert.Contains("profiles.toml", ex.Message);
        }

        [Fact]
        public void A_PREFECT_PROFILE_that_does_not_exist_is_an_error()
        {
            WriteProfiles("[profiles.default]\nPREFECT_API_URL = \"http://x:4200/api\"\n");
            _env["PREFECT_PROFILE"] = "nope";
            var ex = Assert.Throws<PrefectException>(() => Resolver.Resolve());
            Assert.Equal(ErrorIds.ProfileUnreadable, ex.ErrorId);
            Assert.Contains("'nope'", ex.Message);
        }

        [Theory]
        [InlineData("127.0.0.1:4200/api")]
        [InlineData("ftp://host/api")]
        [InlineData("   ")]
        [InlineData("http://user:pass@host/api")]
        public void Bad_urls_are_refused_before_any_request(string url)
        {
            var ex = Assert.Throws<PrefectException>(() => ConnectionSettings.ParseApiUrl(url));
            Assert.Equal(ErrorIds.InvalidApiUrl, ex.ErrorId);
            Assert.DoesNotContain("pass", ex.Message.Replace("pass the key", ""));
        }
    }
}
