using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace PrefectOps.Tests.CmdletContract
{
    /// <summary>
    /// The cmdlet contract of the BUILT PrefectOps.dll, read from its metadata. One rule per test, each over every
    /// cmdlet, so a failure names the cmdlet and the rule. New cmdlets are checked as soon as they are compiled in.
    /// </summary>
    public class CmdletContractTests
    {
        /// <summary>Get-Verb on PowerShell 7.4: 100 verbs (Build and Deploy came with PowerShell 6).</summary>
        public static readonly IReadOnlyCollection<string> ApprovedVerbs = new HashSet<string>(StringComparer.Ordinal)
        {
            // Common
            "Add", "Clear", "Close", "Copy", "Enter", "Exit", "Find", "Format", "Get", "Hide", "Join", "Lock", "Move", "New",
            "Open", "Optimize", "Pop", "Push", "Redo", "Remove", "Rename", "Reset", "Resize", "Search", "Select", "Set",
            "Show", "Skip", "Split", "Step", "Switch", "Undo", "Unlock", "Watch",
            // Communications
            "Connect", "Disconnect", "Read", "Receive", "Send", "Write",
            // Data
            "Backup", "Checkpoint", "Compare", "Compress", "Convert", "ConvertFrom", "ConvertTo", "Dismount", "Edit",
            "Expand", "Export", "Group", "Import", "Initialize", "Limit", "Merge", "Mount", "Out", "Publish", "Restore",
            "Save", "Sync", "Unpublish", "Update",
            // Diagnostic
            "Debug", "Measure", "Ping", "Repair", "Resolve", "Test", "Trace",
            // Lifecycle
            "Approve", "Assert", "Build", "Complete", "Confirm", "Deny", "Deploy", "Disable", "Enable", "Install", "Invoke",
            "Register", "Request", "Restart", "Resume", "Start", "Stop", "Submit", "Suspend", "Uninstall", "Unregister", "Wait",
            // Security
            "Block", "Grant", "Protect", "Revoke", "Unblock", "Unprotect",
            // Other
            "Use",
        };

        /// <summary>Words of a noun that end in 's' but are singular.</summary>
        public static readonly IReadOnlyCollection<string> SingularWordsEndingInS = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Status", "Alias", "Process", "Address", "Access", "Class", "Bus", "Canvas", "Progress",
        };

        /// <summary>Verbs that change something on the server: these cmdlets must support -WhatIf/-Confirm.</summary>
        public static readonly IReadOnlyCollection<string> StateChangingVerbs = new HashSet<string>(StringComparer.Ordinal)
        {
            "Disable", "Enable", "Stop", "Resume", "Suspend", "Set", "New", "Remove", "Start", "Restart", "Update", "Add",
            "Clear", "Reset", "Invoke", "Register", "Unregister",
        };

        /// <summary>Change the session's connection, not the server: no ShouldProcess needed.</summary>
        public static readonly IReadOnlyCollection<string> SessionVerbs = new HashSet<string>(StringComparer.Ordinal) { "Connect", "Disconnect" };

        /// <summary>Verbs that act on every flow/run/queue a filter matches: confirmation by default (ConfirmImpact High).</summary>
        public static readonly IReadOnlyCollection<string> BulkVerbs = new HashSet<string>(StringComparer.Ordinal) { "Disable", "Enable", "Stop" };

        /// <summary>PowerShell's common parameters and their aliases (7.4, with ProgressAction): a cmdlet may not declare them.</summary>
        public static readonly IReadOnlyCollection<string> CommonParameterNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Verbose", "vb", "Debug", "db", "ErrorAction", "ea", "WarningAction", "wa", "InformationAction", "infa",
            "ProgressAction", "proga", "ErrorVariable", "ev", "WarningVariable", "wv", "InformationVariable", "iv",
            "OutVariable", "ov", "OutBuffer", "ob", "PipelineVariable", "pv", "WhatIf", "wi", "Confirm", "cf", "UseTransaction", "usetx",
        };

        /// <summary>
        /// The design's mandatory parameters per parameter set: what a caller must give to pick the set. A set listed
        /// here must exist, and exactly these parameters are mandatory in it.
        /// </summary>
        public static readonly IReadOnlyList<(string Cmdlet, string Set, string[] Mandatory)> MandatoryByDesign = new[]
        {
            ("Get-Flow", "Query", new string[0]),
            ("Get-Flow", "Id", new[] { "Id" }),
            ("Disable-FlowByTag", "ByTag", new[] { "Tag" }),
            ("Disable-FlowByTag", "ByInputObject", new[] { "InputObject" }),
            ("Disable-FlowByTag", "ById", new[] { "Id" }),
            ("Enable-FlowByTag", "ByTag", new[] { "Tag" }),
            ("Enable-FlowByTag", "ByInputObject", new[] { "InputObject" }),
            ("Enable-FlowByTag", "ById", new[] { "Id" }),
            ("Enable-FlowByTag", "Expired", new[] { "Expired" }),
            ("Get-FlowTag", CmdletMetadata.AllParameterSets, new string[0]),
            ("Connect-Prefect", CmdletMetadata.AllParameterSets, new string[0]),
            ("Disconnect-Prefect", CmdletMetadata.AllParameterSets, new string[0]),
        };

        private static CmdletMetadata Module => CmdletMetadata.Module;

        public static IEnumerable<object[]> Cmdlets() => CmdletMetadata.Module.Cmdlets.Select(c => new object[] { c.Name });

        public static IEnumerable<object[]> DesignedSets() => MandatoryByDesign.Select(d => new object[] { d.Cmdlet, d.Set, d.Mandatory });

        private static void Rule(string cmdlet, string rule, IEnumerable<string> violations)
        {
            var list = violations.ToList();
            if (list.Count > 0)
                Assert.Fail($"{cmdlet} breaks the rule '{rule}':{Environment.NewLine}  - {string.Join(Environment.NewLine + "  - ", list)}");
        }

        private static void Rule(string cmdlet, string rule, bool holds, string detail)
        {
            if (!holds) Rule(cmdlet, rule, new[] { detail });
        }

        // ---- the module as a whole ----

        [Fact]
        public void TheBuiltModuleHasCmdlets()
        {
            Assert.True(Module.Cmdlets.Count >= 6, $"Expected the cmdlets of {RepoPaths.Relative(RepoPaths.CmdletDll)}, found {Module.Cmdlets.Count}: {string.Join(", ", Module.Cmdlets)}.");
        }

        [Fact]
        public void ManifestCmdletsToExportIsExactlyTheCmdletsInTheDll()
        {
            var manifest = Psd1Parser.Parse(File.ReadAllText(RepoPaths.Manifest));
            Assert.True(manifest.ContainsKey("CmdletsToExport"), "PrefectOps.psd1 has no CmdletsToExport.");
            var exported = Psd1Parser.Strings(manifest["CmdletsToExport"]);
            var inDll = Module.Cmdlets.Select(c => c.Name).ToList();
            var violations = new List<string>();
            violations.AddRange(inDll.Where(n => !exported.Contains(n, StringComparer.OrdinalIgnoreCase)).Select(n => $"{n} is in the dll but not in CmdletsToExport"));
            violations.AddRange(exported.Where(n => !inDll.Contains(n, StringComparer.OrdinalIgnoreCase)).Select(n => $"{n} is in CmdletsToExport but not a cmdlet in the dll"));
            violations.AddRange(exported.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => $"{g.Key} is listed {g.Count()} times"));
            violations.AddRange(exported.Where(n => n.IndexOfAny(new[] { '*', '?', '[' }) >= 0).Select(n => $"'{n}' is a wildcard; list the cmdlets by name"));
            Rule("PrefectOps.psd1", "CmdletsToExport equals the set of cmdlets in the dll", violations);
        }

        [Fact]
        public void CmdletNamesAreUnique()
        {
            Rule("PrefectOps.dll", "one class per cmdlet name", Module.Cmdlets.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
                .Where(g => g.Count() > 1).Select(g => $"{g.Key} is declared by {string.Join(" and ", g.Select(c => c.Type.FullName))}"));
        }

        // ---- naming ----

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void VerbIsApproved(string name)
        {
            var cmdlet = Module[name];
            Rule(name, "the verb is an approved PowerShell verb (Get-Verb)", ApprovedVerbs.Contains(cmdlet.Verb),
                $"'{cmdlet.Verb}' is not in Get-Verb's list (case matters: PowerShell shows the verb as declared)");
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void NounIsSingularPascalCase(string name)
        {
            var cmdlet = Module[name];
            var violations = new List<string>();
            if (!Regex.IsMatch(cmdlet.Noun, "^[A-Z][A-Za-z0-9]*$")) violations.Add($"the noun '{cmdlet.Noun}' is not PascalCase letters and digits");
            foreach (Match word in Regex.Matches(cmdlet.Noun, "[A-Z][a-z0-9]*"))
            {
                if (word.Value.Length > 2 && word.Value.EndsWith("s", StringComparison.Ordinal) && !SingularWordsEndingInS.Contains(word.Value))
                    violations.Add($"'{word.Value}' in the noun '{cmdlet.Noun}' looks plural (add it to SingularWordsEndingInS if it is a singular word)");
            }
            Rule(name, "the noun is singular", violations);
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void CmdletClassIsPublicAndConcrete(string name)
        {
            var type = Module[name].Type;
            Rule(name, "the cmdlet class is public and not abstract", type.IsPublic && !type.IsAbstract && !type.IsGenericTypeDefinition,
                $"{type.FullName} is {(type.IsPublic ? "" : "not public ")}{(type.IsAbstract ? "abstract" : "")}".Trim());
        }

        // ---- output ----

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void DeclaresAnOutputType(string name)
        {
            Rule(name, "declares at least one [OutputType]", Module[name].OutputTypes.Count > 0,
                "no [OutputType]; declare what it writes ([OutputType(typeof(void))] when it writes nothing)");
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void OutputTypesArePublicAndExist(string name)
        {
            var violations = new List<string>();
            foreach (var output in Module[name].OutputTypes)
            {
                var type = output.Type ?? Module.FindType(output.Name);
                if (type == null) violations.Add($"[OutputType] {output.Name} does not exist in the module or its references");
                else if (!IsPublic(type)) violations.Add($"[OutputType] {type.FullName} is not public");
            }
            Rule(name, "[OutputType] types exist and are public", violations);
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void OutputTypesHaveATableView(string name)
        {
            var views = ModuleXmlFiles.ReadViews(XDocument.Load(RepoPaths.FormatFile));
            var violations = new List<string>();
            foreach (var output in Module[name].OutputTypes)
            {
                string fullName = output.Type?.FullName ?? output.Name;
                if (fullName == "System.Void" || fullName == "System.String") continue;
                if (!views.Any(v => v.Control == "TableControl" && v.SelectedBy.Contains(fullName, StringComparer.OrdinalIgnoreCase)))
                    violations.Add($"no table view in module/PrefectOps.format.ps1xml selected by <TypeName>{fullName}</TypeName>");
            }
            Rule(name, "every output type has a table view", violations);
        }

        // ---- ShouldProcess ----

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void StateChangingVerbsSupportShouldProcess(string name)
        {
            var cmdlet = Module[name];
            if (SessionVerbs.Contains(cmdlet.Verb) || !StateChangingVerbs.Contains(cmdlet.Verb)) return;
            Rule(name, "a state-changing verb supports ShouldProcess (-WhatIf/-Confirm)", cmdlet.SupportsShouldProcess,
                $"'{cmdlet.Verb}' changes the server but the [Cmdlet] attribute has no SupportsShouldProcess = true");
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void GetCmdletsDoNotSupportShouldProcess(string name)
        {
            var cmdlet = Module[name];
            if (cmdlet.Verb != "Get") return;
            Rule(name, "a Get cmdlet changes nothing, so it has no -WhatIf/-Confirm", !cmdlet.SupportsShouldProcess,
                "SupportsShouldProcess = true on a Get cmdlet");
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void BulkVerbsConfirmByDefault(string name)
        {
            var cmdlet = Module[name];
            if (!BulkVerbs.Contains(cmdlet.Verb) || !cmdlet.SupportsShouldProcess) return;
            Rule(name, "a bulk verb (Disable/Enable/Stop) with ShouldProcess has ConfirmImpact High", cmdlet.ConfirmImpact == ConfirmImpactLevel.High,
                $"ConfirmImpact is {cmdlet.ConfirmImpact}; a tag can match hundreds of flows, so ask by default");
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void ForceOnlyWithShouldProcess(string name)
        {
            var cmdlet = Module[name];
            if (cmdlet.Parameter("Force") == null) return;
            Rule(name, "-Force only on a cmdlet that supports ShouldProcess", cmdlet.SupportsShouldProcess,
                "has -Force but no SupportsShouldProcess: there is no confirmation for -Force to skip");
        }

        // ---- parameter sets ----

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void DefaultParameterSetExists(string name)
        {
            var cmdlet = Module[name];
            var sets = cmdlet.ParameterSets;
            var violations = new List<string>();
            if (cmdlet.DefaultParameterSetName != null && !sets.Contains(cmdlet.DefaultParameterSetName, StringComparer.OrdinalIgnoreCase)
                && cmdlet.DefaultParameterSetName != CmdletMetadata.AllParameterSets)
                violations.Add($"DefaultParameterSetName '{cmdlet.DefaultParameterSetName}' is not a parameter set; the sets are {string.Join(", ", sets)}");
            if (sets.Count > 1 && cmdlet.DefaultParameterSetName == null)
                violations.Add($"{sets.Count} parameter sets ({string.Join(", ", sets)}) and no DefaultParameterSetName: a call giving none of the set-specific parameters cannot be resolved");
            Rule(name, "DefaultParameterSetName names an existing set (and is given when there are several)", violations);
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void PositionsAreUniquePerSet(string name)
        {
            var cmdlet = Module[name];
            var violations = new List<string>();
            foreach (var set in cmdlet.ParameterSets)
            {
                foreach (var clash in cmdlet.InSet(set).Where(p => p.Declaration.Position.HasValue).GroupBy(p => p.Declaration.Position!.Value).Where(g => g.Count() > 1))
                    violations.Add($"set {set}: position {clash.Key} is taken by {string.Join(" and ", clash.Select(p => "-" + p.Parameter.Name))}");
            }
            Rule(name, "no two parameters in a set share a Position", violations);
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void AtMostOneByValueBindingPerSet(string name)
        {
            var cmdlet = Module[name];
            var violations = new List<string>();
            foreach (var set in cmdlet.ParameterSets)
            {
                var byValue = cmdlet.InSet(set).Where(p => p.Declaration.ValueFromPipeline).Select(p => p.Parameter).ToList();
                for (int i = 0; i < byValue.Count; i++)
                for (int j = i + 1; j < byValue.Count; j++)
                {
                    if (BindTheSameObject(byValue[i].ElementType, byValue[j].ElementType))
                        violations.Add($"set {set}: -{byValue[i].Name} ({byValue[i].Type.Name}) and -{byValue[j].Name} ({byValue[j].Type.Name}) both take the same pipeline object by value");
                }
            }
            Rule(name, "at most one ValueFromPipeline parameter per set for any one object type", violations);
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void EveryNonDefaultSetHasAParameterOfItsOwn(string name)
        {
            var cmdlet = Module[name];
            var violations = new List<string>();
            foreach (var set in cmdlet.ParameterSets.Where(s => s != CmdletMetadata.AllParameterSets
                                                                 && !string.Equals(s, cmdlet.DefaultParameterSetName, StringComparison.OrdinalIgnoreCase)))
            {
                bool own = cmdlet.Parameters.Any(p => p.Declarations.All(d => string.Equals(d.ParameterSetName, set, StringComparison.OrdinalIgnoreCase)));
                if (!own) violations.Add($"set {set} has no parameter that only it has, so PowerShell can never pick it");
            }
            Rule(name, "every non-default parameter set can be selected", violations);
        }

        [Theory]
        [MemberData(nameof(DesignedSets))]
        public void MandatoryParametersAreAsDesigned(string name, string set, string[] mandatory)
        {
            var cmdlet = Module.Cmdlets.FirstOrDefault(c => c.Name == name);
            Assert.True(cmdlet != null, $"{name} is in the design table (MandatoryByDesign) but not in the dll.");
            var violations = new List<string>();
            if (!cmdlet!.ParameterSets.Contains(set, StringComparer.OrdinalIgnoreCase))
            {
                violations.Add($"the design has a parameter set '{set}'; the cmdlet has {string.Join(", ", cmdlet.ParameterSets)}");
            }
            else
            {
                var actual = cmdlet.InSet(set).Where(p => p.Declaration.Mandatory).Select(p => p.Parameter.Name).ToList();
                violations.AddRange(mandatory.Except(actual, StringComparer.OrdinalIgnoreCase).Select(p => $"set {set}: -{p} should be mandatory (and in the set)"));
                violations.AddRange(actual.Except(mandatory, StringComparer.OrdinalIgnoreCase).Select(p => $"set {set}: -{p} is mandatory but the design does not ask for it"));
            }
            Rule(name, "mandatory parameters per set are as designed", violations);
        }

        [Fact]
        public void EveryParameterSetIsInTheDesignTable()
        {
            // New cmdlets are exempt until they are added to the table; a new set on a designed cmdlet is not.
            var violations = new List<string>();
            foreach (var cmdlet in Module.Cmdlets.Where(c => MandatoryByDesign.Any(d => d.Cmdlet == c.Name)))
            foreach (var set in cmdlet.ParameterSets.Where(s => !MandatoryByDesign.Any(d => d.Cmdlet == cmdlet.Name && string.Equals(d.Set, s, StringComparison.OrdinalIgnoreCase))))
                violations.Add($"{cmdlet.Name}: parameter set '{set}' is not in MandatoryByDesign");
            Rule("PrefectOps.dll", "every parameter set of a designed cmdlet is in the design table", violations);
        }

        // ---- parameters ----

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void NameParametersSupportWildcards(string name)
        {
            var violations = Module[name].Parameters
                .Where(p => (p.Name == "Name" || p.Name == "ExcludeName") && p.Type.FullName == "System.String[]" && !p.SupportsWildcards)
                .Select(p => $"-{p.Name} (string[]) has no [SupportsWildcards]");
            Rule(name, "-Name/-ExcludeName string[] parameters carry [SupportsWildcards]", violations);
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void TagParametersHaveACompleter(string name)
        {
            var tag = Module[name].Parameter("Tag");
            if (tag == null) return;
            Rule(name, "-Tag has an [ArgumentCompleter]", tag.HasArgumentCompleter, "-Tag has no [ArgumentCompleter]");
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void TagParametersAreNotWildcards(string name)
        {
            var tag = Module[name].Parameter("Tag");
            if (tag == null) return;
            Rule(name, "-Tag matches exactly, so it is not [SupportsWildcards]", !tag.SupportsWildcards,
                "-Tag is marked [SupportsWildcards], but tags are matched exactly (InvalidTag for wildcards)");
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void ArgumentCompletersAreUsable(string name)
        {
            var violations = new List<string>();
            foreach (var parameter in Module[name].Parameters.Where(p => p.HasArgumentCompleter))
            {
                var completer = parameter.ArgumentCompleter;
                if (completer == null) { violations.Add($"-{parameter.Name}: [ArgumentCompleter] does not name a type"); continue; }
                if (!IsPublic(completer)) violations.Add($"-{parameter.Name}: {completer.FullName} is not public");
                if (!completer.GetInterfaces().Any(i => i.FullName == "System.Management.Automation.IArgumentCompleter"))
                    violations.Add($"-{parameter.Name}: {completer.FullName} does not implement IArgumentCompleter");
                if (completer.IsAbstract || completer.GetConstructor(Type.EmptyTypes) == null)
                    violations.Add($"-{parameter.Name}: {completer.FullName} has no public parameterless constructor");
            }
            Rule(name, "argument completers are public IArgumentCompleter classes PowerShell can create", violations);
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void SwitchesAreSwitchParameterNotBool(string name)
        {
            var violations = Module[name].Parameters
                .Where(p => p.ElementType.FullName == "System.Boolean")
                .Select(p => $"-{p.Name} is {p.Type.Name}; use SwitchParameter");
            Rule(name, "switch parameters are SwitchParameter, not bool", violations);
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void NoParameterClashesWithCommonParameters(string name)
        {
            var violations = Module[name].Parameters
                .SelectMany(p => new[] { p.Name }.Concat(p.Aliases).Where(CommonParameterNames.Contains).Select(n => $"-{p.Name}: '{n}' is a common parameter or its alias"));
            Rule(name, "no parameter name or alias is a common parameter's", violations);
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void ParameterNamesAndAliasesAreUnique(string name)
        {
            var all = Module[name].Parameters.SelectMany(p => new[] { (Name: p.Name, Owner: p.Name) }.Concat(p.Aliases.Select(a => (Name: a, Owner: p.Name))));
            var violations = all.GroupBy(x => x.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
                .Select(g => $"'{g.Key}' is used by {string.Join(" and ", g.Select(x => "-" + x.Owner))}");
            Rule(name, "parameter names and aliases are unique", violations);
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void ParameterTypesArePublic(string name)
        {
            var violations = Module[name].Parameters.Where(p => !IsPublic(p.ElementType)).Select(p => $"-{p.Name}: {p.ElementType.FullName} is not public");
            Rule(name, "parameter types are public (so scripts can name them)", violations);
        }

        // ---- format and type data ----

        [Fact]
        public void TypesFileAliasPropertiesReferToRealProperties()
        {
            var violations = new List<string>();
            foreach (var alias in ModuleXmlFiles.ReadAliasProperties(XDocument.Load(RepoPaths.TypesFile)))
            {
                var type = Module.FindType(alias.TypeName);
                if (type == null) { violations.Add($"{alias.TypeName}.{alias.Name}: no type {alias.TypeName}"); continue; }
                if (type.GetProperty(alias.ReferencedMemberName, BindingFlags.Public | BindingFlags.Instance) == null)
                    violations.Add($"{alias.TypeName}.{alias.Name} refers to '{alias.ReferencedMemberName}', which is not a public property of {type.FullName}");
                if (type.GetProperty(alias.Name, BindingFlags.Public | BindingFlags.Instance) != null)
                    violations.Add($"{alias.TypeName}.{alias.Name} hides a real property of the same name");
            }
            Rule("module/PrefectOps.types.ps1xml", "every AliasProperty refers to a real property", violations);
        }

        [Fact]
        public void FlowTagTagAliasLetsGetFlowTagPipeToTagParameters()
        {
            var alias = ModuleXmlFiles.ReadAliasProperties(XDocument.Load(RepoPaths.TypesFile))
                .SingleOrDefault(a => a.TypeName == "PrefectOps.FlowTag" && a.Name == "Tag");
            Assert.True(alias != null, "module/PrefectOps.types.ps1xml has no AliasProperty Tag on PrefectOps.FlowTag (Get-FlowTag | Get-Flow binds through it).");
            var flowTag = Module.FindType("PrefectOps.FlowTag");
            Assert.True(flowTag != null, "There is no type PrefectOps.FlowTag.");
            Assert.True(flowTag!.GetProperty(alias!.ReferencedMemberName) != null, $"PrefectOps.FlowTag has no property {alias.ReferencedMemberName} for the Tag alias.");
            var violations = Module.Cmdlets.Where(c => c.Parameter("Tag") != null && !c.Parameter("Tag")!.Declarations.Any(d => d.ValueFromPipelineByPropertyName))
                .Select(c => $"{c.Name}: -Tag is not ValueFromPipelineByPropertyName, so FlowTag objects do not bind to it");
            Rule("-Tag parameters", "take FlowTag.Tag by property name", violations);
        }

        [Fact]
        public void FormatViewColumnsReferToRealProperties()
        {
            var violations = new List<string>();
            foreach (var view in ModuleXmlFiles.ReadViews(XDocument.Load(RepoPaths.FormatFile)))
            foreach (var typeName in view.SelectedBy)
            {
                // "PrefectOps.Flow#InMaintenance": a type name a cmdlet adds to its objects for a view of their own.
                var type = Module.FindType(typeName.Split('#')[0]);
                if (type == null) { violations.Add($"view {view.Name}: no type {typeName}"); continue; }
                foreach (var property in view.PropertyNames.Where(p => type.GetProperty(p, BindingFlags.Public | BindingFlags.Instance) == null))
                    violations.Add($"view {view.Name}: {typeName} has no public property {property}");
            }
            Rule("module/PrefectOps.format.ps1xml", "view columns name real properties", violations);
        }

        // ---- helpers ----

        private static bool IsPublic(Type type)
        {
            if (type.IsArray || type.IsByRef || type.IsPointer) return IsPublic(type.GetElementType()!);
            if (type.IsGenericParameter) return true;
            if (type.IsGenericType && !type.GetGenericArguments().All(IsPublic)) return false;
            return type.IsPublic || (type.IsNestedPublic && IsPublic(type.DeclaringType!));
        }

        /// <summary>Whether one pipeline object could bind by value to both element types without conversion.</summary>
        internal static bool BindTheSameObject(Type a, Type b)
        {
            static bool TakesAnything(Type t) => t.FullName == "System.Object" || t.FullName == "System.Management.Automation.PSObject";
            return TakesAnything(a) || TakesAnything(b) || a.IsAssignableFrom(b) || b.IsAssignableFrom(a);
        }
    }
}
