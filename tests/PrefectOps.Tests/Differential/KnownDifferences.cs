using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace PrefectOps.Tests.Differential
{
    /// <summary>
    /// Differences between a real server and the sandbox that are kept on purpose, each explained in
    /// tests/PrefectOps.Sandbox/DIFFERENCES.md under its Id (DifferencesDocTests checks that).
    /// </summary>
    public static class KnownDifferences
    {
        public sealed record Known(string Id, int? Major, Regex Step, Regex Where);

        public static readonly IReadOnlyList<Known> All = new List<Known>
        {
            new Known("pydantic-version-in-message", 2, new Regex("/ a negative limit$"),
                new Regex(@"^\$\.exception_detail\[0\]\.msg: .*real .*errors\.pydantic\.dev/2\.\d+/v/greater_than_equal.*sandbox .*errors\.pydantic\.dev/1\.10/", RegexOptions.Singleline)),
        };

        public static bool Explains(int major, Difference d) =>
            All.Any(k => (k.Major == null || k.Major == major) && k.Step.IsMatch($"{d.Scenario} / {d.Step}") && k.Where.IsMatch($"{d.Where}: {d.What}"));
    }
}
