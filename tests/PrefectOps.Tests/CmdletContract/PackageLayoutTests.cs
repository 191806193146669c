using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using PrefectOps.Tests.Docs;
using Xunit;

namespace PrefectOps.Tests.CmdletContract
{
    /// <summary>
    /// The manifest against the package build.ps1 -Task Package produces (its declared file list, see PackageLayout):
    /// the root module, FormatsToProcess, TypesToProcess and the help files the manifest and docs name are in the
    /// package, and every package file has something the build makes it from.
    /// What this cannot check, since no pwsh runs here: that PlatyPS writes the help files, that Test-ModuleManifest and
    /// PSResourceGet accept the folder, and that PowerShell finds the help (build.ps1 -Task Package and
    /// tests/Pester/Package.Tests.ps1 do those).
    /// </summary>
    public class PackageLayoutTests
    {
        private static Dictionary<string, object> Manifest => Psd1Parser.Parse(File.ReadAllText(RepoPaths.Manifest));
        private static PackageLayout Layout => PackageLayout.FromBuildScript();

        private static void Holds(string rule, IEnumerable<string> violations)
        {
            var list = violations.ToList();
            if (list.Count > 0)
                Assert.Fail($"Package layout (build.ps1 $PackageLayout) breaks '{rule}':{Environment.NewLine}  - {string.Join(Environment.NewLine + "  - ", list)}");
        }

        [Fact]
        public void TheManifestAndTheModuleFilesItNamesAreInThePackage()
        {
            var layout = Layout;
            var violations = new List<string>();
            if (!layout.Contains("PrefectOps.psd1")) violations.Add("PrefectOps.psd1 is not in the package");
            string root = Manifest["RootModule"] as string ?? "";
            if (!layout.Contains(root)) violations.Add($"RootModule '{root}' is not in the package");
            foreach (var key in new[] { "FormatsToProcess", "TypesToProcess", "RequiredAssemblies", "NestedModules", "ScriptsToProcess" })
                foreach (var file in Psd1Parser.Strings(Manifest.GetValueOrDefault(key)))
                    if (!layout.Contains(file.Replace('\\', '/'))) violations.Add($"{key} names '{file}', which is not in the package");
            Holds("what the manifest names is in the package", violations);
        }

        [Fact]
        public void TheHelpFilesAreInThePackageWherePowerShellLooks()
        {
            // A binary module's cmdlet help is <dll name>-Help.xml in a culture folder beside the dll; an about topic
            // is about_<Name>.help.txt there.
            var layout = Layout;
            string root = Manifest["RootModule"] as string ?? "";
            var violations = new List<string>();
            string maml = $"en-US/{root}-Help.xml";
            if (!layout.Contains(maml)) violations.Add($"{maml} is not in the package: Get-Help would find no cmdlet help");
            if (!layout.Contains("en-US/about_PrefectOps.help.txt")) violations.Add("en-US/about_PrefectOps.help.txt is not in the package: Get-Help about_PrefectOps would find nothing");

            foreach (var doc in Directory.GetFiles(RepoPaths.DocsFolder, "*-*.md"))
            {
                var md = PlatyPsMarkdown.Load(doc);
                if (md.Metadata.TryGetValue("external help file", out var helpFile) && !layout.Contains("en-US/" + helpFile))
                    violations.Add($"docs/{md.FileName} names the help file '{helpFile}', which is not in the package's en-US folder");
            }
            foreach (var about in Directory.GetFiles(RepoPaths.DocsFolder, "about_*.md"))
            {
                string txt = "en-US/" + Path.GetFileNameWithoutExtension(about) + ".help.txt";
                if (!layout.Contains(txt)) violations.Add($"docs/{Path.GetFileName(about)} becomes {txt}, which is not in the package");
            }
            Holds("the help files are in the package", violations);
        }

        [Fact]
        public void EveryPackageFileHasASource()
        {
            var violations = new List<string>();
            foreach (var file in Layout.Files)
            {
                var source = PackageLayout.SourceOf(file);
                if (source == null) violations.Add($"{file}: the build makes no such file (build.ps1 copies the manifest, LICENSE, module/*.ps1xml, the dlls and en-US help)");
                else if (!File.Exists(source) && !Directory.Exists(source)) violations.Add($"{file}: its source {RepoPaths.Relative(source)} does not exist");
            }
            Holds("every package file is made from something in the repository", violations);
        }

        [Fact]
        public void ThePackageHoldsExactlyTheBuiltAssemblies()
        {
            // Invoke-Package fails on an undeclared file; this says so before anyone runs it.
            var declared = Layout.Files.Where(f => f.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)).ToList();
            var built = PackageLayout.BuiltAssemblies();
            var violations = new List<string>();
            violations.AddRange(built.Where(b => !declared.Contains(b)).Select(b => $"{b} is built with the module but not declared: the module would not load without it"));
            violations.AddRange(declared.Where(d => !built.Contains(d)).Select(d => $"{d} is declared but the build does not produce it"));
            Holds("the package's dlls are the ones the build produces", violations);
        }

        [Fact]
        public void BuildScriptOffersTheDocsAndPackageTasks()
        {
            string script = File.ReadAllText(RepoPaths.BuildScript);
            var set = Regex.Match(script, @"\[ValidateSet\(([^)]*)\)\]\s*\[string\[\]\]\s*\$Task");
            Assert.True(set.Success, "build.ps1 has no [ValidateSet(...)] [string[]] $Task parameter.");
            var tasks = Regex.Matches(set.Groups[1].Value, "'([^']+)'").Select(m => m.Groups[1].Value).ToList();
            foreach (var task in new[] { "Build", "Test", "Demo", "Docs", "Package" })
                Assert.True(tasks.Contains(task), $"build.ps1 -Task does not offer {task} (it offers {string.Join(", ", tasks)}).");
            foreach (var command in new[] { "New-ExternalHelp", "Import-MarkdownCommandHelp", "Export-MamlCommandHelp", "Test-ModuleManifest", "Compress-PSResource" })
                Assert.True(script.Contains(command, StringComparison.Ordinal), $"build.ps1 does not use {command}.");
        }
    }
}
