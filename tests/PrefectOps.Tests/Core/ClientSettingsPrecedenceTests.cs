using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Errors;
using Xunit;

namespace PrefectOps.Tests.Core
{
    /// <summary>
    /// Every client setting, one by one: the Connect-Prefect parameter wins over the environment, the environment over
    /// the active profile, the profile over the default; and -PassThru's Settings says where each came from.
    /// </summary>
    public sealed class ClientSettingsPrecedenceTests : IDisposable
    {
        private readonly string _home = Path.Combine(Path.GetTempPath(), "prefectops-home-" + Guid.NewGuid().ToString("N"));
        private readonly Dictionary<string, string> _env = new Dictionary<string, string>();

        public ClientSettingsPrecedenceTests() => Directory.CreateDirectory(Path.Combine(_home, ".prefect"));

        public void Dispose() => Directory.Delete(_home, recursive: true);

        private ConnectionSettings Resolve(ConnectionOverrides? given = null) =>
            new ConnectionResolver(name => _env.TryGetValue(name, out var v) ? v : null, () => _home).Resolve(given);

        private void Profile(string settingLine) =>
            File.WriteAllText(Path.Combine(_home, ".prefect", "profiles.toml"), "active = \"dev\"\n[profiles.dev]\n" + settingLine + "\n");

        /// <summary>One setting: how to set it in each place, and what the resolved connection then holds.</summary>
        public sealed class Case
        {
            public Case(string name, Func<ConnectionSettings, string> read, string defaultValue, string envText, string envValue,
                string profileToml, string profileValue, Action<ConnectionOverrides>? parameter = null, string? parameterValue = null)
            {
                Name = name; Read = read; Default = defaultValue; EnvText = envText; EnvValue = envValue;
                ProfileToml = profileToml; ProfileValue = profileValue; Parameter = parameter; ParameterValue = parameterValue;
            }

            public string Name { get; }
            public Func<ConnectionSettings, string> Read { get; }
            public string Default { get; }
            public string EnvText { get; }
            public string EnvValue { get; }
            public string ProfileToml { get; }
            public string ProfileValue { get; }
            public Action<ConnectionOverrides>? Parameter { get; }
            public string? ParameterValue { get; }
            public override string ToString() => Name;
        }

        private static string Secret(Secret? s) => s == null ? "none" : s.Reveal();

        private static readonly Case[] Cases =
        {
            new Case(SettingNames.ApiUrl, s => s.ApiUrl.AbsoluteUri, "http://127.0.0.1:4200/api",
                "http://env:4200/api", "http://env:4200/api", "\"http://profile:4200/api\"", "http://profile:4200/api",
                g => g.ApiUrl = "http://param:4200/api", "http://param:4200/api"),
            new Case(SettingNames.AuthString, s => Secret(s.AuthString), "none", "env:pass", "env:pass", "\"profile:pass\"", "profile:pass",
                g => g.AuthString = new AuthString("param:pass"), "param:pass"),
            new Case(SettingNames.ApiKey, s => Secret(s.ApiKey), "none", "pnu_env", "pnu_env", "\"pnu_profile\"", "pnu_profile",
                g => g.ApiKey = new ApiKey("pnu_param"), "pnu_param"),
            new Case(SettingNames.CustomHeaders, s => string.Join(";", s.Http.ExtraHeaders.Select(h => $"{h.Key}={h.Value}")), "",
                "{\"X-Gateway\": \"env\"}", "X-Gateway=env", "{ X-Gateway = \"profile\" }", "X-Gateway=profile",
                g => g.Headers = new Dictionary<string, string> { ["X-Gateway"] = "param" }, "X-Gateway=param"),
            new Case(SettingNames.CsrfSupportEnabled, s => s.Http.CsrfSupport.ToString(), "True", "false", "False", "\"False\"", "False"),
            new Case(SettingNames.TlsInsecureSkipVerify, s => s.Http.SkipCertificateCheck.ToString(), "False", "1", "True", "true", "True",
                g => g.SkipCertificateCheck = false, "False"),
            new Case(SettingNames.RequestTimeout, s => s.Http.RequestTimeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "60",
                "12.5", "12.5", "\"45\"", "45", g => g.TimeoutSeconds = 90, "90"),
            new Case(SettingNames.MaxRetries, s => s.Http.MaxAttempts.ToString(), "5", "0", "1", "3", "4", g => g.MaxAttempts = 7, "7"),
            new Case(SettingNames.RetryExtraCodes, s => string.Join(",", s.Http.RetryExtraCodes.OrderBy(c => c)), "",
                "520, 404", "404,520", "[500, 521]", "500,521"),
            new Case(SettingNames.RetryJitterFactor, s => s.Http.JitterFactor?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "PrefectOps",
                "PrefectOps", "0", "0", "0.5", "0.5"),
        };

        public static TheoryData<Case> All()
        {
            var data = new TheoryData<Case>();
            foreach (var c in Cases) data.Add(c);
            return data;
        }

        [Theory]
        [MemberData(nameof(All))]
        public void Parameter_then_environment_then_profile_then_default(Case c)
        {
            var settings = Resolve();
            Assert.Equal(c.Default, c.Read(settings));
            Assert.Equal(ConnectionSource.Default, OriginOf(settings, c.Name).Source);

            Profile($"{c.Name} = {c.ProfileToml}");
            settings = Resolve();
            Assert.Equal(c.ProfileValue, c.Read(settings));
            Assert.Equal("profile 'dev'", OriginOf(settings, c.Name).From);

            _env[c.Name] = c.EnvText;
            settings = Resolve();
            Assert.Equal(c.EnvValue, c.Read(settings));
            Assert.Equal(ConnectionSource.Environment, OriginOf(settings, c.Name).Source);

            if (c.Parameter == null) return;
            var given = new ConnectionOverrides();
            c.Parameter(given);
            // Credentials and headers follow the URL: give the URL the environment names, so they are taken from there too.
            if (c.Name != SettingNames.ApiUrl) given.ApiUrl = settings.ApiUrl.AbsoluteUri;
            settings = Resolve(given);
            Assert.Equal(c.ParameterValue, c.Read(settings));
            Assert.Equal(ConnectionSource.Explicit, OriginOf(settings, c.Name).Source);
        }

        private static SettingOrigin OriginOf(ConnectionSettings settings, string name) => settings.Origins.Single(o => o.Name == name);

        [Fact]
        public void Secrets_and_header_values_never_show_in_the_origins()
        {
            _env[SettingNames.AuthString] = "admin:TOPSECRET";
            _env[SettingNames.ApiKey] = "pnu_TOPSECRET";
            _env[SettingNames.CustomHeaders] = "{\"X-Gateway-Token\": \"TOPSECRET\"}";
            var settings = Resolve();
            Assert.Equal("(set)", OriginOf(settings, SettingNames.AuthString).Value);
            Assert.Equal("X-Gateway-Token", OriginOf(settings, SettingNames.CustomHeaders).Value);
            Assert.All(settings.Origins, o => Assert.DoesNotContain("TOPSECRET", o.ToString()));
            Assert.DoesNotContain("TOPSECRET", settings.ToString());
        }

        [Fact]
        public void Credentials_and_headers_of_the_environment_are_not_sent_to_another_server_named_by_ApiUrl()
        {
            _env[SettingNames.ApiUrl] = "http://prefect.internal:4200/api";
            _env[SettingNames.AuthString] = "admin:pass";
            _env[SettingNames.ApiKey] = "pnu_key";
            _env[SettingNames.CustomHeaders] = "{\"X-Gateway\": \"team\"}";
            _env[SettingNames.RequestTimeout] = "12";

            var other = Resolve(new ConnectionOverrides { ApiUrl = "http://elsewhere:4200/api" });
            Assert.Null(other.AuthString);
            Assert.Null(other.ApiKey);
            Assert.Empty(other.Http.ExtraHeaders);
            Assert.Contains("not taken", OriginOf(other, SettingNames.AuthString).From);
            // Settings that are not about the server still apply.
            Assert.Equal(TimeSpan.FromSeconds(12), other.Http.RequestTimeout);

            var same = Resolve(new ConnectionOverrides { ApiUrl = "http://prefect.internal:4200/api/" });
            Assert.Equal("admin:pass", same.AuthString!.Reveal());
            Assert.Equal("team", same.Http.ExtraHeaders["X-Gateway"]);
        }

        [Fact]
        public void The_auth_string_is_the_credential_sent_when_both_are_set_as_in_Prefect()
        {
            _env[SettingNames.AuthString] = "admin:pass";
            _env[SettingNames.ApiKey] = "pnu_key";
            Assert.IsType<AuthString>(Resolve().Credential);
        }

        [Fact]
        public void SSL_CERT_FILE_is_the_default_of_PREFECT_API_SSL_CERT_FILE()
        {
            using var certificates = new PrefectOps.Tests.Integration.TestCertificates();
            _env[SettingNames.SystemSslCertFile] = certificates.AuthorityPem;
            var settings = Resolve();
            Assert.Single(settings.Http.TrustedCertificates!);
            var origin = OriginOf(settings, SettingNames.SslCertFile);
            Assert.Equal(ConnectionSource.Default, origin.Source);
            Assert.Equal("SSL_CERT_FILE", origin.From);

            _env[SettingNames.SslCertFile] = certificates.OtherAuthorityPem;
            Assert.Equal(ConnectionSource.Environment, OriginOf(Resolve(), SettingNames.SslCertFile).Source);
        }

        [Fact]
        public void A_certificate_file_that_is_not_one_is_an_error_naming_the_setting_and_the_file()
        {
            using var certificates = new PrefectOps.Tests.Integration.TestCertificates();
            _env[SettingNames.SslCertFile] = certificates.NotACertificate;
            var ex = Assert.Throws<PrefectException>(() => Resolve());
            Assert.Equal(ErrorIds.InvalidSetting, ex.ErrorId);
            Assert.Contains(SettingNames.SslCertFile, ex.Message);
            Assert.Contains(certificates.NotACertificate, ex.Message);
        }

        [Theory]
        [InlineData(SettingNames.MaxRetries, "-1")]
        [InlineData(SettingNames.MaxRetries, "three")]
        [InlineData(SettingNames.RequestTimeout, "0")]
        [InlineData(SettingNames.RetryExtraCodes, "404,abc")]
        [InlineData(SettingNames.RetryExtraCodes, "99")]
        [InlineData(SettingNames.RetryJitterFactor, "-0.1")]
        [InlineData(SettingNames.CsrfSupportEnabled, "maybe")]
        [InlineData(SettingNames.CustomHeaders, "X-Gateway: team")]
        [InlineData(SettingNames.CustomHeaders, "{\"X-Count\": 3}")]
        public void A_value_that_does_not_fit_is_an_error_naming_the_setting_and_where_it_came_from(string name, string value)
        {
            _env[name] = value;
            var ex = Assert.Throws<PrefectException>(() => Resolve());
            Assert.Equal(ErrorIds.InvalidSetting, ex.ErrorId);
            Assert.Contains($"{name} from the environment", ex.Message);

            _env.Remove(name);
            Profile($"{name} = {(value.StartsWith("{") ? "'" + value + "'" : "\"" + value + "\"")}");
            ex = Assert.Throws<PrefectException>(() => Resolve());
            Assert.Contains($"{name} from the profile 'dev'", ex.Message);
        }
    }
}
