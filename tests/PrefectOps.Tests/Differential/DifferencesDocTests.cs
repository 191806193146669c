using System.IO;
using PrefectOps.Tests.CmdletContract;
using Xunit;

namespace PrefectOps.Tests.Differential
{
    /// <summary>Every difference the differential checks let through is explained in tests/PrefectOps.Sandbox/DIFFERENCES.md.</summary>
    public sealed class DifferencesDocTests
    {
        [Fact]
        public void Every_known_difference_is_explained_in_DIFFERENCES_md()
        {
            string doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "PrefectOps.Sandbox", "DIFFERENCES.md"));
            Assert.NotEmpty(KnownDifferences.All);
            foreach (var known in KnownDifferences.All)
                Assert.True(doc.Contains($"| `{known.Id}` |"), $"DIFFERENCES.md has no row for the known difference {known.Id}.");
        }
    }
}
