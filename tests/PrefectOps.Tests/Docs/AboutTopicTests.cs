using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PrefectOps.Tests.CmdletContract;
using Xunit;

namespace PrefectOps.Tests.Docs
{
    /// <summary>
    /// docs/about_PrefectOps.md in PlatyPS 0.14's about-topic layout (New-MarkdownAboutHelp's template: the topic name,
    /// then "## about_Name", which New-ExternalHelp uses to recognise an about topic), mentioning every cmdlet of the dll
    /// and the subjects issue 7 asks for. It cannot check that PlatyPS renders it (no pwsh here) or that the prose is true.
    /// </summary>
    public class AboutTopicTests
    {
        private static string AboutPath => Path.Combine(RepoPaths.DocsFolder, "about_PrefectOps.md");

        private static PlatyPsMarkdown About
        {
            get
            {
                Assert.True(File.Exists(AboutPath), "docs/about_PrefectOps.md does not exist.");
                return PlatyPsMarkdown.Load(AboutPath);
            }
        }

        [Fact]
        public void HasThePlatyPsAboutLayout()
        {
            var about = About;
            var violations = new List<string>();
            if (about.Metadata.Count > 0) violations.Add("no YAML front matter: PlatyPS finds an about topic by its second heading");
            if (about.Headings.Count < 2 || about.Headings[0].Text != "PrefectOps" || about.Headings[0].Level != 1)
                violations.Add("the first heading must be '# PrefectOps'");
            if (about.Headings.Count < 2 || about.Headings[1].Text != "about_PrefectOps" || about.Headings[1].Level != 2)
                violations.Add("the second heading must be '## about_PrefectOps' (the help system's lookup name)");
            var top = about.Headings.Where(h => h.Level == 1).Select(h => h.Text).ToList();
            foreach (var required in new[] { "SHORT DESCRIPTION", "LONG DESCRIPTION", "EXAMPLES", "SEE ALSO", "KEYWORDS" })
                if (!top.Contains(required)) violations.Add($"no '# {required}' section");
            var shortDescription = about.Headings.FirstOrDefault(h => h.Text == "SHORT DESCRIPTION");
            if (shortDescription != null && string.IsNullOrWhiteSpace(shortDescription.Prose)) violations.Add("# SHORT DESCRIPTION is empty");
            if (violations.Count > 0) Assert.Fail("docs/about_PrefectOps.md:" + Environment.NewLine + "  - " + string.Join(Environment.NewLine + "  - ", violations));
        }

        [Fact]
        public void MentionsEveryCmdlet()
        {
            string text = File.ReadAllText(AboutPath);
            var missing = CmdletMetadata.Module.Cmdlets.Select(c => c.Name).Where(n => text.IndexOf(n, StringComparison.Ordinal) < 0).ToList();
            Assert.True(missing.Count == 0, $"docs/about_PrefectOps.md does not mention {string.Join(", ", missing)}.");
        }

        [Theory]
        [InlineData("CONNECTING", "PREFECT_API_URL", "profiles.toml", "http://127.0.0.1:4200/api")]
        [InlineData("BACKENDS", "Prefect 2.x", "Prefect 3.x", "Prefect 1", "WorkQueuesNotSupported")]
        [InlineData("THE MAINTENANCE STORY", "Disable-FlowByTag", "Get-Flow -InMaintenance", "Enable-FlowByTag")]
        [InlineData("CATCH-UP RULES", "-MaxCatchUpRuns", "idempotency", "CatchUpFailed")]
        [InlineData("WORK QUEUES VERSUS DISABLING FLOWS", "Suspend-WorkQueue", "Disable-FlowByTag")]
        [InlineData("RUNNING FROM A SCHEDULED TASK", "-Confirm:$false", "$ErrorActionPreference", "Start-Transcript", "exit")]
        public void CoversTheSubject(string section, params string[] mustMention)
        {
            var heading = About.Headings.FirstOrDefault(h => h.Level == 2 && h.Text == section);
            Assert.True(heading != null, $"docs/about_PrefectOps.md has no '## {section}' subtopic under LONG DESCRIPTION.");
            string text = heading!.Prose + "\n" + string.Join("\n", heading.Code.Select(c => c.Text));
            var missing = mustMention.Where(m => text.IndexOf(m, StringComparison.Ordinal) < 0).ToList();
            Assert.True(missing.Count == 0, $"docs/about_PrefectOps.md, ## {section}, does not mention {string.Join(", ", missing)}.");
        }

        [Fact]
        public void ExamplesUseOnlyParametersThatExist()
        {
            string code = string.Join("\n", About.Headings.SelectMany(h => h.Code).Select(c => c.Text));
            var unknown = CmdletDocsTests.UnknownParameters(code).ToList();
            Assert.True(unknown.Count == 0, "docs/about_PrefectOps.md: " + string.Join(Environment.NewLine + "  - ", unknown));
        }
    }
}
