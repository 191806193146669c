namespace PrefectOps.Core.Connection
{
    public enum BackendKind
    {
        /// <summary>Ask the server: REST (Prefect 2.x/3.x) or GraphQL (Prefect 1).</summary>
        Auto,
        /// <summary>Prefect 2.x and 3.x, server or Cloud.</summary>
        Rest,
        /// <summary>Prefect 1 Server or Cloud 1.0.</summary>
        GraphQL,
    }
}
