using System;
using System.IO;
using System.Linq;
using PrefectOps.Tests.CmdletContract;
using Xunit;

namespace PrefectOps.Tests.Docs
{
    /// <summary>
    /// README.md: the sections a Gallery user looks for, and PowerShell examples that give PrefectOps cmdlets only
    /// parameters they have. It cannot run the scheduled-task snippets (no Windows Task Scheduler, cron or systemd here).
    /// </summary>
    public class ReadmeTests
    {
        private static readonly Lazy<PlatyPsMarkdown> LazyReadme = new Lazy<PlatyPsMarkdown>(() => PlatyPsMarkdown.Load(RepoPaths.Readme));
        private static PlatyPsMarkdown Readme => LazyReadme.Value;

        [Theory]
        [InlineData("Install", "Install-PSResource -Name PrefectOps", "Uninstall-PSResource", "build.ps1 -Task Package", "Publish-PSResource", "Install-Module PrefectOps")]
        [InlineData("Quick start", "Connect-Prefect", "Enable-FlowByTag")]
        [InlineData("Running unattended", "pwsh -NoProfile", "Register-ScheduledTask", "*/15 * * * *", "OnCalendar=", "-Confirm:$false")]
        public void HasTheSection(string section, params string[] mustMention)
        {
            var heading = Readme.Headings.FirstOrDefault(h => h.Level == 2 && h.Text == section);
            Assert.True(heading != null, $"README.md has no '## {section}' section.");
            // The section's own text and code, plus its subsections' up to the next ## heading.
            var all = Readme.Headings.SkipWhile(h => h != heading).TakeWhile(h => h == heading || h.Level > 2).ToList();
            string text = string.Join("\n", all.Select(h => h.Prose + "\n" + string.Join("\n", h.Code.Select(c => c.Text))));
            var missing = mustMention.Where(m => text.IndexOf(m, StringComparison.Ordinal) < 0).ToList();
            Assert.True(missing.Count == 0, $"README.md, ## {section}, does not mention {string.Join(", ", missing)}.");
        }

        [Fact]
        public void CiRunsTheReadmesTestCommandExactly()
        {
            var section = Readme.Headings.First(h => h.Level == 2 && h.Text == "Tests and demo");
            var commands = section.Code.SelectMany(c => c.Text.Split('\n')).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            Assert.Equal(2, commands.Count);
            Assert.EndsWith("-Task Demo", commands[0]);
            Assert.EndsWith("-Task Test", commands[1]);
            var ciLines = File.ReadAllLines(Path.Combine(RepoPaths.Root, ".ci", "run")).Select(l => l.Trim());
            Assert.Contains(commands[1], ciLines);
        }

        [Fact]
        public void ExamplesUseOnlyParametersThatExist()
        {
            string code = string.Join("\n", Readme.Headings.SelectMany(h => h.Code).Where(c => c.Language == "powershell").Select(c => c.Text));
            var unknown = CmdletDocsTests.UnknownParameters(code).ToList();
            Assert.True(unknown.Count == 0, "README.md: " + string.Join(Environment.NewLine + "  - ", unknown));
        }
    }
}
