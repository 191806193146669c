using System;
using System.Buffers.Text;
using System.Text.Json;

namespace PrefectOps.Sandbox.Load
{
    /// <summary>
    /// What an answer costs a real Prefect server's one Python process: a base per request plus a cost per row it
    /// serialises, deployments by far the dearest (each carries its schedules; on 3.8.3 every schedule's time zone is
    /// checked against the tz database). Measured as the server process's CPU per request (../../DIFFERENCES.md,
    /// BENCHMARKS.md "Calibration").
    /// </summary>
    public sealed class ServedCost
    {
        public TimeSpan Base { get; set; }
        public TimeSpan PerDeploymentRow { get; set; }
        public TimeSpan PerOtherRow { get; set; }
        /// <summary>A count's cost per row it counts: the server evaluates the filter over every matching row.</summary>
        public TimeSpan PerCountedRow { get; set; }

        /// <summary>
        /// Real 2.19.9 on this project's 2-core machine: 200 deployments ~175 ms, a PATCH ~15-20 ms, the two counts of a
        /// 200-flow tag's listing ~50 ms each (BENCHMARKS.md, real servers).
        /// </summary>
        public static ServedCost Prefect2() => new ServedCost
        {
            Base = TimeSpan.FromMilliseconds(15), PerDeploymentRow = TimeSpan.FromMilliseconds(0.8), PerOtherRow = TimeSpan.FromMilliseconds(0.05),
            PerCountedRow = TimeSpan.FromMilliseconds(0.18),
        };

        /// <summary>
        /// Real 3.8.3 (pure-Python SQLAlchemy): ~35 ms per scheduled deployment, ~30 ms a request, ~70 ms a PATCH, the two
        /// counts of a 100-flow tag's listing ~340 ms each (BENCHMARKS.md, real servers).
        /// </summary>
        public static ServedCost Prefect3() => new ServedCost
        {
            Base = TimeSpan.FromMilliseconds(30), PerDeploymentRow = TimeSpan.FromMilliseconds(35), PerOtherRow = TimeSpan.FromMilliseconds(0.1),
            PerCountedRow = TimeSpan.FromMilliseconds(3),
        };

        /// <summary>The cost of one answer: <paramref name="json"/> is its body (a listing's rows are counted).</summary>
        public TimeSpan Of(string path, ReadOnlySpan<byte> json)
        {
            // The health and version checks Connect-Prefect makes cost the real server next to nothing.
            if (path.EndsWith("/health", StringComparison.Ordinal) || path.EndsWith("/version", StringComparison.Ordinal)) return TimeSpan.Zero;
            if (path.TrimEnd('/').EndsWith("/count", StringComparison.Ordinal) && Utf8Parser.TryParse(json, out int counted, out _))
                return Base + TimeSpan.FromTicks(PerCountedRow.Ticks * counted);
            int rows = Rows(json);
            var perRow = path.TrimEnd('/').EndsWith("/deployments/filter", StringComparison.Ordinal) ? PerDeploymentRow : PerOtherRow;
            return Base + TimeSpan.FromTicks(perRow.Ticks * rows);
        }

        private static int Rows(ReadOnlySpan<byte> json)
        {
            if (json.Length == 0 || json[0] != (byte)'[') return 0;
            var reader = new Utf8JsonReader(json);
            int rows = 0;
            reader.Read();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                rows++;
                reader.Skip();
            }
            return rows;
        }
    }
}
