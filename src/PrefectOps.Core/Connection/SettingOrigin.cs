namespace PrefectOps.Core.Connection
{
    /// <summary>
    /// One setting of a connection and where it came from, as Connect-Prefect -PassThru shows it. Secrets show only
    /// that they are set; custom headers only their names.
    /// </summary>
    public sealed class SettingOrigin
    {
        internal SettingOrigin(string name, string value, ConnectionSource source, string from)
        {
            Name = name;
            Value = value;
            Source = source;
            From = from;
        }

        /// <summary>The Prefect setting's name, e.g. PREFECT_API_REQUEST_TIMEOUT.</summary>
        public string Name { get; }

        public string Value { get; }

        public ConnectionSource Source { get; }

        /// <summary>The parameter, environment variable or profile it was read from, or "default".</summary>
        public string From { get; }

        public override string ToString() => $"{Name} = {Value} ({From})";
    }
}
