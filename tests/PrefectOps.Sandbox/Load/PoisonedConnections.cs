using System.Collections.Concurrent;

namespace PrefectOps.Sandbox.Load
{
    /// <summary>
    /// Connections answered 503: the real server closes them after the answer, so the client's next request on that
    /// keep-alive connection fails with a reset. Reproduced exactly that way: the next request on it is aborted.
    /// </summary>
    internal sealed class PoisonedConnections
    {
        private readonly ConcurrentDictionary<string, byte> _ids = new ConcurrentDictionary<string, byte>();

        public void Poison(string connectionId) => _ids[connectionId] = 0;

        /// <summary>True once for a poisoned connection: its request is to be reset.</summary>
        public bool TakePoisoned(string connectionId) => _ids.TryRemove(connectionId, out _);
    }
}
