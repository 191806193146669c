using System;
using System.Collections.Generic;

namespace PrefectOps.Core.Connection
{
    /// <summary>
    /// Finds a setting as Prefect does: the environment first, then the active profile. A blank value counts as unset.
    /// </summary>
    internal sealed class SettingLookup
    {
        private readonly Func<string, string?> _environment;
        private readonly IDictionary<string, object>? _profile;
        private readonly string? _profileName;

        public SettingLookup(Func<string, string?> environment, IDictionary<string, object>? profile, string? profileName)
        {
            _environment = environment;
            _profile = profile;
            _profileName = profileName;
        }

        public RawSetting? Find(string name)
        {
            string? env = _environment(name);
            if (!string.IsNullOrWhiteSpace(env)) return new RawSetting(name, env!.Trim(), ConnectionSource.Environment, "environment");
            if (_profile != null && _profile.TryGetValue(name, out var value) && value != null && !(value is string s && string.IsNullOrWhiteSpace(s)))
                return new RawSetting(name, value is string text ? text.Trim() : value, ConnectionSource.Profile, $"profile '{_profileName}'");
            return null;
        }

        /// <summary>An environment variable that is not a Prefect setting (SSL_CERT_FILE), as a default.</summary>
        public RawSetting? FindDefault(string settingName, string variable)
        {
            string? env = _environment(variable);
            return string.IsNullOrWhiteSpace(env) ? null : new RawSetting(settingName, env!.Trim(), ConnectionSource.Default, variable);
        }
    }
}
