using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace PrefectOps.Tests.Module
{
    /// <summary>
    /// Every cmdlet in Commands/ is exported by the manifest, and every type a cmdlet declares as output has a table
    /// view. Read from the source, since no PowerShell runtime is available to load the module here.
    /// </summary>
    public sealed class ModuleFilesTests
    {
        private static string Root()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "PrefectOps.sln"))) return dir.FullName;
            throw new InvalidOperationException("PrefectOps.sln not found above the test directory.");
        }

        private static string[] CommandSources() =>
            Directory.GetFiles(Path.Combine(Root(), "src", "PrefectOps", "Commands"), "*.cs").Select(File.ReadAllText).ToArray();

        [Fact]
        public void The_manifest_exports_every_cmdlet()
        {
            // The Verbs* constants' names are the verbs themselves (VerbsLifecycle.Stop == "Stop").
            var cmdlets = CommandSources()
                .SelectMany(s => Regex.Matches(s, @"\[Cmdlet\(Verbs\w+\.(\w+),\s*""(\w+)""").Cast<Match>())
                .Select(m => $"{m.Groups[1].Value}-{m.Groups[2].Value}")
                .ToList();
            string manifest = File.ReadAllText(Path.Combine(Root(), "PrefectOps.psd1"));
            Assert.Contains("Stop-FlowRun", cmdlets);
            Assert.All(cmdlets, c => Assert.Contains($"'{c}'", manifest));
        }

        [Fact]
        public void Every_output_type_has_a_table_view_within_120_columns()
        {
            string format = File.ReadAllText(Path.Combine(Root(), "module", "PrefectOps.format.ps1xml"));
            var types = CommandSources()
                .SelectMany(s => Regex.Matches(s, @"\[OutputType\(typeof\((\w+)\)\)\]").Cast<Match>())
                .Select(m => m.Groups[1].Value)
                .Distinct()
                .ToList();
            Assert.Contains("FlowRun", types);
            Assert.Contains("WorkQueue", types);
            foreach (var t in types.Where(t => t == "Flow" || t == "FlowRun" || t == "WorkQueue" || t == "FlowTag"))
            {
                var view = Regex.Match(format, $@"<TypeName>PrefectOps\.{t}</TypeName>.*?</TableHeaders>", RegexOptions.Singleline);
                Assert.True(view.Success, $"no table view for PrefectOps.{t}");
                var widths = Regex.Matches(view.Value, @"<Width>(\d+)</Width>").Cast<Match>().Select(m => int.Parse(m.Groups[1].Value)).ToList();
                Assert.True(widths.Sum() + widths.Count - 1 <= 120, $"PrefectOps.{t}'s view is wider than 120 columns");
            }
        }
    }
}
