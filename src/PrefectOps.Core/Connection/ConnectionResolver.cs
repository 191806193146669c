using System;
using System.Collections.Generic;
using System.IO;
using PrefectOps.Core.Errors;

namespace PrefectOps.Core.Connection
{
    /// <summary>
    /// Finds the server to talk to and how, the way Prefect's own client does: each setting on its own from
    /// Connect-Prefect's parameters, then the environment, then the active profile in profiles.toml (PREFECT_PROFILE
    /// overrides its `active`), then its default. The settings are in <see cref="SettingNames"/>.
    /// </summary>
    public sealed class ConnectionResolver
    {
        public const string DefaultApiUrl = "http://127.0.0.1:4200/api";
        private readonly Func<string, string?> _getEnvironment;
        private readonly Func<string> _homeDirectory;

        public ConnectionResolver(Func<string, string?>? getEnvironment = null, Func<string>? homeDirectory = null)
        {
            _getEnvironment = getEnvironment ?? Environment.GetEnvironmentVariable;
            _homeDirectory = homeDirectory ?? (() => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
        }

        /// <summary>PREFECT_PROFILES_PATH, else $PREFECT_HOME/profiles.toml, else ~/.prefect/profiles.toml.</summary>
        public string ProfilesPath
        {
            get
            {
                string? path = Env("PREFECT_PROFILES_PATH");
                if (path != null) return ExpandHome(path);
                string? home = Env("PREFECT_HOME");
                return Path.Combine(home != null ? ExpandHome(home) : Path.Combine(_homeDirectory(), ".prefect"), "profiles.toml");
            }
        }

        public ConnectionSettings Resolve(BackendKind backend = BackendKind.Auto) => Resolve(null, backend);

        /// <summary>
        /// Credentials and custom headers belong to a server: with <see cref="ConnectionOverrides.ApiUrl"/> naming
        /// another server than the environment or profile does, they are taken from the parameters only, so a key meant
        /// for one server is never sent to another.
        /// </summary>
        public ConnectionSettings Resolve(ConnectionOverrides? given, BackendKind backend = BackendKind.Auto)
        {
            given ??= new ConnectionOverrides();
            var profile = ReadActiveProfile(out string? profileName);
            var settings = new SettingsReader(new SettingLookup(_getEnvironment, profile, profileName));

            var found = settings.Lookup.Find(SettingNames.ApiUrl);
            Uri? foundUrl = found == null ? null : ParseUrl(found);
            Uri url;
            ConnectionSource source;
            if (given.ApiUrl != null)
            {
                url = ConnectionSettings.ParseApiUrl(given.ApiUrl);
                source = ConnectionSource.Explicit;
                settings.Given(SettingNames.ApiUrl, url.AbsoluteUri, "-ApiUrl");
            }
            else
            {
                url = foundUrl ?? new Uri(DefaultApiUrl);
                source = found?.Source ?? ConnectionSource.Default;
                settings.Show(SettingNames.ApiUrl, found, url.AbsoluteUri, "default");
            }
            bool sameServer = given.ApiUrl == null || Uri.Compare(url, foundUrl ?? new Uri(DefaultApiUrl),
                UriComponents.HttpRequestUrl, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

            var authString = settings.Secret(SettingNames.AuthString, given.AuthString, "-Credential", sameServer, text => new AuthString(text));
            var apiKey = settings.Secret(SettingNames.ApiKey, given.ApiKey, "-ApiKey", sameServer, text => new ApiKey(text));
            var http = settings.Http(given, sameServer);

            return new ConnectionSettings(url, apiKey, backend, source, profileName, authString)
            {
                Http = http,
                Origins = settings.Origins,
            };
        }

        private static Uri ParseUrl(RawSetting raw)
        {
            try
            {
                return ConnectionSettings.ParseApiUrl(SettingParser.Text(raw));
            }
            catch (PrefectException ex) when (ex.ErrorId == ErrorIds.InvalidApiUrl)
            {
                throw new PrefectException(ErrorIds.InvalidApiUrl, PrefectErrorKind.InvalidArgument,
                    $"{raw.Name} from {SettingParser.Describe(raw)}: {ex.Message}", ex);
            }
        }

        private IDictionary<string, object>? ReadActiveProfile(out string? profileName)
        {
            profileName = null;
            string path = ProfilesPath;
            if (!File.Exists(path)) return null;
            ProfilesToml toml;
            try
            {
                toml = ProfilesToml.Parse(File.ReadAllText(path));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is FormatException)
            {
                throw new PrefectException(ErrorIds.ProfileUnreadable, PrefectErrorKind.InvalidArgument,
                    $"Prefect's profiles file '{path}' cannot be read ({ex.Message}). Fix the file, point PREFECT_HOME elsewhere, or set PREFECT_API_URL, or use Connect-Prefect.", ex);
            }

            profileName = Env("PREFECT_PROFILE") ?? toml.Active ?? "default";
            if (toml.Profiles.TryGetValue(profileName!, out var settings)) return settings;
            if (Env("PREFECT_PROFILE") != null)
                throw new PrefectException(ErrorIds.ProfileUnreadable, PrefectErrorKind.InvalidArgument,
                    $"PREFECT_PROFILE names the profile '{profileName}', which '{path}' does not have.");
            return null;
        }

        private string ExpandHome(string path) =>
            path.StartsWith("~", StringComparison.Ordinal) ? _homeDirectory() + path.Substring(1) : path;

        private string? Env(string name)
        {
            string? value = _getEnvironment(name);
            return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
        }
    }
}
