using System.Collections.Generic;
using System.Linq;

namespace PrefectOps.Sandbox
{
    /// <summary>Counts requests by "METHOD /route/template" (template relative to /api), e.g. "POST /deployments/{id}/set_schedule_inactive".</summary>
    public sealed class RequestLog
    {
        private readonly object _gate = new object();
        private readonly Dictionary<string, int> _counts = new Dictionary<string, int>();
        private int _total;

        public int Total { get { lock (_gate) return _total; } }

        public int Count(string methodAndTemplate)
        {
            lock (_gate) return _counts.TryGetValue(methodAndTemplate, out var n) ? n : 0;
        }

        public IReadOnlyDictionary<string, int> Snapshot()
        {
            lock (_gate) return _counts.ToDictionary(kv => kv.Key, kv => kv.Value);
        }

        public void Reset() { lock (_gate) { _counts.Clear(); _total = 0; } }

        internal void Record(string methodAndTemplate)
        {
            lock (_gate)
            {
                _total++;
                _counts[methodAndTemplate] = (_counts.TryGetValue(methodAndTemplate, out var n) ? n : 0) + 1;
            }
        }
    }
}
