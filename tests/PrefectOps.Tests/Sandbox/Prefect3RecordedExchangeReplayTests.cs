using System;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using PrefectOps.Tests.CmdletContract;
using PrefectOps.Tests.Contract;
using Xunit;

namespace PrefectOps.Tests.Sandbox
{
    /// <summary>
    /// Replays tests/PrefectOps.Sandbox/recorded/prefect3-recorded-exchanges.md (what a real Prefect 3.8.3 answered the
    /// differential scenarios, see Differential/) against a 3.x sandbox whose clock is frozen at the recording's time,
    /// as RecordedExchangeReplayTests does with the 2.x recording. Needs no real server.
    /// </summary>
    public sealed class Prefect3RecordedExchangeReplayTests
    {
        public static string RecordingPath => Path.Combine(RepoPaths.Root, "tests", "PrefectOps.Sandbox", "recorded", "prefect3-recorded-exchanges.md");

        [Fact]
        public Task Sandbox_in_3x_mode_answers_every_exchange_recorded_on_real_Prefect_3_8_3()
        {
            string markdown = File.ReadAllText(RecordingPath);
            var recordedAt = DateTimeOffset.Parse(Regex.Match(markdown, @"recorded at (\S+Z)", RegexOptions.IgnoreCase).Groups[1].Value, CultureInfo.InvariantCulture);
            var exchanges = RecordedExchanges.Parse(markdown);
            Assert.True(exchanges.Count > 50, $"{RecordingPath} holds only {exchanges.Count} exchanges.");
            return RecordedExchangeReplayTests.ReplayAsync(new Prefect3Sandbox(), exchanges, recordedAt);
        }
    }
}
