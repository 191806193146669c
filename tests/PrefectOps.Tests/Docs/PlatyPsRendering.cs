using System;
using System.Collections.Generic;
using System.Linq;
using BindingFlags = System.Reflection.BindingFlags;
using PrefectOps.Tests.CmdletContract;

namespace PrefectOps.Tests.Docs
{
    /// <summary>
    /// What PlatyPS 0.14 (New-MarkdownHelp, schema 2.0.0) writes for a cmdlet's metadata, reproduced from the dll's
    /// metadata so the hand-written docs can be compared with it. Sources: platyPS 0.14's GetTypeString.ps1,
    /// ConvertPsObjectsToMamlModel.ps1 (pipeline text) and MarkdownV2Renderer.GetSyntaxString.
    /// </summary>
    public static class PlatyPsRendering
    {
        /// <summary>The set name PlatyPS writes for a parameter in every set, or for a cmdlet with one set.</summary>
        public const string AllSets = "(All)";

        /// <summary>The ShouldProcess parameters PowerShell adds; PlatyPS documents them (its common list leaves them out).</summary>
        public static readonly IReadOnlyList<(string Name, string Alias)> ShouldProcessParameters = new[] { ("Confirm", "cf"), ("WhatIf", "wi") };

        /// <summary>
        /// PlatyPS's GetTypeString: Nullable`1 shows as its argument's short name (DateTime? is "DateTime", int? is
        /// "Int32"), other generics as Type.ToString(), everything else as Type.Name ("String[]", "SwitchParameter").
        /// </summary>
        public static string TypeName(Type type)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1")
                return type.GetGenericArguments()[0].Name;
            if (type.IsGenericType) return type.ToString();
            return type.Name;
        }

        public static bool IsSwitch(Type type) => type.FullName == "System.Management.Automation.SwitchParameter";

        /// <summary>"True (ByPropertyName, ByValue)", "True (ByValue)", "True (ByPropertyName)" or "False", as PlatyPS writes it.</summary>
        public static string PipelineInput(ParameterDeclaration d) => (d.ValueFromPipeline, d.ValueFromPipelineByPropertyName) switch
        {
            (true, true) => "True (ByPropertyName, ByValue)",
            (true, false) => "True (ByValue)",
            (false, true) => "True (ByPropertyName)",
            _ => "False",
        };

        /// <summary>Position as Get-Help reports it: the 0-based number, or "Named".</summary>
        public static string Position(ParameterDeclaration d) => d.Position?.ToString() ?? "Named";

        /// <summary>
        /// One parameter in a SYNTAX block, as GetSyntaxString writes it: a switch is always "[-Name]" (PlatyPS brackets
        /// switches even where they are mandatory); otherwise "-Name &lt;Type&gt;", the name bracketed when positional,
        /// the whole bracketed when optional.
        /// </summary>
        public static string SyntaxToken(ParameterInfo parameter, ParameterDeclaration declaration)
        {
            if (IsSwitch(parameter.Type)) return $"[-{parameter.Name}]";
            string token = $"-{parameter.Name}";
            if (declaration.Position.HasValue) token = $"[{token}]";
            token = $"{token} <{TypeName(parameter.Type)}>";
            return declaration.Mandatory ? token : $"[{token}]";
        }

        /// <summary>The tokens of one set's SYNTAX block after the cmdlet name, in no particular order.</summary>
        public static IReadOnlyList<string> ExpectedSyntaxTokens(CmdletInfo cmdlet, string set)
        {
            var tokens = cmdlet.InSet(set).Select(p => SyntaxToken(p.Parameter, p.Declaration)).ToList();
            if (cmdlet.SupportsShouldProcess) tokens.AddRange(new[] { "[-WhatIf]", "[-Confirm]" });
            tokens.Add("[<CommonParameters>]");
            return tokens;
        }

        /// <summary>
        /// Splits a SYNTAX block into the command name and its parameter tokens: whitespace separates tokens only
        /// outside [ ] and &lt; &gt;, so "[[-Name] &lt;String[]&gt;]" stays one token however the block is wrapped.
        /// </summary>
        public static (string Command, IReadOnlyList<string> Tokens) SplitSyntax(string block)
        {
            var tokens = new List<string>();
            var current = new System.Text.StringBuilder();
            int squares = 0;
            bool angle = false;
            foreach (char c in block)
            {
                if (char.IsWhiteSpace(c) && squares == 0 && !angle)
                {
                    if (current.Length > 0) tokens.Add(current.ToString());
                    current.Clear();
                    continue;
                }
                if (char.IsWhiteSpace(c))
                {
                    // A wrapped line inside a token: PlatyPS only breaks between tokens, so keep one space.
                    if (current.Length > 0 && current[current.Length - 1] != ' ') current.Append(' ');
                    continue;
                }
                if (c == '<') angle = true;
                else if (c == '>') angle = false;
                else if (!angle && c == '[') squares++;
                else if (!angle && c == ']') squares--;
                current.Append(c);
            }
            if (current.Length > 0) tokens.Add(current.ToString());
            // A mandatory parameter is not bracketed ("-Id <Guid[]>"): its value type is its own token so far.
            for (int i = tokens.Count - 1; i > 0; i--)
            {
                if (!tokens[i].StartsWith("<", StringComparison.Ordinal) || tokens[i] == "<CommonParameters>") continue;
                tokens[i - 1] += " " + tokens[i];
                tokens.RemoveAt(i);
            }
            return tokens.Count == 0 ? ("", tokens) : (tokens[0], tokens.Skip(1).ToList());
        }

        /// <summary>
        /// The sets a parameter's yaml blocks cover, grouped as PlatyPS groups them: one block per distinct
        /// (Required, Position, pipeline input); "(All)" when a block covers every set of the cmdlet.
        /// </summary>
        public static IReadOnlyList<ExpectedBlock> ExpectedBlocks(CmdletInfo cmdlet, ParameterInfo parameter)
        {
            var sets = cmdlet.ParameterSets;
            var perSet = sets.Where(parameter.IsIn)
                .Select(s => (Set: s, Declaration: cmdlet.InSet(s).First(p => p.Parameter.Name == parameter.Name).Declaration))
                .ToList();
            return perSet
                .GroupBy(p => (p.Declaration.Mandatory, Position(p.Declaration), PipelineInput(p.Declaration)))
                .Select(g =>
                {
                    var names = g.Select(p => p.Set).ToList();
                    bool all = sets.Count == 1 || names.Count == sets.Count;
                    return new ExpectedBlock(all ? new[] { AllSets } : names.ToArray(), g.Key.Mandatory, g.Key.Item2, g.Key.Item3);
                })
                .ToList();
        }

        /// <summary>What "Accepted values" must list: a [ValidateSet]'s values, or an enum's names (as Get-Help lists them).</summary>
        public static IReadOnlyList<string>? AcceptedValues(ParameterInfo parameter)
        {
            var set = parameter.Validations.FirstOrDefault(v => v.Name == "ValidateSet");
            if (set != null) return set.Arguments.Select(a => a?.ToString() ?? "").ToList();
            var element = parameter.ElementType;
            if (element.IsEnum)
                return element.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.Name).ToList();
            return null;
        }

        public sealed class ExpectedBlock
        {
            public ExpectedBlock(string[] sets, bool required, string position, string pipelineInput)
            {
                Sets = sets;
                Required = required;
                Position = position;
                PipelineInput = pipelineInput;
            }

            public string[] Sets { get; }
            public bool Required { get; }
            public string Position { get; }
            public string PipelineInput { get; }
        }
    }
}
