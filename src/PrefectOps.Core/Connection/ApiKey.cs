namespace PrefectOps.Core.Connection
{
    /// <summary>A Prefect Cloud (or Prefect 1 Cloud) API key, sent as a Bearer token.</summary>
    public sealed class ApiKey : Secret
    {
        public ApiKey(string value) : base(value, "An API key") { }

        internal override string AuthorizationHeader() => "Bearer " + Reveal();
    }
}
