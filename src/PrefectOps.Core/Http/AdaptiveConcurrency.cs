using System;

namespace PrefectOps.Core.Http
{
    /// <summary>
    /// How many requests to have in flight, learned from the server's answers (AIMD, as TCP does for packets).
    /// Starts at 1 and doubles per round while answers come back with flat latency and no pushback ("slow start");
    /// halves on a 429/503 or a failed connection, and cuts by a quarter when latency grows to twice its best.
    /// After a cut it grows by one per round of answers, and the level that was pushed back (the ceiling) is only
    /// tried again after <see cref="InitialProbeInterval"/> answers, twice as many each time it fails again: a server
    /// that allows one writer (SQLite) sees a handful of 503s in a thousand writes, not a storm.
    /// Deterministic: it reacts only to what it is told (no clock), so tests feed it synthetic answers.
    /// </summary>
    public sealed class AdaptiveConcurrency
    {
        public const int DefaultMaxLimit = 16;
        public const int InitialProbeInterval = 32;
        public const int MaxProbeInterval = 1024;
        /// <summary>Latency counts as grown above this multiple of the best seen (plus <see cref="LatencySlackMs"/>).</summary>
        public const double LatencyTolerance = 2.0;
        /// <summary>Absolute slack, so sub-millisecond loopback jitter is not taken for a struggling server.</summary>
        public const double LatencySlackMs = 5.0;
        /// <summary>
        /// A level counts as more room only if its answers come back in at most this fraction of (level x best latency):
        /// two thirds more answers a second than one at a time. A server that serves one request at a time (one Python
        /// process, SQLite's one writer that makes the second write wait) answers a round of n at once about (n+1)/2
        /// times slower (the first of the round is not kept waiting), so the bar sits above that for n = 2.
        /// </summary>
        public const double GainFraction = 0.6;
        private const double SmoothingWeight = 0.2;
        private const int MinSamplesForLatency = 4;

        private readonly object _gate = new object();
        private readonly bool _adaptive;
        private int _limit, _inFlight, _streak, _cooldown, _samples, _cuts, _peak;
        private int _ceiling = int.MaxValue;
        private int _probeInterval = InitialProbeInterval;
        private bool _slowStart = true;
        private double _bestMs = double.MaxValue;
        private double? _smoothedMs;
        // Latency summed over the answers of the current streak at the ceiling level (a probe's round).
        private double _probeMs;

        private AdaptiveConcurrency(int maxLimit, int initialLimit, bool adaptive)
        {
            if (maxLimit < 1) throw new ArgumentOutOfRangeException(nameof(maxLimit), "At least 1.");
            MaxLimit = maxLimit;
            _adaptive = adaptive;
            _limit = _peak = Math.Max(1, Math.Min(initialLimit, maxLimit));
        }

        /// <summary>Learns its limit, never above <paramref name="maxLimit"/> (-ThrottleLimit).</summary>
        public static AdaptiveConcurrency Adaptive(int maxLimit = DefaultMaxLimit, int initialLimit = 1) =>
            new AdaptiveConcurrency(maxLimit, initialLimit, adaptive: true);

        /// <summary>Always <paramref name="limit"/>: the behaviour of a plain throttle.</summary>
        public static AdaptiveConcurrency Fixed(int limit) => new AdaptiveConcurrency(limit, limit, adaptive: false);

        public int MaxLimit { get; }
        public bool IsAdaptive => _adaptive;
        public int Limit { get { lock (_gate) return _limit; } }
        public int InFlight { get { lock (_gate) return _inFlight; } }
        /// <summary>Highest limit reached.</summary>
        public int PeakLimit { get { lock (_gate) return _peak; } }
        /// <summary>Times it backed off.</summary>
        public int Cuts { get { lock (_gate) return _cuts; } }

        /// <summary>Takes a slot if there is room under the current limit.</summary>
        public bool TryEnter()
        {
            lock (_gate)
            {
                if (_inFlight >= _limit) return false;
                _inFlight++;
                return true;
            }
        }

        public void Exit()
        {
            lock (_gate)
            {
                if (_inFlight == 0) throw new InvalidOperationException("Exit without Enter.");
                _inFlight--;
            }
        }

        /// <summary>An answered request: how long it took and whether the server pushed back (429/503).</summary>
        public void OnAttempt(TimeSpan latency, bool pushedBack)
        {
            if (!_adaptive) return;
            lock (_gate)
            {
                double ms = latency.TotalMilliseconds;
                if (_cooldown > 0)
                {
                    // Sent before the last cut: they tell what the old level did, which is already known.
                    _cooldown--;
                    if (!pushedBack) _bestMs = Math.Min(_bestMs, ms);
                    return;
                }
                if (pushedBack)
                {
                    Cut(0.5);
                    return;
                }
                _bestMs = Math.Min(_bestMs, ms);
                _smoothedMs = _smoothedMs.HasValue ? _smoothedMs.Value * (1 - SmoothingWeight) + ms * SmoothingWeight : ms;
                _samples++;
                if (_samples >= MinSamplesForLatency && _smoothedMs.Value > _bestMs * LatencyTolerance + LatencySlackMs)
                {
                    // Answers slow down as we add requests: the server queues them, more would not go faster.
                    Cut(0.75);
                    return;
                }
                Grow(ms);
            }
        }

        /// <summary>A request that got no answer (reset, refused, timed out): as much a sign of overload as a 503.</summary>
        public void OnConnectionFailure() => OnAttempt(TimeSpan.Zero, pushedBack: true);

        private void Grow(double ms)
        {
            // Only a limit that is in use has shown that it works; an idle one would grow without evidence.
            if (_inFlight < _limit) return;
            _streak++;
            if (_limit >= _ceiling) _probeMs += ms;
            if (_limit >= _ceiling && _streak >= _limit)
            {
                double roundMs = _probeMs / _streak;
                _probeMs = 0;
                if (roundMs > _bestMs * _limit * GainFraction + LatencySlackMs)
                {
                    // A whole round at the level that failed before, without pushback but no faster than one at a
                    // time: the server queued them (a writer waiting on SQLite's lock). Not room: back off, probe later.
                    _probeInterval = Math.Min(_probeInterval * 2, MaxProbeInterval);
                    _limit = Math.Max(1, _ceiling - 1);
                    _streak = 0;
                    _cuts++;
                    return;
                }
                // A whole round at the level that failed before, without pushback, and faster: the server has more room now.
                _ceiling = int.MaxValue;
                _probeInterval = InitialProbeInterval;
            }
            if (_limit >= MaxLimit) return;
            int needed = _slowStart ? 1 : _limit + 1 >= _ceiling ? _probeInterval : _limit;
            if (_streak < needed) return;
            _limit++;
            _streak = 0;
            _probeMs = 0;
            if (_limit > _peak) _peak = _limit;
        }

        private void Cut(double factor)
        {
            // The level that was pushed back is how many were out together, which may be below a limit just raised.
            int level = Math.Min(_limit, Math.Max(_inFlight, 2));
            if (_limit == 1 && _ceiling == int.MaxValue)
            {
                // Pushed back with one at a time (a SQLite server's own services hold its database now and then):
                // two at once would not do better, so it is not tried before the probe interval.
                _ceiling = 2;
            }
            else if (_limit > 1)
            {
                if (_ceiling != int.MaxValue && level >= _ceiling)
                    _probeInterval = Math.Min(_probeInterval * 2, MaxProbeInterval);
                _ceiling = level;
                _limit = Math.Max(1, Math.Min((int)Math.Floor(level * factor), level - 1));
            }
            // The others in flight went out at the old level; the one reporting retries at the new one.
            _cooldown = Math.Max(0, _inFlight - 1);
            _slowStart = false;
            _streak = 0;
            _probeMs = 0;
            _samples = 0;
            _smoothedMs = null;
            _cuts++;
        }

        public override string ToString() => _adaptive ? $"adaptive, {Limit} of at most {MaxLimit}" : $"fixed at {MaxLimit}";
    }
}
