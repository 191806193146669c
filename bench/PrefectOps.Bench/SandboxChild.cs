using System;
using System.Globalization;
using System.Threading.Tasks;
using PrefectOps.Sandbox;
using PrefectOps.Sandbox.Load;

namespace PrefectOps.Bench
{
    /// <summary>
    /// The hidden child mode, <c>PrefectOps.Bench --serve-sandbox</c>, started by <see cref="SandboxProcess"/>: the
    /// sandbox in a process of its own, so the bench process holds (and collects) only the client.
    /// Prints <c>READY &lt;apiUrl&gt;</c>, then answers each line on stdin with exactly one line, <c>OK ...</c> or
    /// <c>ERR message</c>, until <c>quit</c> or the end of stdin (so it also ends when the parent dies):
    /// <c>load off</c>, <c>load latency &lt;ms&gt;</c>, <c>load single-writer</c>, <c>load python 2|3</c>, <c>clock set &lt;ISO 8601&gt;</c>,
    /// <c>clock advance &lt;seconds&gt;</c> (both answer <c>OK &lt;clock now&gt;</c>), <c>resets</c>,
    /// <c>deployments</c>, <c>scheduler</c>, <c>heap</c>. Nothing else writes to stdout: the sandbox logs nothing.
    /// </summary>
    internal static class SandboxChild
    {
        public const string Flag = "--serve-sandbox";

        public static async Task<int> RunAsync()
        {
            // Registered but off: the middleware is only there if a profile is given at start.
            var load = new LoadProfile { Enabled = false };
            await using var server = await SandboxServer.StartAsync(new SandboxOptions { PrefectMajorVersion = 2, Port = 0, Load = load });
            Console.WriteLine($"READY {server.ApiUrl}");
            string? line;
            while ((line = await Console.In.ReadLineAsync()) != null)
            {
                string command = line.Trim().TrimStart('\uFEFF');
                if (command == "quit")
                {
                    Console.WriteLine("OK");
                    break;
                }
                string answer;
                try { answer = "OK " + Answer(server, load, command.Split(' ', StringSplitOptions.RemoveEmptyEntries)); }
                catch (Exception ex) { answer = "ERR " + ex.Message.ReplaceLineEndings(" "); }
                Console.WriteLine(answer.TrimEnd());
            }
            return 0;
        }

        private static string Answer(SandboxServer server, LoadProfile load, string[] words)
        {
            switch (words)
            {
                case ["load", "off"]:
                    load.Enabled = false;
                    return "";
                case ["load", "latency", var ms]:
                    // Enabled last: it is volatile, so the request threads see the other two settled.
                    load.Latency = TimeSpan.FromMilliseconds(double.Parse(ms, CultureInfo.InvariantCulture));
                    load.Served = null;
                    load.SingleWriter = false;
                    load.Enabled = true;
                    return "";
                case ["load", "single-writer"]:
                    load.Latency = TimeSpan.Zero;
                    load.Served = null;
                    load.WriteCost = LoadProfile.SqliteServer().WriteCost;
                    load.SingleWriter = true;
                    load.Enabled = true;
                    return "";
                case ["load", "python", var major]:
                    var python = LoadProfile.PythonServer(int.Parse(major, CultureInfo.InvariantCulture));
                    load.Latency = TimeSpan.Zero;
                    load.WriteCost = python.WriteCost;
                    load.Served = python.Served;
                    load.SingleWriter = true;
                    load.Enabled = true;
                    return "";
                case ["clock", "set", var iso]:
                    server.Clock.Set(DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
                    return Iso(server.Clock.UtcNow);
                case ["clock", "advance", var seconds]:
                    server.Clock.Advance(TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture)));
                    return Iso(server.Clock.UtcNow);
                case ["resets"]:
                    return load.Counters.Resets.ToString(CultureInfo.InvariantCulture);
                case ["scheduler"]:
                    // One pass of the server's scheduler: the runs it holds ahead (its horizon) for every active schedule.
                    return server.RunScheduler().ToString(CultureInfo.InvariantCulture);
                case ["deployments"]:
                    return server.Inspect(s => s.Deployments.Count).ToString(CultureInfo.InvariantCulture);
                case ["heap"]:
                    return GC.GetTotalMemory(false).ToString(CultureInfo.InvariantCulture);
                default:
                    throw new ArgumentException($"Unknown command '{string.Join(' ', words)}'.");
            }
        }

        public static string Iso(DateTimeOffset t) => t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
    }
}
