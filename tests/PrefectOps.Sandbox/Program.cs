using System;
using System.Threading;
using System.Threading.Tasks;
using System.Runtime.InteropServices;
using PrefectOps.Sandbox;
using PrefectOps.Sandbox.Load;
using PrefectOps.Sandbox.Seeding;

// dotnet run --project tests/PrefectOps.Sandbox -- [--prefect-version 2|3] [--port 4200] [--seed demo] [--api-key KEY]
//     [--auth-string USER:PASSWORD] [--csrf] [--latency-ms N] [--no-scheduler] [--control] [--bulk-flows N]
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = new SandboxOptions { Port = 4200, BackgroundScheduler = true };
        string? seed = null;
        int bulkFlows = 0;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--prefect-version": options.PrefectMajorVersion = int.Parse(Next()); break;
                case "--port": options.Port = int.Parse(Next()); break;
                case "--seed": seed = Next(); break;
                case "--api-key": options.RequiredApiKey = Next(); break;
                // Prefect 3's PREFECT_SERVER_API_AUTH_STRING and PREFECT_SERVER_CSRF_PROTECTION_ENABLED.
                case "--auth-string": options.RequiredAuthString = Next(); break;
                case "--csrf": options.CsrfProtection = true; break;
                // A remote server's round trip on every request (see Load/).
                case "--latency-ms": options.Load = LoadProfile.RemoteServer(int.Parse(Next())); break;
                // No scheduler pass every few seconds, e.g. while measuring a client against a large estate.
                case "--no-scheduler": options.BackgroundScheduler = false; break;
                case "--control": options.Control = true; break;
                case "--bulk-flows": bulkFlows = int.Parse(Next()); break;
                default:
                    Console.Error.WriteLine($"Unknown argument {args[i]}. Usage: [--prefect-version 2|3] [--port 4200] [--seed demo] [--api-key KEY] [--auth-string USER:PASSWORD] [--csrf] [--latency-ms N] [--no-scheduler] [--control] [--bulk-flows N]");
                    return 2;
            }
        }

        await using var server = await SandboxServer.StartAsync(options);
        if (seed == "demo")
        {
            using var client = new PrefectSeedClient(server.ApiUrl, options.RequiredApiKey, options.RequiredAuthString, options.CsrfProtection);
            await client.SeedDemoEstateAsync();
            if (bulkFlows > 0) await client.SeedBulkAsync(bulkFlows, "bulk");
            server.RunScheduler();
        }
        Console.WriteLine($"Prefect {options.PrefectMajorVersion}.x sandbox listening at {server.ApiUrl}");
        Console.WriteLine("Press Ctrl+C to stop.");
        var done = new TaskCompletionSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; done.TrySetResult(); };
        // `kill`, systemd and docker stop send SIGTERM: stop as on Ctrl+C instead of waiting for it forever.
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; done.TrySetResult(); });
        await done.Task;
        return 0;
    }
}
