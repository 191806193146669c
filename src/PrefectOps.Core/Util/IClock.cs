using System;

namespace PrefectOps.Core.Util
{
    /// <summary>"Now", injectable so that tests can line the client up with the sandbox server's clock.</summary>
    public interface IClock
    {
        DateTimeOffset UtcNow { get; }
    }

    public sealed class SystemClock : IClock
    {
        public static readonly SystemClock Instance = new SystemClock();
        public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;
    }
}
