using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;
using Xunit;

namespace PrefectOps.Tests.CmdletContract
{
    /// <summary>
    /// module/*.ps1xml against the built dll: every table view fits an 80-column console with room for its text columns,
    /// and the types file's property sets name real properties. How the views look with real data is for
    /// tests/Pester/Views.Tests.ps1, which renders them at 80 and 120 columns.
    /// </summary>
    public class ModuleDataTests
    {
        private static void Holds(string file, string rule, IEnumerable<string> violations)
        {
            var list = violations.ToList();
            if (list.Count > 0)
                Assert.Fail($"{file} breaks '{rule}':{Environment.NewLine}  - {string.Join(Environment.NewLine + "  - ", list)}");
        }

        [Fact]
        public void EveryTableViewLeavesItsTextColumnsRoomAt80Columns()
        {
            // Columns without a Width share what the sized ones leave (tests/Pester/Views.Tests.ps1 renders them).
            const int narrowConsole = 80, minimumShare = 10;
            var violations = new List<string>();
            foreach (var (view, headers, items) in ModuleXmlFiles.ReadTables(XDocument.Load(RepoPaths.FormatFile)))
            {
                if (headers.Count != items) violations.Add($"{view}: {headers.Count} headers but {items} column items");
                foreach (var h in headers.Where(h => h.Width < h.Label.Length)) violations.Add($"{view}: column '{h.Label}' is {h.Width} wide, narrower than its label");
                int flexible = headers.Count(h => h.Width == null);
                // Format-Table puts one space between columns.
                int left = narrowConsole - headers.Sum(h => h.Width ?? 0) - Math.Max(0, headers.Count - 1);
                if (flexible == 0 ? left < 0 : left / flexible < minimumShare)
                    violations.Add($"{view}: at {narrowConsole} columns its {flexible} text column(s) get {left} characters");
            }
            Holds("module/PrefectOps.format.ps1xml", "every table view fits 80 columns with room for its text columns", violations);
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
