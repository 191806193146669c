using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Reflection;

namespace PrefectOps.Tests.CmdletContract
{
    /// <summary>
    /// Reads the cmdlet contract of the BUILT module from its metadata: no PowerShell runtime is needed, and the
    /// attribute types are never instantiated (everything comes from CustomAttributeData). The load context stays open
    /// for the test run, so the Type objects handed out (parameter and output types) can still be compared.
    /// </summary>
    public sealed class CmdletMetadata
    {
        public const string Sma = "System.Management.Automation";
        public const string AllParameterSets = "__AllParameterSets";

        private static readonly Lazy<CmdletMetadata> LazyModule = new Lazy<CmdletMetadata>(() => Load(RepoPaths.CmdletDll, RepoPaths.ResolverPaths()));

        /// <summary>The built PrefectOps.dll, read once per test run.</summary>
        public static CmdletMetadata Module => LazyModule.Value;

        private readonly MetadataLoadContext _context;

        private CmdletMetadata(MetadataLoadContext context, Assembly assembly, IReadOnlyList<CmdletInfo> cmdlets)
        {
            _context = context;
            Assembly = assembly;
            Cmdlets = cmdlets;
        }

        public Assembly Assembly { get; }
        public IReadOnlyList<CmdletInfo> Cmdlets { get; }

        public CmdletInfo this[string name] =>
            Cmdlets.SingleOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new KeyNotFoundException($"No cmdlet {name} in {Assembly.GetName().Name}; it has {string.Join(", ", Cmdlets.Select(c => c.Name))}.");

        /// <summary>A type by full name, from the module or anything it references (null when there is none).</summary>
        public Type? FindType(string fullName)
        {
            var type = Assembly.GetType(fullName, throwOnError: false);
            if (type != null) return type;
            foreach (var reference in Assembly.GetReferencedAssemblies())
            {
                try
                {
                    type = _context.LoadFromAssemblyName(reference).GetType(fullName, throwOnError: false);
                    if (type != null) return type;
                }
                catch (FileNotFoundException)
                {
                }
            }
            return null;
        }

        public static CmdletMetadata Load(string assemblyPath, IEnumerable<string> resolverPaths)
        {
            var context = new MetadataLoadContext(new PathAssemblyResolver(resolverPaths));
            var assembly = context.LoadFromAssemblyPath(assemblyPath);
            var cmdlets = new List<CmdletInfo>();
            foreach (var type in assembly.GetTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
            {
                var cmdlet = type.GetCustomAttributesData().FirstOrDefault(a => Is(a, "CmdletAttribute"));
                if (cmdlet != null) cmdlets.Add(ReadCmdlet(type, cmdlet));
            }
            return new CmdletMetadata(context, assembly, cmdlets);
        }

        internal static bool Is(CustomAttributeData attribute, string name) =>
            attribute.AttributeType.Namespace == Sma && attribute.AttributeType.Name == name;

        private static CmdletInfo ReadCmdlet(Type type, CustomAttributeData cmdlet)
        {
            var attributes = type.GetCustomAttributesData();
            return new CmdletInfo(
                type,
                verb: (string)cmdlet.ConstructorArguments[0].Value!,
                noun: (string)cmdlet.ConstructorArguments[1].Value!,
                supportsShouldProcess: Named(cmdlet, "SupportsShouldProcess") as bool? ?? false,
                confirmImpact: Named(cmdlet, "ConfirmImpact") is int impact ? (ConfirmImpactLevel)impact : ConfirmImpactLevel.Medium,
                defaultParameterSetName: Named(cmdlet, "DefaultParameterSetName") as string,
                outputTypes: attributes.Where(a => Is(a, "OutputTypeAttribute")).SelectMany(ReadOutputTypes).ToList(),
                parameters: type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Select(ReadParameter).Where(p => p != null).Select(p => p!).OrderBy(p => p.Name, StringComparer.Ordinal).ToList());
        }

        private static IEnumerable<OutputTypeInfo> ReadOutputTypes(CustomAttributeData attribute)
        {
            var sets = Named(attribute, "ParameterSetName") is IReadOnlyList<object?> names ? names.Cast<string>().ToList() : new List<string>();
            IList<CustomAttributeTypedArgument> arguments;
            try
            {
                arguments = attribute.ConstructorArguments;
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is TypeLoadException)
            {
                // typeof(X) where X's assembly is not beside the module: the type does not exist for PowerShell either.
                return new[] { new OutputTypeInfo($"(unresolvable: {ex.Message})", null, sets) };
            }
            return arguments.SelectMany(Values).Select(value => value switch
            {
                Type t => new OutputTypeInfo(t.FullName ?? t.Name, t, sets),
                string s => new OutputTypeInfo(s, null, sets),
                _ => new OutputTypeInfo(value?.ToString() ?? "(null)", null, sets),
            }).ToList();
        }

        private static ParameterInfo? ReadParameter(PropertyInfo property)
        {
            var attributes = property.GetCustomAttributesData();
            var declarations = attributes.Where(a => Is(a, "ParameterAttribute")).Select(a => new ParameterDeclaration(
                Named(a, "ParameterSetName") as string ?? AllParameterSets,
                Named(a, "Mandatory") as bool? ?? false,
                Named(a, "Position") is int position && position != int.MinValue ? position : (int?)null,
                Named(a, "ValueFromPipeline") as bool? ?? false,
                Named(a, "ValueFromPipelineByPropertyName") as bool? ?? false)).ToList();
            if (declarations.Count == 0) return null;

            var aliases = attributes.Where(a => Is(a, "AliasAttribute"))
                .SelectMany(a => a.ConstructorArguments.SelectMany(Values)).Cast<string>().ToList();
            var completer = attributes.FirstOrDefault(a => Is(a, "ArgumentCompleterAttribute"));
            var validations = attributes
                .Where(a => a.AttributeType.Namespace == Sma && a.AttributeType.Name.StartsWith("Validate", StringComparison.Ordinal))
                .Select(a => new ValidationInfo(a.AttributeType.Name.Substring(0, a.AttributeType.Name.Length - "Attribute".Length),
                    a.ConstructorArguments.SelectMany(Values).ToList()))
                .ToList();
            return new ParameterInfo(
                property.Name,
                property.PropertyType,
                property.DeclaringType!,
                declarations,
                aliases,
                supportsWildcards: attributes.Any(a => Is(a, "SupportsWildcardsAttribute")),
                argumentCompleter: completer?.ConstructorArguments.Count == 1 ? completer.ConstructorArguments[0].Value as Type : null,
                hasArgumentCompleter: completer != null,
                validations);
        }

        /// <summary>A named argument's value (arrays as a list of values), or null when the attribute leaves it out.</summary>
        internal static object? Named(CustomAttributeData attribute, string name)
        {
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.MemberName != name) continue;
                var typed = argument.TypedValue;
                return typed.Value is ReadOnlyCollection<CustomAttributeTypedArgument> ? Values(typed).ToList() : typed.Value;
            }
            return null;
        }

        /// <summary>A constructor argument's values: the elements of an array (params), else the one value.</summary>
        internal static IEnumerable<object?> Values(CustomAttributeTypedArgument argument) =>
            argument.Value is ReadOnlyCollection<CustomAttributeTypedArgument> items ? items.Select(i => i.Value) : new[] { argument.Value };
    }

    /// <summary>System.Management.Automation.ConfirmImpact, by value.</summary>
    public enum ConfirmImpactLevel
    {
        None = 0,
        Low = 1,
        Medium = 2,
        High = 3,
    }

    public sealed class CmdletInfo
    {
        internal CmdletInfo(Type type, string verb, string noun, bool supportsShouldProcess, ConfirmImpactLevel confirmImpact,
            string? defaultParameterSetName, IReadOnlyList<OutputTypeInfo> outputTypes, IReadOnlyList<ParameterInfo> parameters)
        {
            Type = type;
            Verb = verb;
            Noun = noun;
            SupportsShouldProcess = supportsShouldProcess;
            ConfirmImpact = confirmImpact;
            DefaultParameterSetName = defaultParameterSetName;
            OutputTypes = outputTypes;
            Parameters = parameters;
        }

        public Type Type { get; }
        public string Verb { get; }
        public string Noun { get; }
        public string Name => Verb + "-" + Noun;
        public bool SupportsShouldProcess { get; }
        public ConfirmImpactLevel ConfirmImpact { get; }
        public string? DefaultParameterSetName { get; }
        public IReadOnlyList<OutputTypeInfo> OutputTypes { get; }
        public IReadOnlyList<ParameterInfo> Parameters { get; }

        /// <summary>The named parameter sets; a cmdlet without any has the one implicit set, __AllParameterSets.</summary>
        public IReadOnlyList<string> ParameterSets
        {
            get
            {
                var named = Parameters.SelectMany(p => p.Declarations).Select(d => d.ParameterSetName)
                    .Where(s => s != CmdletMetadata.AllParameterSets).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(s => s, StringComparer.Ordinal).ToList();
                return named.Count > 0 ? named : new List<string> { CmdletMetadata.AllParameterSets };
            }
        }

        /// <summary>Each parameter that takes part in the set, with the declaration that applies there (its own for the set, else the all-sets one).</summary>
        public IEnumerable<(ParameterInfo Parameter, ParameterDeclaration Declaration)> InSet(string set)
        {
            foreach (var parameter in Parameters)
            {
                var declaration = parameter.Declarations.FirstOrDefault(d => string.Equals(d.ParameterSetName, set, StringComparison.OrdinalIgnoreCase))
                                  ?? parameter.Declarations.FirstOrDefault(d => d.ParameterSetName == CmdletMetadata.AllParameterSets);
                if (declaration != null) yield return (parameter, declaration);
            }
        }

        public ParameterInfo? Parameter(string name) =>
            Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

        public override string ToString() => Name;
    }

    public sealed class OutputTypeInfo
    {
        internal OutputTypeInfo(string name, Type? type, IReadOnlyList<string> parameterSets)
        {
            Name = name;
            Type = type;
            ParameterSetNames = parameterSets;
        }

        /// <summary>The full type name (typeof) or the name as written (the string form).</summary>
        public string Name { get; }

        /// <summary>The type, when the attribute names it with typeof; null for the string form.</summary>
        public Type? Type { get; }

        public IReadOnlyList<string> ParameterSetNames { get; }

        public override string ToString() => Name;
    }

    public sealed class ParameterInfo
    {
        internal ParameterInfo(string name, Type type, Type declaringType, IReadOnlyList<ParameterDeclaration> declarations,
            IReadOnlyList<string> aliases, bool supportsWildcards, Type? argumentCompleter, bool hasArgumentCompleter,
            IReadOnlyList<ValidationInfo> validations)
        {
            Name = name;
            Type = type;
            DeclaringType = declaringType;
            Declarations = declarations;
            Aliases = aliases;
            SupportsWildcards = supportsWildcards;
            ArgumentCompleter = argumentCompleter;
            HasArgumentCompleter = hasArgumentCompleter;
            Validations = validations;
        }

        public string Name { get; }
        public Type Type { get; }
        public Type DeclaringType { get; }

        /// <summary>One per [Parameter] attribute: a parameter may take part in several sets with different settings.</summary>
        public IReadOnlyList<ParameterDeclaration> Declarations { get; }

        public IReadOnlyList<string> Aliases { get; }
        public bool SupportsWildcards { get; }

        /// <summary>The completer type of [ArgumentCompleter(typeof(...))]; null for none (or the script-block form).</summary>
        public Type? ArgumentCompleter { get; }

        public bool HasArgumentCompleter { get; }
        public IReadOnlyList<ValidationInfo> Validations { get; }

        /// <summary>The type without a Nullable wrapper or one array level: what one pipeline object has to be.</summary>
        public Type ElementType
        {
            get
            {
                var type = Type;
                if (type.IsArray) type = type.GetElementType()!;
                if (type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1") type = type.GetGenericArguments()[0];
                return type;
            }
        }

        public bool IsIn(string set) => Declarations.Any(d => d.ParameterSetName == CmdletMetadata.AllParameterSets
                                                             || string.Equals(d.ParameterSetName, set, StringComparison.OrdinalIgnoreCase));

        public override string ToString() => Name;
    }

    public sealed class ParameterDeclaration
    {
        internal ParameterDeclaration(string parameterSetName, bool mandatory, int? position, bool valueFromPipeline, bool valueFromPipelineByPropertyName)
        {
            ParameterSetName = parameterSetName;
            Mandatory = mandatory;
            Position = position;
            ValueFromPipeline = valueFromPipeline;
            ValueFromPipelineByPropertyName = valueFromPipelineByPropertyName;
        }

        public string ParameterSetName { get; }
        public bool Mandatory { get; }

        /// <summary>Null when the parameter is named only.</summary>
        public int? Position { get; }

        public bool ValueFromPipeline { get; }
        public bool ValueFromPipelineByPropertyName { get; }
    }

    public sealed class ValidationInfo
    {
        internal ValidationInfo(string name, IReadOnlyList<object?> arguments)
        {
            Name = name;
            Arguments = arguments;
        }

        /// <summary>E.g. ValidateRange, ValidateNotNullOrEmpty.</summary>
        public string Name { get; }

        public IReadOnlyList<object?> Arguments { get; }

        public override string ToString() => $"{Name}({string.Join(", ", Arguments)})";
    }
}
