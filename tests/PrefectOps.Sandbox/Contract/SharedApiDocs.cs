using System;
using System.Collections.Generic;
using System.IO;

namespace PrefectOps.Sandbox.Contract
{
    /// <summary>
    /// Finds the <c>shared/prefect-api</c> folder. CI clones the repo with <c>shared/</c> beside it, so the folder is
    /// found by walking up from the build output; <see cref="EnvironmentVariable"/> overrides the search.
    /// </summary>
    public static class SharedApiDocs
    {
        public const string EnvironmentVariable = "PREFECTOPS_SHARED_API";

        private static readonly Lazy<string> LocatedDirectory = new Lazy<string>(
            () => Locate(AppContext.BaseDirectory, Environment.GetEnvironmentVariable(EnvironmentVariable)));

        /// <summary>The <c>shared/prefect-api</c> folder (located once per process).</summary>
        public static string Directory => LocatedDirectory.Value;

        public static string OpenApiDocumentPath(int major) => major switch
        {
            2 => Path.Combine(Directory, "prefect2-openapi-2.19.9.json"),
            3 => Path.Combine(Directory, "prefect3-openapi-3.8.json"),
            _ => throw new ArgumentOutOfRangeException(nameof(major), major, "Only Prefect 2 and 3 have an OpenAPI document."),
        };

        public static string RecordedExchangesPath(int major) => major == 2
            ? Path.Combine(Directory, "prefect2-recorded-exchanges.md")
            : throw new ArgumentOutOfRangeException(nameof(major), major, "Only Prefect 2 exchanges were recorded.");

        /// <summary>
        /// The override when given (it must exist), else the first <c>&lt;ancestor&gt;/shared/prefect-api</c> walking up
        /// from <paramref name="startDirectory"/>, the start itself included.
        /// </summary>
        public static string Locate(string startDirectory, string? overrideDirectory)
        {
            if (!string.IsNullOrWhiteSpace(overrideDirectory))
            {
                // An override that points nowhere is a setup mistake; falling back to the search would hide it.
                if (System.IO.Directory.Exists(overrideDirectory)) return Path.GetFullPath(overrideDirectory);
                throw new DirectoryNotFoundException(
                    $"{EnvironmentVariable} is set to '{overrideDirectory}', which is not a directory.");
            }

            var looked = new List<string>();
            for (var dir = new DirectoryInfo(startDirectory); dir != null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "prefect-api");
                if (System.IO.Directory.Exists(candidate)) return candidate;
                looked.Add(candidate);
            }

            throw new DirectoryNotFoundException(
                "Could not find the shared/prefect-api folder (the repo is expected to be cloned with shared/ beside it). " +
                $"Set {EnvironmentVariable} to its path. Looked in:{Environment.NewLine}  " +
                string.Join(Environment.NewLine + "  ", looked));
        }
    }
}
