using System;

namespace PrefectOps.Sandbox
{
    /// <summary>The server's "now". Follows real time until a test sets it; then it only moves when told to.</summary>
    public sealed class SandboxClock
    {
        private readonly object _gate = new object();
        private DateTimeOffset? _frozen;
        private TimeSpan _offset;

        public DateTimeOffset UtcNow
        {
            get { lock (_gate) return (_frozen ?? DateTimeOffset.UtcNow + _offset).ToUniversalTime(); }
        }

        /// <summary>Freezes the clock at <paramref name="now"/>.</summary>
        public void Set(DateTimeOffset now) { lock (_gate) _frozen = now.ToUniversalTime(); }

        /// <summary>Moves the clock forward (frozen or not).</summary>
        public void Advance(TimeSpan by)
        {
            lock (_gate)
            {
                if (_frozen.HasValue) _frozen = _frozen.Value + by; else _offset += by;
            }
        }

        /// <summary>Back to real time (the default).</summary>
        public void FollowRealTime() { lock (_gate) { _frozen = null; _offset = TimeSpan.Zero; } }
    }
}
