namespace PrefectOps.Core.Connection
{
    /// <summary>A setting's value as found (text from the environment, any TOML value from a profile) and where.</summary>
    internal sealed class RawSetting
    {
        public RawSetting(string name, object value, ConnectionSource source, string from)
        {
            Name = name;
            Value = value;
            Source = source;
            From = from;
        }

        public string Name { get; }
        public object Value { get; }
        public ConnectionSource Source { get; }
        public string From { get; }

        public SettingOrigin Origin(string shownValue) => new SettingOrigin(Name, shownValue, Source, From);
    }
}
