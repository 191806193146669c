using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace PrefectOps.Tests.CmdletContract
{
    /// <summary>PrefectOps.psd1 as the PowerShell Gallery and Import-Module read it.</summary>
    public class ManifestTests
    {
        private static readonly Lazy<Dictionary<string, object>> LazyManifest =
            new Lazy<Dictionary<string, object>>(() => Psd1Parser.Parse(File.ReadAllText(RepoPaths.Manifest)));

        private static Dictionary<string, object> Manifest => LazyManifest.Value;

        private static string Text(string key)
        {
            Assert.True(Manifest.TryGetValue(key, out var value), $"PrefectOps.psd1 has no {key}.");
            var text = Assert.IsType<string>(value);
            Assert.False(string.IsNullOrWhiteSpace(text), $"PrefectOps.psd1: {key} is empty.");
            return text;
        }

        private static Dictionary<string, object> PSData
        {
            get
            {
                Assert.True(Manifest.TryGetValue("PrivateData", out var privateData), "PrefectOps.psd1 has no PrivateData.");
                var table = Assert.IsType<Dictionary<string, object>>(privateData);
                Assert.True(table.TryGetValue("PSData", out var psData), "PrefectOps.psd1 has no PrivateData.PSData.");
                return Assert.IsType<Dictionary<string, object>>(psData);
            }
        }

        [Fact]
        public void RootModuleIsTheCmdletDll()
        {
            Assert.Equal("PrefectOps.dll", Text("RootModule"));
            Assert.Equal("PrefectOps.dll", Path.GetFileName(RepoPaths.CmdletDll));
        }

        [Fact]
        public void ModuleVersionIsTheBuildVersion()
        {
            string moduleVersion = Text("ModuleVersion");
            Assert.True(Version.TryParse(moduleVersion, out var version), $"ModuleVersion '{moduleVersion}' is not a version.");
            var props = XDocument.Load(RepoPaths.BuildProps);
            string? buildVersion = props.Descendants("Version").Select(v => v.Value.Trim()).FirstOrDefault();
            Assert.False(string.IsNullOrEmpty(buildVersion), "Directory.Build.props has no <Version>.");
            Assert.True(Version.TryParse(buildVersion!.Split('-')[0], out var built), $"Directory.Build.props <Version> '{buildVersion}' is not a version.");
            Assert.True(version == built, $"PrefectOps.psd1 ModuleVersion {moduleVersion} differs from Directory.Build.props <Version> {buildVersion}: bump both.");
        }

        [Fact]
        public void HasAGuid()
        {
            string guid = Text("GUID");
            Assert.True(Guid.TryParse(guid, out var parsed) && parsed != Guid.Empty, $"GUID '{guid}' is not a GUID.");
        }

        [Fact]
        public void HasAuthorAndDescription()
        {
            Text("Author");
            Assert.True(Text("Description").Length >= 40, "The Description is what the Gallery shows; say what the module does.");
        }

        [Fact]
        public void RunsOnWindowsPowerShellAndPowerShell()
        {
            var editions = Psd1Parser.Strings(Manifest.GetValueOrDefault("CompatiblePSEditions"));
            Assert.Contains("Desktop", editions);
            Assert.Contains("Core", editions);
            Assert.Equal("5.1", Text("PowerShellVersion"));
        }

        [Theory]
        [InlineData("FormatsToProcess", ".format.ps1xml")]
        [InlineData("TypesToProcess", ".types.ps1xml")]
        public void FormatAndTypeFilesExistUnderModule(string key, string suffix)
        {
            var files = Psd1Parser.Strings(Manifest.GetValueOrDefault(key));
            Assert.True(files.Count > 0, $"PrefectOps.psd1 has no {key}.");
            foreach (var file in files)
            {
                Assert.EndsWith(suffix, file, StringComparison.OrdinalIgnoreCase);
                string path = Path.Combine(RepoPaths.ModuleFolder, file);
                Assert.True(File.Exists(path), $"{key} lists '{file}', but module/{file} does not exist.");
                XDocument.Load(path); // and is well-formed XML
            }
        }

        [Fact]
        public void ExportsAreExplicit()
        {
            foreach (var key in new[] { "CmdletsToExport", "FunctionsToExport", "VariablesToExport", "AliasesToExport" })
            {
                Assert.True(Manifest.ContainsKey(key), $"PrefectOps.psd1 has no {key}: leaving it out exports everything ('*').");
                var values = Psd1Parser.Strings(Manifest[key]);
                Assert.DoesNotContain(values, v => v.Contains('*'));
            }
        }

        [Fact]
        public void PSDataHasGalleryMetadata()
        {
            var psData = PSData;
            var tags = Psd1Parser.Strings(psData.GetValueOrDefault("Tags"));
            Assert.NotEmpty(tags);
            Assert.DoesNotContain(tags, t => t.Contains(' ')); // the Gallery rejects tags with spaces
            // ProjectUri and LicenseUri only where they are real: the Gallery links them from the package's page.
            foreach (var key in new[] { "ProjectUri", "LicenseUri", "IconUri" })
            {
                if (!psData.TryGetValue(key, out var uri)) continue;
                Assert.True(Uri.TryCreate(uri as string, UriKind.Absolute, out var parsed) && parsed.Scheme == Uri.UriSchemeHttps,
                    $"PSData.{key} '{uri}' is not an https URL.");
            }
            Assert.True(psData.TryGetValue("ReleaseNotes", out var notes) && notes is string s && s.Trim().Length > 0, "PSData has no ReleaseNotes.");
        }

        [Fact]
        public void GalleryFieldsAreWithinItsLimits()
        {
            // The Gallery (NuGet) limits: Description 4000 characters, tags without spaces and under 4000 together.
            Assert.True(Text("Description").Length <= 4000, "The Description is longer than the Gallery's 4000 characters.");
            Text("CompanyName");
            Text("Copyright");
            var tags = Psd1Parser.Strings(PSData.GetValueOrDefault("Tags"));
            Assert.True(string.Join(" ", tags).Length < 4000, "PSData.Tags are longer than 4000 characters together.");
            Assert.Equal(tags.Count, tags.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        }

        [Fact]
        public void TagsAnnounceTheEditionsTheManifestDeclares()
        {
            // The Gallery's edition filter reads PSEdition_<edition> tags, not CompatiblePSEditions.
            var tags = Psd1Parser.Strings(PSData.GetValueOrDefault("Tags"));
            foreach (var edition in Psd1Parser.Strings(Manifest.GetValueOrDefault("CompatiblePSEditions")))
                Assert.True(tags.Contains("PSEdition_" + edition), $"CompatiblePSEditions has {edition} but PSData.Tags has no PSEdition_{edition}.");
        }

        [Fact]
        public void ReleaseNotesNameEveryExportedCmdlet()
        {
            // The first release ships every cmdlet; release notes that list only some mislead the Gallery page.
            string notes = PSData.GetValueOrDefault("ReleaseNotes") as string ?? "";
            var missing = Psd1Parser.Strings(Manifest["CmdletsToExport"]).Where(c => !notes.Contains(c, StringComparison.Ordinal)).ToList();
            Assert.True(missing.Count == 0, $"PSData.ReleaseNotes does not name {string.Join(", ", missing)}.");
        }
    }
}
