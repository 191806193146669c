namespace PrefectOps
{
    /// <summary>A tag in use, with how many flows carry it and in which state they are.</summary>
    public sealed class FlowTag
    {
        public FlowTag(string name) => Name = name;

        public string Name { get; }
        public int FlowCount { get; internal set; }
        public int ActiveCount { get; internal set; }
        public int PausedCount { get; internal set; }
        public int MaintenanceCount { get; internal set; }

        public override string ToString() => Name;
    }
}
