using System;
using System.Collections.Generic;
using Tomlyn;
using Tomlyn.Model;

namespace PrefectOps.Core.Connection
{
    /// <summary>
    /// Prefect's profiles.toml, read with a TOML parser (Tomlyn) as Prefect reads it with tomllib: `active = "name"` and
    /// a `[profiles.name]` table of settings per profile. Values keep their TOML type (string, bool, long, double,
    /// TomlArray, TomlTable): Prefect's writer stores every value as a string, but a hand-edited file may not, and
    /// Prefect accepts both.
    /// </summary>
    public sealed class ProfilesToml
    {
        private ProfilesToml(string? active, IDictionary<string, IDictionary<string, object>> profiles)
        {
            Active = active;
            Profiles = profiles;
        }

        public string? Active { get; }
        public IDictionary<string, IDictionary<string, object>> Profiles { get; }

        /// <exception cref="FormatException">The text is not TOML, or not in the shape of a profiles file.</exception>
        public static ProfilesToml Parse(string text)
        {
            // The syntax tree's validation reports what deserialising lets through, a key given twice among it (tomllib,
            // which Prefect reads the file with, refuses that).
            var syntax = Tomlyn.Parsing.SyntaxParser.Parse(text, "profiles.toml", validate: true);
            if (syntax.HasErrors) throw new FormatException(string.Join("; ", syntax.Diagnostics));
            TomlTable document;
            try
            {
                document = TomlSerializer.Deserialize<TomlTable>(text) ?? new TomlTable();
            }
            catch (TomlException ex)
            {
                throw new FormatException(ex.Message, ex);
            }

            string? active = null;
            if (document.TryGetValue("active", out var activeValue))
                active = activeValue as string ?? throw new FormatException("'active' must be a string naming a profile.");

            var profiles = new Dictionary<string, IDictionary<string, object>>(StringComparer.Ordinal);
            if (document.TryGetValue("profiles", out var profilesValue))
            {
                if (!(profilesValue is TomlTable table)) throw new FormatException("'profiles' must be a table of [profiles.<name>] tables.");
                foreach (var entry in table)
                {
                    if (!(entry.Value is TomlTable settings))
                        throw new FormatException($"profiles.{entry.Key} must be a table of settings.");
                    var copy = new Dictionary<string, object>(StringComparer.Ordinal);
                    foreach (var setting in settings) copy[setting.Key] = setting.Value;
                    profiles[entry.Key] = copy;
                }
            }
            return new ProfilesToml(active, profiles);
        }
    }
}
