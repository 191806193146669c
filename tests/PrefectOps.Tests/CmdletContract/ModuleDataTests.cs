using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;
using Xunit;

namespace PrefectOps.Tests.CmdletContract
{
    /// <summary>
    /// module/*.ps1xml against the built dll: every table view fits a 120-column console with every column sized, and
    /// the types file's property sets name real properties. What it cannot check without PowerShell: how the views
    /// look with real data (a long name is cut at its column's width, which is by design).
    /// </summary>
    public class ModuleDataTests
    {
        public const int ConsoleWidth = 120;

        private static void Holds(string file, string rule, IEnumerable<string> violations)
        {
            var list = violations.ToList();
            if (list.Count > 0)
                Assert.Fail($"{file} breaks '{rule}':{Environment.NewLine}  - {string.Join(Environment.NewLine + "  - ", list)}");
        }

        [Fact]
        public void EveryTableViewFitsA120ColumnConsole()
        {
            var violations = new List<string>();
            foreach (var (view, headers, items) in ModuleXmlFiles.ReadTables(XDocument.Load(RepoPaths.FormatFile)))
            {
                if (headers.Count != items) violations.Add($"{view}: {headers.Count} headers but {items} column items");
                foreach (var h in headers.Where(h => h.Width == null)) violations.Add($"{view}: column '{h.Label}' has no Width, so PowerShell sizes it from the data");
                foreach (var h in headers.Where(h => h.Width < h.Label.Length)) violations.Add($"{view}: column '{h.Label}' is {h.Width} wide, narrower than its label");
                // Format-Table puts one space between columns.
                int total = headers.Sum(h => h.Width ?? 0) + Math.Max(0, headers.Count - 1);
                if (total > ConsoleWidth) violations.Add($"{view}: {total} columns wide, more than {ConsoleWidth}");
            }
            Holds("module/PrefectOps.format.ps1xml", "every table view has sized columns within 120 characters", violations);
        }

        [Fact]
        public void PropertySetsNameRealProperties()
        {
            var violations = new List<string>();
            foreach (var set in ModuleXmlFiles.ReadPropertySets(XDocument.Load(RepoPaths.TypesFile)))
            {
                var type = CmdletMetadata.Module.FindType(set.TypeName);
                if (type == null) { violations.Add($"{set.TypeName}.{set.Name}: no type {set.TypeName}"); continue; }
                if (set.Properties.Count == 0) violations.Add($"{set.TypeName}.{set.Name} lists no property");
                foreach (var p in set.Properties.Where(p => type.GetProperty(p, BindingFlags.Public | BindingFlags.Instance) == null))
                    violations.Add($"{set.TypeName}.{set.Name} names '{p}', which is not a public property of {type.FullName}");
                foreach (var dup in set.Properties.GroupBy(p => p).Where(g => g.Count() > 1))
                    violations.Add($"{set.TypeName}.{set.Name} names '{dup.Key}' twice");
            }
            Holds("module/PrefectOps.types.ps1xml", "property sets name real properties", violations);
        }

        [Fact]
        public void EveryOutputTypeWithManyPropertiesHasAListSet()
        {
            // Format-List of a type without a list view shows its DefaultDisplayPropertySet; more than ten properties
            // without one is a wall of text for a DBA reading a flow or a run.
            var sets = ModuleXmlFiles.ReadPropertySets(XDocument.Load(RepoPaths.TypesFile))
                .Where(s => s.Name == "DefaultDisplayPropertySet").Select(s => s.TypeName).ToList();
            var violations = CmdletMetadata.Module.Cmdlets.SelectMany(c => c.OutputTypes).Select(o => o.Type).Where(t => t != null)
                .Distinct()
                .Where(t => t!.Namespace == "PrefectOps" && t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Length > 10 && !sets.Contains(t.FullName!))
                .Select(t => $"{t!.FullName} has {t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Length} properties and no DefaultDisplayPropertySet");
            Holds("module/PrefectOps.types.ps1xml", "output types with more than ten properties have a DefaultDisplayPropertySet", violations);
        }
    }
}
