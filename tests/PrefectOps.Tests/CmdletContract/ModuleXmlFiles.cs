using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace PrefectOps.Tests.CmdletContract
{
    /// <summary>The views of a format.ps1xml and the members of a types.ps1xml, as far as the contract tests need them.</summary>
    public static class ModuleXmlFiles
    {
        public sealed class View
        {
            public View(string name, IReadOnlyList<string> selectedBy, string control, IReadOnlyList<string> propertyNames)
            {
                Name = name;
                SelectedBy = selectedBy;
                Control = control;
                PropertyNames = propertyNames;
            }

            public string Name { get; }

            /// <summary>The TypeNames of ViewSelectedBy.</summary>
            public IReadOnlyList<string> SelectedBy { get; }

            /// <summary>TableControl, ListControl, WideControl or CustomControl.</summary>
            public string Control { get; }

            /// <summary>The PropertyName columns/items (script-block columns are not listed).</summary>
            public IReadOnlyList<string> PropertyNames { get; }
        }

        public sealed class AliasProperty
        {
            public AliasProperty(string typeName, string name, string referencedMemberName)
            {
                TypeName = typeName;
                Name = name;
                ReferencedMemberName = referencedMemberName;
            }

            public string TypeName { get; }
            public string Name { get; }
            public string ReferencedMemberName { get; }
        }

        private static readonly string[] Controls = { "TableControl", "ListControl", "WideControl", "CustomControl" };

        public static IReadOnlyList<View> ReadViews(XDocument format) =>
            format.Root!.Elements("ViewDefinitions").Elements("View").Select(view =>
            {
                var control = view.Elements().FirstOrDefault(e => Controls.Contains(e.Name.LocalName));
                return new View(
                    (string?)view.Element("Name") ?? "",
                    view.Elements("ViewSelectedBy").Elements("TypeName").Select(t => t.Value.Trim()).ToList(),
                    control?.Name.LocalName ?? "",
                    control?.Descendants("PropertyName").Select(p => p.Value.Trim()).ToList() ?? new List<string>());
            }).ToList();

        public static IReadOnlyList<AliasProperty> ReadAliasProperties(XDocument types) =>
            types.Root!.Elements("Type").SelectMany(type => type.Elements("Members").Elements("AliasProperty").Select(alias =>
                new AliasProperty(
                    ((string?)type.Element("Name") ?? "").Trim(),
                    ((string?)alias.Element("Name") ?? "").Trim(),
                    ((string?)alias.Element("ReferencedMemberName") ?? "").Trim()))).ToList();
    }
}
