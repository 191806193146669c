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

        public sealed class PropertySet
        {
            public PropertySet(string typeName, string name, IReadOnlyList<string> properties)
            {
                TypeName = typeName;
                Name = name;
                Properties = properties;
            }

            public string TypeName { get; }

            /// <summary>E.g. DefaultDisplayPropertySet, inside the PSStandardMembers member set.</summary>
            public string Name { get; }

            public IReadOnlyList<string> Properties { get; }
        }

        public sealed class TableColumn
        {
            public TableColumn(string label, int? width)
            {
                Label = label;
                Width = width;
            }

            public string Label { get; }

            /// <summary>Null when the header gives no Width (PowerShell then sizes the column itself).</summary>
            public int? Width { get; }
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

        /// <summary>The PropertySets of each type's PSStandardMembers (DefaultDisplayPropertySet and the like).</summary>
        public static IReadOnlyList<PropertySet> ReadPropertySets(XDocument types) =>
            types.Root!.Elements("Type").SelectMany(type => type.Elements("Members").Elements("MemberSet")
                .Where(set => ((string?)set.Element("Name"))?.Trim() == "PSStandardMembers")
                .SelectMany(set => set.Elements("Members").Elements("PropertySet"))
                .Select(set => new PropertySet(
                    ((string?)type.Element("Name") ?? "").Trim(),
                    ((string?)set.Element("Name") ?? "").Trim(),
                    set.Elements("ReferencedProperties").Elements("Name").Select(n => n.Value.Trim()).ToList()))).ToList();

        /// <summary>A table view's column headers and how many row items it has, by view name.</summary>
        public static IReadOnlyList<(string View, IReadOnlyList<TableColumn> Headers, int Items)> ReadTables(XDocument format) =>
            format.Root!.Elements("ViewDefinitions").Elements("View")
                .Where(view => view.Element("TableControl") != null)
                .Select(view =>
                {
                    var table = view.Element("TableControl")!;
                    var headers = table.Elements("TableHeaders").Elements("TableColumnHeader")
                        .Select(h => new TableColumn(((string?)h.Element("Label") ?? "").Trim(), int.TryParse((string?)h.Element("Width"), out var w) ? w : (int?)null))
                        .ToList();
                    int items = table.Elements("TableRowEntries").Elements("TableRowEntry").Elements("TableColumnItems")
                        .Select(i => i.Elements("TableColumnItem").Count()).DefaultIfEmpty(0).Max();
                    return ((string?)view.Element("Name") ?? "", (IReadOnlyList<TableColumn>)headers, items);
                }).ToList();

        public static IReadOnlyList<AliasProperty> ReadAliasProperties(XDocument types) =>
            types.Root!.Elements("Type").SelectMany(type => type.Elements("Members").Elements("AliasProperty").Select(alias =>
                new AliasProperty(
                    ((string?)type.Element("Name") ?? "").Trim(),
                    ((string?)alias.Element("Name") ?? "").Trim(),
                    ((string?)alias.Element("ReferencedMemberName") ?? "").Trim()))).ToList();
    }
}
