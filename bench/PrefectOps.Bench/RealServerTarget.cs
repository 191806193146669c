using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace PrefectOps.Bench
{
    /// <summary>
    /// A real Prefect server on this machine (../shared/prefect-server), found by the port of its URL: its uvicorn
    /// process is read for CPU time (/proc/&lt;pid&gt;/stat), so a step's server cost shows beside its wall time.
    /// </summary>
    internal sealed class RealServerTarget : IBenchTarget
    {
        private readonly int? _pid;

        public RealServerTarget(Uri apiUrl)
        {
            ApiUrl = apiUrl;
            _pid = FindServerPid(apiUrl.Port);
        }

        public Uri ApiUrl { get; }

        /// <summary>The server's process, or null where it cannot be read (another machine, not Linux).</summary>
        public int? Pid => _pid;

        public TimeSpan CpuTime
        {
            get
            {
                if (_pid == null) return TimeSpan.Zero;
                try
                {
                    // Fields 14 and 15 (utime, stime) after the command name in parentheses, in clock ticks (100 a second).
                    string stat = File.ReadAllText($"/proc/{_pid}/stat");
                    var fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
                    long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                    return TimeSpan.FromMilliseconds(ticks * 10);
                }
                catch (IOException) { return TimeSpan.Zero; }
            }
        }

        public Task<long> ResetsAsync() => Task.FromResult(0L);

        private static int? FindServerPid(int port)
        {
            if (!Directory.Exists("/proc")) return null;
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
                try
                {
                    string cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                    if (cmdline.Contains("uvicorn") && cmdline.Contains($"--port {port} ")) return pid;
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
            return null;
        }
    }

    /// <summary>The machine's clock moved by an offset: a real server's maintenance window opened in the past.</summary>
    internal sealed class ShiftedClock : PrefectOps.Core.Util.IClock
    {
        public TimeSpan Offset { get; set; }
        public DateTimeOffset UtcNow => DateTimeOffset.UtcNow + Offset;
    }
}
