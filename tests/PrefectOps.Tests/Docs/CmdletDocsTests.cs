using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PrefectOps.Tests.CmdletContract;
using Xunit;

namespace PrefectOps.Tests.Docs
{
    /// <summary>
    /// docs/&lt;Cmdlet&gt;.md against the BUILT dll (read with CmdletMetadata): every exported cmdlet has a PlatyPS 0.14
    /// (schema 2.0.0) doc, and every parameter in the dll is documented with the type, sets, Required, Position,
    /// pipeline input, wildcard and accepted-values metadata PlatyPS would write for it; no doc names a parameter the
    /// cmdlet does not have, in its PARAMETERS or in its examples.
    /// What this cannot check: that PlatyPS itself accepts the files (no pwsh here; build.ps1 -Task Docs does that),
    /// default values (a property initializer is not in metadata), the order of the SYNTAX tokens (PlatyPS ignores
    /// SYNTAX when it builds MAML), and whether the prose is true.
    /// </summary>
    public class CmdletDocsTests
    {
        /// <summary>Level-2 sections of a PlatyPS 0.14 cmdlet doc, in the order New-MarkdownHelp writes them.</summary>
        public static readonly string[] SectionOrder =
            { "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS" };

        private static CmdletMetadata Module => CmdletMetadata.Module;

        public static IEnumerable<object[]> Cmdlets() => CmdletMetadata.Module.Cmdlets.Select(c => new object[] { c.Name });

        private static string DocPath(string cmdlet) => Path.Combine(RepoPaths.DocsFolder, cmdlet + ".md");

        private static PlatyPsMarkdown Doc(string cmdlet)
        {
            string path = DocPath(cmdlet);
            Assert.True(File.Exists(path), $"{cmdlet} has no doc: write docs/{cmdlet}.md (PlatyPS 0.14 format).");
            return PlatyPsMarkdown.Load(path);
        }

        private static void Rule(string cmdlet, string rule, IEnumerable<string> violations)
        {
            var list = violations.ToList();
            if (list.Count > 0)
                Assert.Fail($"docs/{cmdlet}.md breaks the rule '{rule}':{Environment.NewLine}  - {string.Join(Environment.NewLine + "  - ", list)}");
        }

        // ---- which docs exist ----

        [Fact]
        public void EveryExportedCmdletHasADoc()
        {
            var exported = Psd1Parser.Strings(Psd1Parser.Parse(File.ReadAllText(RepoPaths.Manifest))["CmdletsToExport"]);
            Rule("*", "every cmdlet in CmdletsToExport and in the dll has docs/<Name>.md",
                exported.Concat(Module.Cmdlets.Select(c => c.Name)).Distinct(StringComparer.OrdinalIgnoreCase)
                    .Where(name => !File.Exists(DocPath(name)))
                    .Select(name => $"{name}: docs/{name}.md does not exist"));
        }

        [Fact]
        public void EveryCmdletDocIsForACmdletOfTheDll()
        {
            var docs = Directory.GetFiles(RepoPaths.DocsFolder, "*.md")
                .Select(Path.GetFileNameWithoutExtension).Where(n => !n!.StartsWith("about_", StringComparison.OrdinalIgnoreCase));
            Rule("*", "every docs/<Name>.md (but about_ topics) documents a cmdlet of the dll",
                docs.Where(n => !Module.Cmdlets.Any(c => string.Equals(c.Name, n, StringComparison.Ordinal)))
                    .Select(n => $"docs/{n}.md: no cmdlet named {n} in the dll (renamed or removed? the file name must match the case too)"));
        }

        // ---- layout ----

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void FrontMatterIsPlatyPsSchema2(string name)
        {
            var doc = Doc(name);
            var violations = new List<string>();
            void Expect(string key, string? value)
            {
                if (!doc.Metadata.TryGetValue(key, out var actual)) violations.Add($"front matter has no '{key}:'");
                else if (value != null && actual != value) violations.Add($"front matter '{key}: {actual}', expected '{key}: {value}'");
            }
            // PowerShell looks for a binary module's help as <dll name>-Help.xml beside the dll.
            Expect("external help file", "PrefectOps.dll-Help.xml");
            Expect("Module Name", "PrefectOps");
            Expect("online version", null);
            Expect("schema", "2.0.0");
            if (doc.Title != name) violations.Add($"the title is '# {doc.Title}', expected '# {name}'");
            Rule(name, "PlatyPS front matter and title", violations);
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void SectionsAreThoseOfPlatyPsInOrder(string name)
        {
            var doc = Doc(name);
            var actual = doc.Sections.Select(s => s.Text).ToList();
            var violations = new List<string>();
            if (!actual.SequenceEqual(SectionOrder))
                violations.Add($"sections are [{string.Join(", ", actual)}], expected [{string.Join(", ", SectionOrder)}]");
            foreach (var section in new[] { "SYNOPSIS", "DESCRIPTION" })
                if (string.IsNullOrWhiteSpace(doc.Section(section)?.Prose)) violations.Add($"## {section} is empty");
            Rule(name, "the ## sections of a PlatyPS cmdlet doc, in order, with SYNOPSIS and DESCRIPTION written", violations);
        }

        // ---- SYNTAX ----

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void SyntaxHasOneBlockPerParameterSet(string name)
        {
            var cmdlet = Module[name];
            var doc = Doc(name);
            var violations = new List<string>();
            var blocks = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var subsections = doc.SubSections("SYNTAX");
            if (cmdlet.ParameterSets.Count == 1)
            {
                // One set: PlatyPS writes the block with no set heading.
                if (subsections.Count > 0) violations.Add($"one parameter set, so no ### set heading is expected; found {string.Join(", ", subsections.Select(s => s.Text))}");
                var code = doc.Section("SYNTAX")?.Code ?? Array.Empty<PlatyPsMarkdown.CodeBlock>();
                if (code.Count != 1) violations.Add($"expected one syntax code block, found {code.Count}");
                else blocks[cmdlet.ParameterSets[0]] = code[0].Text;
            }
            else
            {
                foreach (var sub in subsections)
                {
                    bool isDefault = sub.Text.EndsWith(" (Default)", StringComparison.Ordinal);
                    string set = isDefault ? sub.Text.Substring(0, sub.Text.Length - " (Default)".Length) : sub.Text;
                    bool shouldBeDefault = string.Equals(set, cmdlet.DefaultParameterSetName, StringComparison.OrdinalIgnoreCase);
                    if (isDefault != shouldBeDefault)
                        violations.Add(shouldBeDefault ? $"### {set} is the default set: write it as '### {set} (Default)'" : $"### {sub.Text}: {set} is not the default set ({cmdlet.DefaultParameterSetName} is)");
                    if (sub.Code.Count != 1) violations.Add($"### {sub.Text} has {sub.Code.Count} code blocks, expected one");
                    else if (!blocks.TryAdd(set, sub.Code[0].Text)) violations.Add($"### {sub.Text} appears twice");
                }
                foreach (var set in cmdlet.ParameterSets.Where(s => !blocks.ContainsKey(s)))
                    violations.Add($"parameter set {set} has no ### {set} syntax block");
                foreach (var set in blocks.Keys.Where(s => !cmdlet.ParameterSets.Contains(s, StringComparer.OrdinalIgnoreCase)))
                    violations.Add($"### {set}: the cmdlet has no parameter set {set} (its sets: {string.Join(", ", cmdlet.ParameterSets)})");
            }

            foreach (var (set, text) in blocks.Where(b => cmdlet.ParameterSets.Contains(b.Key, StringComparer.OrdinalIgnoreCase)))
            {
                var (command, tokens) = PlatyPsRendering.SplitSyntax(text);
                if (command != name) violations.Add($"set {set}: the syntax starts with '{command}', expected '{name}'");
                var expected = PlatyPsRendering.ExpectedSyntaxTokens(cmdlet, set);
                foreach (var token in expected.Where(t => !tokens.Contains(t)))
                {
                    string parameter = token.TrimStart('[', '-').Split(']', ' ')[0];
                    var written = tokens.FirstOrDefault(t => t.TrimStart('[', '-').Split(']', ' ')[0] == parameter);
                    violations.Add(written == null
                        ? $"set {set}: -{parameter} is missing; write {token}"
                        : $"set {set}: -{parameter} is written {written}, but the dll makes it {token}");
                }
                foreach (var token in tokens.Where(t => !expected.Contains(t)))
                {
                    string parameter = token.TrimStart('[', '-').Split(']', ' ')[0];
                    if (expected.Any(e => e.TrimStart('[', '-').Split(']', ' ')[0] == parameter)) continue; // reported above
                    violations.Add($"set {set}: {token} is not a parameter of this set");
                }
                if (tokens.Count != tokens.Distinct().Count()) violations.Add($"set {set}: a parameter is written twice");
            }
            Rule(name, "SYNTAX has one block per parameter set, as PlatyPS renders the dll's metadata", violations);
        }

        // ---- PARAMETERS ----

        /// <summary>The parameters a doc must describe: the dll's, plus -WhatIf and -Confirm where ShouldProcess adds them.</summary>
        private static IReadOnlyList<string> DocumentedNames(CmdletInfo cmdlet) =>
            cmdlet.Parameters.Select(p => p.Name)
                .Concat(cmdlet.SupportsShouldProcess ? PlatyPsRendering.ShouldProcessParameters.Select(s => s.Name) : Enumerable.Empty<string>())
                .ToList();

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void EveryParameterIsDocumentedAndNoOther(string name)
        {
            var cmdlet = Module[name];
            var doc = Doc(name);
            var headings = doc.SubSections("PARAMETERS").Select(h => h.Text).ToList();
            var documented = headings.Where(h => h.StartsWith("-", StringComparison.Ordinal)).Select(h => h.Substring(1)).ToList();
            var expected = DocumentedNames(cmdlet);
            var violations = new List<string>();
            violations.AddRange(expected.Where(p => !documented.Contains(p, StringComparer.Ordinal))
                .Select(p => $"-{p} is a parameter of the dll but has no '### -{p}' section"));
            violations.AddRange(documented.Where(p => !expected.Contains(p, StringComparer.Ordinal))
                .Select(p => expected.Contains(p, StringComparer.OrdinalIgnoreCase)
                    ? $"### -{p}: the parameter is spelled {expected.First(e => string.Equals(e, p, StringComparison.OrdinalIgnoreCase))} in the dll"
                    : $"### -{p}: {name} has no parameter -{p}"));
            violations.AddRange(documented.GroupBy(p => p).Where(g => g.Count() > 1).Select(g => $"### -{g.Key} appears {g.Count()} times"));
            if (!headings.Contains("CommonParameters")) violations.Add("no '### CommonParameters' section");
            violations.AddRange(headings.Where(h => !h.StartsWith("-", StringComparison.Ordinal) && h != "CommonParameters")
                .Select(h => $"### {h}: only ### -Parameter and ### CommonParameters belong under PARAMETERS"));
            foreach (var h in doc.SubSections("PARAMETERS").Where(h => h.Text.StartsWith("-", StringComparison.Ordinal) && string.IsNullOrWhiteSpace(h.Prose)))
                violations.Add($"### {h.Text} has no description");
            Rule(name, "PARAMETERS describes exactly the dll's parameters (and -WhatIf/-Confirm with ShouldProcess)", violations);
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void ParametersAreInPlatyPsOrder(string name)
        {
            // New-MarkdownHelp -AlphabeticParamsOrder: alphabetical, then -Confirm and -WhatIf last.
            var cmdlet = Module[name];
            var actual = Doc(name).SubSections("PARAMETERS").Select(h => h.Text).Where(h => h.StartsWith("-", StringComparison.Ordinal)).Select(h => h.Substring(1)).ToList();
            var expected = cmdlet.Parameters.Select(p => p.Name).OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();
            if (cmdlet.SupportsShouldProcess) expected.AddRange(new[] { "Confirm", "WhatIf" });
            Rule(name, "parameters in PlatyPS order (alphabetical, then -Confirm, -WhatIf)",
                actual.SequenceEqual(expected) || !actual.OrderBy(a => a).SequenceEqual(expected.OrderBy(e => e))
                    ? Array.Empty<string>() // a missing or extra parameter is EveryParameterIsDocumentedAndNoOther's to report
                    : new[] { $"order is {string.Join(", ", actual)}; expected {string.Join(", ", expected)}" });
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void ParameterMetadataMatchesTheDll(string name)
        {
            var cmdlet = Module[name];
            var doc = Doc(name);
            var violations = new List<string>();
            var sections = doc.SubSections("PARAMETERS").Where(h => h.Text.StartsWith("-", StringComparison.Ordinal))
                .GroupBy(h => h.Text.Substring(1)).ToDictionary(g => g.Key, g => g.First());

            foreach (var parameter in cmdlet.Parameters)
            {
                if (!sections.TryGetValue(parameter.Name, out var section)) continue; // reported by EveryParameterIsDocumentedAndNoOther
                var yaml = section.Code.Where(c => c.Language == "yaml").Select(c => c.YamlPairs()).ToList();
                var expected = PlatyPsRendering.ExpectedBlocks(cmdlet, parameter);
                string p = "-" + parameter.Name;
                if (yaml.Count != expected.Count)
                {
                    violations.Add($"{p}: {yaml.Count} yaml block(s), expected {expected.Count} (one per distinct Required/Position/pipeline metadata: {string.Join("; ", expected.Select(e => string.Join(", ", e.Sets)))})");
                    continue;
                }
                foreach (var block in yaml)
                {
                    var sets = Value(block, "Parameter Sets").Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
                    var match = expected.FirstOrDefault(e => e.Sets.OrderBy(s => s).SequenceEqual(sets.OrderBy(s => s), StringComparer.OrdinalIgnoreCase));
                    if (match == null)
                    {
                        violations.Add($"{p}: Parameter Sets '{string.Join(", ", sets)}', but the dll puts it in {string.Join(" / ", expected.Select(e => string.Join(", ", e.Sets)))}");
                        continue;
                    }
                    Compare(violations, p, block, "Type", PlatyPsRendering.TypeName(parameter.Type));
                    Compare(violations, p, block, "Aliases", string.Join(", ", parameter.Aliases));
                    Compare(violations, p, block, "Required", match.Required.ToString());
                    Compare(violations, p, block, "Position", match.Position);
                    Compare(violations, p, block, "Accept pipeline input", match.PipelineInput);
                    Compare(violations, p, block, "Accept wildcard characters", parameter.SupportsWildcards.ToString());
                    var accepted = PlatyPsRendering.AcceptedValues(parameter);
                    if (accepted != null) Compare(violations, p, block, "Accepted values", string.Join(", ", accepted));
                    else if (block.ContainsKey("Accepted values")) violations.Add($"{p}: 'Accepted values' is written, but the dll has no [ValidateSet] or enum for it");
                    if (string.IsNullOrWhiteSpace(Value(block, "Default value"))) violations.Add($"{p}: 'Default value' is missing (write None when there is none)");
                    else if (PlatyPsRendering.IsSwitch(parameter.Type) && Value(block, "Default value") != "False")
                        violations.Add($"{p}: a switch's 'Default value' is False, the doc says '{Value(block, "Default value")}'");
                }
            }

            if (cmdlet.SupportsShouldProcess)
            {
                foreach (var (sp, alias) in PlatyPsRendering.ShouldProcessParameters)
                {
                    if (!sections.TryGetValue(sp, out var section)) continue;
                    var block = section.Code.FirstOrDefault(c => c.Language == "yaml")?.YamlPairs();
                    if (block == null) { violations.Add($"-{sp}: no yaml block"); continue; }
                    Compare(violations, "-" + sp, block, "Type", "SwitchParameter");
                    Compare(violations, "-" + sp, block, "Parameter Sets", PlatyPsRendering.AllSets);
                    Compare(violations, "-" + sp, block, "Aliases", alias);
                    Compare(violations, "-" + sp, block, "Required", "False");
                    Compare(violations, "-" + sp, block, "Position", "Named");
                    Compare(violations, "-" + sp, block, "Accept pipeline input", "False");
                    Compare(violations, "-" + sp, block, "Accept wildcard characters", "False");
                }
            }
            Rule(name, "each parameter's yaml block says what the dll declares", violations);
        }

        private static string Value(IReadOnlyDictionary<string, string> block, string key) => block.TryGetValue(key, out var v) ? v : "";

        private static void Compare(List<string> violations, string parameter, IReadOnlyDictionary<string, string> block, string key, string expected)
        {
            if (!block.TryGetValue(key, out var actual)) violations.Add($"{parameter}: '{key}:' is missing (expected '{key}: {expected}')");
            else if (actual != expected) violations.Add($"{parameter}: '{key}: {actual}', but the dll makes it '{expected}'");
        }

        // ---- EXAMPLES, INPUTS, OUTPUTS ----

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void HasAtLeastTwoExamplesThatUseTheCmdlet(string name)
        {
            var examples = Doc(name).SubSections("EXAMPLES");
            var violations = new List<string>();
            if (examples.Count < 2) violations.Add($"{examples.Count} example(s); write at least two");
            foreach (var example in examples)
            {
                if (!example.Text.StartsWith("Example ", StringComparison.Ordinal)) violations.Add($"### {example.Text}: PlatyPS example titles start with 'Example N'");
                var code = example.Code.FirstOrDefault(c => c.Language == "powershell");
                if (code == null || string.IsNullOrWhiteSpace(code.Text)) violations.Add($"### {example.Text} has no ```powershell code");
                else if (code.Text.IndexOf(name, StringComparison.OrdinalIgnoreCase) < 0) violations.Add($"### {example.Text}: the code does not use {name}");
            }
            Rule(name, "at least two examples, each with PowerShell code using the cmdlet", violations);
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void ExamplesUseOnlyParametersThatExist(string name)
        {
            var code = string.Join("\n", Doc(name).SubSections("EXAMPLES").SelectMany(e => e.Code).Where(c => c.Language == "powershell").Select(c => c.Text));
            Rule(name, "every -Parameter an example gives a PrefectOps cmdlet exists", UnknownParameters(code));
        }

        /// <summary>Uses of PrefectOps cmdlets in code with a -Parameter they do not have (common parameters allowed).</summary>
        public static IEnumerable<string> UnknownParameters(string code)
        {
            foreach (var use in ExampleCommands.Find(code, Module.Cmdlets.Select(c => c.Name)))
            {
                var cmdlet = Module[use.Command];
                bool known = cmdlet.Parameters.Any(p => string.Equals(p.Name, use.Parameter, StringComparison.OrdinalIgnoreCase)
                                                        || p.Aliases.Contains(use.Parameter, StringComparer.OrdinalIgnoreCase))
                             || (CmdletContractTests.CommonParameterNames.Contains(use.Parameter)
                                 && (cmdlet.SupportsShouldProcess || !PlatyPsRendering.ShouldProcessParameters.Any(s => string.Equals(s.Name, use.Parameter, StringComparison.OrdinalIgnoreCase) || s.Alias == use.Parameter)));
                if (!known) yield return $"{use.Command} has no parameter -{use.Parameter}: {use.Line}";
            }
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void InputsNameThePipelineTypes(string name)
        {
            var cmdlet = Module[name];
            var headings = Doc(name).SubSections("INPUTS").Select(h => h.Text).ToList();
            var byValue = cmdlet.Parameters.Where(p => p.Declarations.Any(d => d.ValueFromPipeline)).Select(p => p.Type.FullName!).Distinct().ToList();
            var pipeline = cmdlet.Parameters.Where(p => p.Declarations.Any(d => d.ValueFromPipeline || d.ValueFromPipelineByPropertyName)).Select(p => p.Type.FullName!).ToList();
            var violations = new List<string>();
            violations.AddRange(byValue.Where(t => !headings.Contains(t)).Select(t => $"### {t} is missing: a parameter takes it by value from the pipeline"));
            violations.AddRange(headings.Where(h => h != "None" && !pipeline.Contains(h)).Select(h => $"### {h}: no parameter takes this type from the pipeline (by value or by property name)"));
            if (pipeline.Count == 0 && !headings.SequenceEqual(new[] { "None" })) violations.Add("no parameter takes pipeline input, so INPUTS is '### None'");
            if (headings.Count == 0) violations.Add("INPUTS lists nothing; write '### None' when nothing can be piped");
            Rule(name, "INPUTS names the types the pipeline binds", violations);
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void OutputsNameTheOutputTypes(string name)
        {
            var cmdlet = Module[name];
            var headings = Doc(name).SubSections("OUTPUTS").Select(h => h.Text).ToList();
            var expected = cmdlet.OutputTypes.Select(o => o.Type?.FullName ?? o.Name).Select(t => t == "System.Void" ? "None" : t).Distinct().ToList();
            var violations = new List<string>();
            violations.AddRange(expected.Where(t => !headings.Contains(t)).Select(t => $"### {t} is missing: the cmdlet's [OutputType] declares it"));
            violations.AddRange(headings.Where(h => !expected.Contains(h)).Select(h => $"### {h}: not an [OutputType] of the cmdlet ({string.Join(", ", expected)})"));
            Rule(name, "OUTPUTS names exactly the [OutputType] types (System.Void as None)", violations);
        }
    }
}
