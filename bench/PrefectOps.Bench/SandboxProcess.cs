using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace PrefectOps.Bench
{
    /// <summary>
    /// The sandbox in a child process (<see cref="SandboxChild"/>): this bench's own executable, started again with
    /// <c>--serve-sandbox</c>, driven over stdin/stdout one command at a time. A process of its own so that this
    /// process's heap is the client's alone, and the server's collections do not pause the client.
    /// </summary>
    internal sealed class SandboxProcess : IAsyncDisposable, IBenchTarget
    {
        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
        private readonly Process _process;
        private readonly SemaphoreSlim _oneAtATime = new SemaphoreSlim(1, 1);
        // The sandbox clock is frozen once set and moves only when told, so the last answer is its "now".
        private long _clockTicks = -1;

        private SandboxProcess(Process process, Uri apiUrl)
        {
            _process = process;
            ApiUrl = apiUrl;
        }

        public Uri ApiUrl { get; }

        /// <summary>The server's "now" as of the last clock command (read synchronously by the steps' IClock).</summary>
        public DateTimeOffset ClockNow
        {
            get
            {
                long ticks = Interlocked.Read(ref _clockTicks);
                if (ticks < 0) throw new InvalidOperationException("The sandbox clock has not been set.");
                return new DateTimeOffset(ticks, TimeSpan.Zero);
            }
        }

        /// <summary>CPU the child has used so far (user and kernel), to tell the server's share of a step from the client's.</summary>
        public TimeSpan CpuTime
        {
            get
            {
                _process.Refresh();
                return _process.TotalProcessorTime;
            }
        }

        /// <summary>The child's peak working set so far, for the summary line.</summary>
        public long PeakWorkingSetBytes
        {
            get
            {
                _process.Refresh();
                return _process.PeakWorkingSet64;
            }
        }

        public static async Task<SandboxProcess> StartAsync()
        {
            var start = new ProcessStartInfo
            {
                FileName = Environment.ProcessPath ?? throw new InvalidOperationException("No process path to start the sandbox with."),
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardInputEncoding = new UTF8Encoding(false),
                StandardOutputEncoding = Encoding.UTF8,
            };
            // Under "dotnet run" the process is the apphost; under "dotnet PrefectOps.Bench.dll" it is dotnet, which needs the dll.
            if (Path.GetFileNameWithoutExtension(start.FileName).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
                start.ArgumentList.Add(typeof(SandboxProcess).Assembly.Location);
            start.ArgumentList.Add(SandboxChild.Flag);

            var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) Console.Error.WriteLine($"[sandbox] {e.Data}"); };
            process.BeginErrorReadLine();
            try
            {
                using var timeout = new CancellationTokenSource(StartTimeout);
                string? line = await process.StandardOutput.ReadLineAsync(timeout.Token);
                if (line == null || !line.StartsWith("READY ", StringComparison.Ordinal))
                    throw new InvalidOperationException($"The sandbox did not start: {(line == null ? $"exited with {await ExitCodeAsync(process)}" : $"it said '{line}'")}.");
                return new SandboxProcess(process, new Uri(line.Substring("READY ".Length)));
            }
            catch
            {
                Kill(process);
                process.Dispose();
                throw;
            }
        }

        /// <summary>Sends one command and returns what follows "OK" (trimmed); throws with the child's message on "ERR".</summary>
        public async Task<string> SendAsync(string command)
        {
            await _oneAtATime.WaitAsync();
            try
            {
                await _process.StandardInput.WriteLineAsync(command);
                await _process.StandardInput.FlushAsync();
                string? line = await _process.StandardOutput.ReadLineAsync();
                if (line == null) throw new InvalidOperationException($"The sandbox exited with {await ExitCodeAsync(_process)} (command '{command}').");
                if (line == "OK" || line.StartsWith("OK ", StringComparison.Ordinal)) return line.Substring(2).Trim();
                if (line.StartsWith("ERR", StringComparison.Ordinal)) throw new InvalidOperationException($"The sandbox refused '{command}': {line.Substring(3).Trim()}");
                throw new InvalidOperationException($"The sandbox answered '{command}' with '{line}'.");
            }
            finally
            {
                _oneAtATime.Release();
            }
        }

        public Task SetClockAsync(DateTimeOffset now) => ClockAsync($"clock set {SandboxChild.Iso(now)}");

        public Task AdvanceClockAsync(TimeSpan by) => ClockAsync($"clock advance {by.TotalSeconds.ToString(CultureInfo.InvariantCulture)}");

        public Task LoadOffAsync() => SendAsync("load off");

        public Task LatencyAsync(int ms) => SendAsync($"load latency {ms.ToString(CultureInfo.InvariantCulture)}");

        public Task SingleWriterAsync() => SendAsync("load single-writer");

        /// <summary>The real Prefect <paramref name="major"/>'s cost shape: one Python process on SQLite (LoadProfile.PythonServer).</summary>
        public Task PythonServerAsync(int major) => SendAsync($"load python {major}");

        /// <summary>Requests the load middleware has reset so far (after a 503 on their connection).</summary>
        public async Task<long> ResetsAsync() => long.Parse(await SendAsync("resets"), CultureInfo.InvariantCulture);

        /// <summary>Runs the server's scheduler once; returns how many runs it created.</summary>
        public async Task<int> RunSchedulerAsync() => int.Parse(await SendAsync("scheduler"), CultureInfo.InvariantCulture);

        public async Task<int> DeploymentsAsync() => int.Parse(await SendAsync("deployments"), CultureInfo.InvariantCulture);

        private async Task ClockAsync(string command)
        {
            var now = DateTimeOffset.Parse(await SendAsync(command), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            Interlocked.Exchange(ref _clockTicks, now.UtcTicks);
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (!_process.HasExited)
                {
                    await SendAsync("quit");
                    using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await _process.WaitForExitAsync(grace.Token);
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is IOException || ex is OperationCanceledException)
            {
                // Gone already, or not going: killed below.
            }
            finally
            {
                Kill(_process);
                _process.Dispose();
                _oneAtATime.Dispose();
            }
        }

        private static void Kill(Process process)
        {
            try { if (!process.HasExited) process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { }
        }

        private static async Task<string> ExitCodeAsync(Process process)
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await process.WaitForExitAsync(grace.Token);
                return $"exit code {process.ExitCode}";
            }
            catch (OperationCanceledException) { return "its output closed"; }
        }
    }
}
