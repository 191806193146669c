using System;

namespace PrefectOps.Sandbox.Load
{
    /// <summary>
    /// How a loaded real server answers (see "Load behaviour" in ../shared/prefect-api/README.md). Off unless
    /// <see cref="SandboxOptions.Load"/> is set; <see cref="Enabled"/> can be switched at run time, so a benchmark
    /// seeds at full speed and measures under load.
    /// </summary>
    public sealed class LoadProfile
    {
        /// <summary>Added to every request, as the round trip to a remote server.</summary>
        public TimeSpan Latency { get; set; }

        /// <summary>
        /// Behave as the SQLite-backed server: one write at a time, each costing <see cref="WriteCost"/>; a write that
        /// would have to wait answers 503 "database is locked" and the connection is reset on its next request.
        /// </summary>
        public bool SingleWriter { get; set; }

        /// <summary>
        /// Behave as the real server's one Python process (with <see cref="SingleWriter"/>): requests are served one at
        /// a time, each holding the process for <see cref="Served"/>'s cost of its answer (a write: <see cref="WriteCost"/>),
        /// so parallel requests gain nothing but overlap with the client, as measured on the real 2.19.9 and 3.8.3.
        /// </summary>
        public ServedCost? Served { get; set; }

        /// <summary>Measured on 2.19.9: 13 to 22 ms per write (set_schedule_inactive ~22, set_schedule_active ~12).</summary>
        public TimeSpan WriteCost { get; set; } = TimeSpan.FromMilliseconds(16);

        /// <summary>Measured on 2.19.9: GET /deployments/{id} ~9 ms. Reads are not serialised.</summary>
        public TimeSpan ReadCost { get; set; } = TimeSpan.FromMilliseconds(9);

        private volatile bool _enabled = true;
        public bool Enabled { get => _enabled; set => _enabled = value; }

        /// <summary>What the server did under load, for benchmarks and tests.</summary>
        public LoadCounters Counters { get; } = new LoadCounters();

        public static LoadProfile RemoteServer(int latencyMs = 20) => new LoadProfile { Latency = TimeSpan.FromMilliseconds(latencyMs) };

        public static LoadProfile SqliteServer() => new LoadProfile { SingleWriter = true };

        /// <summary>The real server of <paramref name="major"/>: one Python process on SQLite (see <see cref="Served"/>).</summary>
        public static LoadProfile PythonServer(int major) => new LoadProfile
        {
            SingleWriter = true,
            Served = major >= 3 ? ServedCost.Prefect3() : ServedCost.Prefect2(),
            WriteCost = TimeSpan.FromMilliseconds(major >= 3 ? 70 : 20),
        };

        public override string ToString() =>
            Served != null ? $"one Python process ({Served.Base.TotalMilliseconds:0} ms a request, {Served.PerDeploymentRow.TotalMilliseconds:0.##} ms a deployment row, {WriteCost.TotalMilliseconds:0} ms a write)"
            : SingleWriter ? $"single writer ({WriteCost.TotalMilliseconds:0} ms per write, {ReadCost.TotalMilliseconds:0} ms per read)"
                         : $"{Latency.TotalMilliseconds:0} ms latency";
    }
}
