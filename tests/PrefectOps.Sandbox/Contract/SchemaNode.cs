using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace PrefectOps.Sandbox.Contract
{
    [Flags]
    public enum JsonTypes
    {
        None = 0,
        Null = 1,
        Boolean = 2,
        Integer = 4,
        Number = 8,
        String = 16,
        Array = 32,
        Object = 64,
    }

    /// <summary>
    /// A schema compiled once from the document: keywords parsed into fields and <c>$ref</c>s resolved to the shared
    /// node of the referenced component (so recursive schemas are plain object cycles).
    /// </summary>
    public sealed class SchemaNode
    {
        /// <summary>Component name when this node is <c>#/components/schemas/{Name}</c>; used in messages.</summary>
        public string? Name { get; internal set; }

        /// <summary>True for the boolean schema <c>false</c>: nothing validates.</summary>
        public bool RejectsEverything { get; internal set; }

        public SchemaNode? Ref { get; internal set; }

        /// <summary><see cref="JsonTypes.None"/> when the schema has no <c>type</c>.</summary>
        public JsonTypes Types { get; internal set; }

        public IReadOnlyDictionary<string, SchemaNode>? Properties { get; internal set; }
        public IReadOnlyList<string>? Required { get; internal set; }

        /// <summary>False for <c>additionalProperties: false</c>; absent means allowed.</summary>
        public bool AdditionalPropertiesAllowed { get; internal set; } = true;
        public SchemaNode? AdditionalProperties { get; internal set; }

        public SchemaNode? Items { get; internal set; }
        public IReadOnlyList<SchemaNode>? PrefixItems { get; internal set; }

        public IReadOnlyList<SchemaNode>? AnyOf { get; internal set; }
        public IReadOnlyList<SchemaNode>? OneOf { get; internal set; }
        public IReadOnlyList<SchemaNode>? AllOf { get; internal set; }

        public IReadOnlyList<JToken>? Enum { get; internal set; }
        public JToken? Const { get; internal set; }

        public string? Format { get; internal set; }

        public double? Minimum { get; internal set; }
        public double? Maximum { get; internal set; }
        public double? ExclusiveMinimum { get; internal set; }
        public double? ExclusiveMaximum { get; internal set; }

        public int? MinLength { get; internal set; }
        public int? MaxLength { get; internal set; }
        public Regex? Pattern { get; internal set; }

        public int? MinItems { get; internal set; }
        public int? MaxItems { get; internal set; }

        /// <summary>A short label for messages: the component name, else the declared type(s).</summary>
        public string Label
        {
            get
            {
                if (Name != null) return Name;
                if (Ref?.Name != null) return Ref.Name;
                if (Types != JsonTypes.None) return JsonTypeNames.Describe(Types);
                if (Const != null) return "const " + Const.ToString(Newtonsoft.Json.Formatting.None);
                return "schema";
            }
        }
    }
}
