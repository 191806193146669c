namespace PrefectOps
{
    public enum FlowStatus
    {
        /// <summary>The schedule runs.</summary>
        Active,
        /// <summary>Paused by someone, not by PrefectOps: maintenance leaves it alone.</summary>
        Paused,
        /// <summary>Paused by PrefectOps and carrying the maintenance marker.</summary>
        Maintenance,
    }
}
