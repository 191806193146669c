namespace PrefectOps.Core.Connection
{
    /// <summary>Where the URL and key came from, in the order PrefectOps looks.</summary>
    public enum ConnectionSource
    {
        Explicit,
        Environment,
        Profile,
        Default,
    }
}
