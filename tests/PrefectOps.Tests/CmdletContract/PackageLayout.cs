using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace PrefectOps.Tests.CmdletContract
{
    /// <summary>
    /// The Gallery package as build.ps1 -Task Package lays it out in out/PrefectOps/&lt;version&gt;/, reproduced in C#
    /// because no pwsh runs here: the file list is read from build.ps1's $PackageLayout block (the one list the task
    /// itself copies and checks), and each file is traced to what the build makes it from.
    /// </summary>
    public sealed class PackageLayout
    {
        public const string StartMarker = "# <package-layout>";
        public const string EndMarker = "# </package-layout>";

        private PackageLayout(IReadOnlyList<string> files) => Files = files;

        /// <summary>Paths relative to the version folder, with forward slashes, as declared.</summary>
        public IReadOnlyList<string> Files { get; }

        public bool Contains(string file) => Files.Contains(file, StringComparer.Ordinal);

        public static PackageLayout FromBuildScript() => Parse(File.ReadAllText(RepoPaths.BuildScript));

        public static PackageLayout Parse(string buildScript)
        {
            int start = buildScript.IndexOf(StartMarker, StringComparison.Ordinal);
            int end = buildScript.IndexOf(EndMarker, StringComparison.Ordinal);
            if (start < 0 || end < start)
                throw new FormatException($"build.ps1 has no '{StartMarker}' ... '{EndMarker}' block declaring the package files.");
            string block = buildScript.Substring(start + StartMarker.Length, end - start - StartMarker.Length);
            int table = block.IndexOf("@{", StringComparison.Ordinal);
            if (table < 0) throw new FormatException("build.ps1's package-layout block has no @{ ... } hashtable.");
            var parsed = Psd1Parser.Parse(block.Substring(table));
            if (!parsed.TryGetValue("Files", out var files)) throw new FormatException("build.ps1's $PackageLayout has no Files.");
            return new PackageLayout(Psd1Parser.Strings(files));
        }

        /// <summary>
        /// Where the build takes a package file from, as Invoke-Build and Invoke-Docs do: the manifest and LICENSE from
        /// the root, ps1xml from module/, dlls from the project's build output, help from docs/ (through PlatyPS).
        /// Null for a file the build has no source for.
        /// </summary>
        public static string? SourceOf(string file)
        {
            string name = Path.GetFileName(file);
            if (file == "PrefectOps.psd1") return RepoPaths.Manifest;
            if (file == "LICENSE") return Path.Combine(RepoPaths.Root, "LICENSE");
            if (file.EndsWith(".ps1xml", StringComparison.OrdinalIgnoreCase) && !file.Contains('/')) return Path.Combine(RepoPaths.ModuleFolder, name);
            if (file.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && !file.Contains('/')) return Path.Combine(Path.GetDirectoryName(RepoPaths.CmdletDll)!, name);
            if (file == "en-US/PrefectOps.dll-Help.xml") return RepoPaths.DocsFolder; // every docs/*-*.md naming it
            if (file.StartsWith("en-US/about_", StringComparison.Ordinal) && file.EndsWith(".help.txt", StringComparison.Ordinal))
                return Path.Combine(RepoPaths.DocsFolder, name.Substring(0, name.Length - ".help.txt".Length) + ".md");
            return null;
        }

        /// <summary>
        /// The dlls Invoke-Build leaves in the module: the project's build output but symbols, deps files and
        /// System.Management.Automation (PowerShell brings its own).
        /// </summary>
        public static IReadOnlyList<string> BuiltAssemblies() =>
            Directory.GetFiles(Path.GetDirectoryName(RepoPaths.CmdletDll)!, "*.dll")
                .Select(Path.GetFileName)
                .Where(n => !string.Equals(n, "System.Management.Automation.dll", StringComparison.OrdinalIgnoreCase))
                .Select(n => n!)
                .OrderBy(n => n, StringComparer.Ordinal)
                .ToList();
    }
}
