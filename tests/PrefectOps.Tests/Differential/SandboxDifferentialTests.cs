using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using PrefectOps.Sandbox;
using PrefectOps.Tests.CmdletContract;
using Xunit;

namespace PrefectOps.Tests.Differential
{
    /// <summary>
    /// The same requests to a real Prefect and to the sandbox of the same version (<see cref="Scenarios"/>): the same
    /// status, the same answer (ids and times aside) and so the same state afterwards, which the scenarios read back.
    /// Every difference is either fixed in the sandbox or listed in <see cref="KnownDifferences"/> (and explained in
    /// tests/PrefectOps.Sandbox/DIFFERENCES.md). What the real server answered is written to
    /// out/differential/prefect{2,3}-exchanges.md, the source of tests/PrefectOps.Sandbox/recorded/prefect3-recorded-exchanges.md.
    /// </summary>
    [Trait("Category", "RealServer")]
    public sealed class SandboxDifferentialTests
    {
        [RealServerFact(2)]
        public Task Sandbox_in_2x_mode_answers_as_real_Prefect_2_19_9() => CompareAsync(2);

        [RealServerFact(3)]
        public Task Sandbox_in_3x_mode_answers_as_real_Prefect_3_8_3() => CompareAsync(3);

        private static async Task CompareAsync(int major)
        {
            var url = RealServers.Url(major)!;
            await RealServers.WaitHealthyAsync(url, TimeSpan.FromSeconds(180));
            await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { PrefectMajorVersion = major });
            using var real = new ApiTarget($"real {major}", url);
            using var local = new ApiTarget("sandbox", sandbox.ApiUrl);
            var run = new DifferentialRun(real, local, () => sandbox.MarkLateRuns());
            var now = DateTimeOffset.UtcNow;
            foreach (var scenario in Scenarios.All("diff" + Guid.NewGuid().ToString("N").Substring(0, 6), now))
                await run.RunAsync(scenario);

            string folder = Path.Combine(RepoPaths.Root, "out", "differential");
            Directory.CreateDirectory(folder);
            string version = major == 2 ? "2.19.9" : "3.8.3";
            File.WriteAllText(Path.Combine(folder, $"prefect{major}-exchanges.md"),
                $"# Prefect {version}: recorded exchanges\n\n" +
                $"Requests and answers of a real Prefect {version} (../shared/prefect-server, SQLite), recorded at {now.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} " +
                $"by tests/PrefectOps.Tests/Differential/{nameof(SandboxDifferentialTests)}.cs, which sends the same requests to the sandbox and compares. " +
                "Times in the requests are relative to that moment (replays freeze the sandbox's clock there); ids are the real server's. " +
                "A `build.ps1 -Task Test` run writes a fresh copy to out/differential/.\n" + run.Recording);

            var unexplained = run.Differences.Where(d => !KnownDifferences.Explains(major, d)).ToList();
            Assert.True(unexplained.Count == 0,
                $"{unexplained.Count} difference(s) between real Prefect {major} and the sandbox:\n" + string.Join("\n", unexplained));
        }
    }
}
