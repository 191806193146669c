using System;
using System.IO;
using PrefectOps.Core.Errors;

namespace PrefectOps.Core.Connection
{
    /// <summary>
    /// Finds the server to talk to when Connect-Prefect was not used, the way Prefect's own client does:
    /// PREFECT_API_URL / PREFECT_API_KEY, then the active profile in $PREFECT_HOME/profiles.toml (PREFECT_PROFILE
    /// overrides its `active`), then the local server's default URL. Each setting is resolved on its own, as Prefect does.
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

        public string ProfilesPath
        {
            get
            {
                string? home = Env("PREFECT_HOME");
                if (string.IsNullOrEmpty(home)) home = Path.Combine(_homeDirectory(), ".prefect");
                else if (home!.StartsWith("~", StringComparison.Ordinal)) home = _homeDirectory() + home.Substring(1);
                return Path.Combine(home, "profiles.toml");
            }
        }

        public ConnectionSettings Resolve(BackendKind backend = BackendKind.Auto)
        {
            string? url = Env("PREFECT_API_URL");
            string? key = Env("PREFECT_API_KEY");
            ConnectionSource source = ConnectionSource.Environment;
            string? profileName = null;

            if (url == null || key == null)
            {
                var profile = ReadActiveProfile(out profileName);
                if (profile != null)
                {
                    if (url == null && profile.TryGetValue("PREFECT_API_URL", out var profileUrl) && !string.IsNullOrWhiteSpace(profileUrl))
                    {
                        url = profileUrl;
                        source = ConnectionSource.Profile;
                    }
                    if (key == null && profile.TryGetValue("PREFECT_API_KEY", out var profileKey) && !string.IsNullOrWhiteSpace(profileKey))
                        key = profileKey;
                }
            }

            if (url == null)
            {
                url = DefaultApiUrl;
                source = ConnectionSource.Default;
            }

            return new ConnectionSettings(ConnectionSettings.ParseApiUrl(url), key != null ? new ApiKey(key) : null, backend, source, profileName);
        }

        private System.Collections.Generic.IDictionary<string, string>? ReadActiveProfile(out string? profileName)
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

        private string? Env(string name)
        {
            string? value = _getEnvironment(name);
            return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
        }
    }
}
