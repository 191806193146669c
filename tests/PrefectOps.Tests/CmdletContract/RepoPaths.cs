using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace PrefectOps.Tests.CmdletContract
{
    /// <summary>
    /// Where the files the contract tests read live: the repository root (the folder holding PrefectOps.psd1), the built
    /// cmdlet dll of the same Configuration as this test assembly, and the reference assemblies it is read against.
    /// </summary>
    internal static class RepoPaths
    {
        public const string PowerShellStandardVersion = "5.1.1";

        private static readonly Lazy<string> LazyRoot = new Lazy<string>(() => FindRoot(AppContext.BaseDirectory));

        public static string Root => LazyRoot.Value;
        public static string Manifest => Path.Combine(Root, "PrefectOps.psd1");
        public static string ModuleFolder => Path.Combine(Root, "module");
        public static string FormatFile => Path.Combine(ModuleFolder, "PrefectOps.format.ps1xml");
        public static string TypesFile => Path.Combine(ModuleFolder, "PrefectOps.types.ps1xml");
        public static string BuildProps => Path.Combine(Root, "Directory.Build.props");
        public static string DocsFolder => Path.Combine(Root, "docs");
        public static string BuildScript => Path.Combine(Root, "build.ps1");
        public static string Readme => Path.Combine(Root, "README.md");

        /// <summary>src/PrefectOps/bin/&lt;Configuration&gt;/netstandard2.0/PrefectOps.dll, built before this assembly.</summary>
        public static string CmdletDll
        {
            get
            {
                string path = Path.Combine(Root, "src", "PrefectOps", "bin", Configuration, "netstandard2.0", "PrefectOps.dll");
                if (!File.Exists(path))
                    throw new FileNotFoundException($"The cmdlet assembly was not found at '{path}'. Build the solution (or tests/PrefectOps.Tests, which builds it) in the {Configuration} configuration first.", path);
                return path;
            }
        }

        /// <summary>The Configuration this test assembly was built with: its AssemblyConfiguration, else bin/&lt;Configuration&gt;/&lt;tfm&gt; of its path.</summary>
        public static string Configuration
        {
            get
            {
                var attribute = typeof(RepoPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>();
                if (!string.IsNullOrWhiteSpace(attribute?.Configuration)) return attribute!.Configuration;
                var tfmFolder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
                return tfmFolder.Parent?.Name ?? "Debug";
            }
        }

        /// <summary>PowerShellStandard.Library's System.Management.Automation reference assembly, from the NuGet packages folder.</summary>
        public static string PowerShellStandardReference =>
            NuGetPackageFile("PowerShellStandard.Library", PowerShellStandardVersion, "lib/netstandard2.0/System.Management.Automation.dll");

        public const string NetFramework472ReferenceVersion = "1.0.3";

        /// <summary>
        /// .NET Framework 4.7.2's reference assemblies (Microsoft.NETFramework.ReferenceAssemblies.net472, a
        /// PackageDownload of this project): what Windows PowerShell 5.1 on .NET Framework 4.7.2 offers a module.
        /// </summary>
        public static string NetFramework472ReferenceFolder =>
            NuGetPackageFile("Microsoft.NETFramework.ReferenceAssemblies.net472", NetFramework472ReferenceVersion, "build/.NETFramework/v4.7.2");

        /// <summary>A file or folder of a restored NuGet package, from the NuGet packages folder (NUGET_PACKAGES or ~/.nuget/packages).</summary>
        public static string NuGetPackageFile(string id, string version, string relative)
        {
            string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } overridden
                ? overridden
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            string path = Path.Combine(packages, id.ToLowerInvariant(), version, relative);
            if (!File.Exists(path) && !Directory.Exists(path))
                throw new FileNotFoundException($"{id} {version} was not found at '{path}' (NuGet packages folder '{packages}'; set NUGET_PACKAGES to point elsewhere). Restore the solution first.", path);
            return path;
        }

        /// <summary>The running runtime's assemblies, which include the netstandard facade.</summary>
        public static string RuntimeDirectory => RuntimeEnvironment.GetRuntimeDirectory();

        public static string FindRoot(string start)
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "PrefectOps.psd1"))) return dir.FullName;
            throw new DirectoryNotFoundException($"No folder holding PrefectOps.psd1 above '{start}'.");
        }

        /// <summary>A path relative to the repository root, with forward slashes, for messages.</summary>
        public static string Relative(string path) =>
            Path.GetRelativePath(Root, path).Replace(Path.DirectorySeparatorChar, '/');

        internal static string[] ResolverPaths()
        {
            string dll = CmdletDll;
            var files = Directory.GetFiles(Path.GetDirectoryName(dll)!, "*.dll")
                .Append(PowerShellStandardReference)
                .Concat(Directory.GetFiles(RuntimeDirectory, "*.dll"));
            // First one of each name wins: the module's own folder, then PowerShellStandard, then the runtime.
            return files.GroupBy(f => Path.GetFileName(f), StringComparer.OrdinalIgnoreCase).Select(g => g.First()).ToArray();
        }
    }
}
