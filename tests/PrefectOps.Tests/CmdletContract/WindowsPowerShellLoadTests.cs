using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using PrefectOps.Core.Loading;
using Xunit;

namespace PrefectOps.Tests.CmdletContract
{
    /// <summary>
    /// Whether Windows PowerShell 5.1 (.NET Framework 4.7.2 or later) can load the package's dlls, read from their
    /// metadata since no Windows PowerShell runs here. .NET Framework binds a strong-named reference only to the version
    /// it names, and a module has no binding redirects (they live in powershell.exe.config), so every reference of every
    /// shipped dll must be met by a shipped dll of exactly that version or one the module's own redirect answers
    /// (DesktopAssemblyRedirect, put up by ModuleInitializer on 5.1), by .NET Framework 4.7.2 (its reference
    /// assemblies, facades included, unify references of their version or lower), or by PowerShell 5.1
    /// (System.Management.Automation 3.0.0.0); and every type a shipped dll uses must be found there, type forwarders
    /// followed. What this cannot show: methods and fields (only types are resolved), and what happens at run time.
    /// </summary>
    public class WindowsPowerShellLoadTests
    {
        private sealed record Reference(string From, string Name, Version Version, string PublicKeyToken);

        private sealed record Provided(string Name, Version Version, string PublicKeyToken, string Where);

        private static readonly Version PowerShell51Sma = new Version(3, 0, 0, 0);

        private static string ModuleFolder => Path.GetDirectoryName(RepoPaths.CmdletDll)!;

        private static AssemblyName Requested(Reference r)
        {
            var name = new AssemblyName(r.Name) { Version = r.Version };
            name.SetPublicKeyToken(Convert.FromHexString(r.PublicKeyToken));
            return name;
        }

        /// <summary>The package's dlls, from the build output the package is made of.</summary>
        private static IReadOnlyList<string> ShippedDlls() =>
            PackageLayout.FromBuildScript().Files
                .Where(f => f.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                .Select(f => PackageLayout.SourceOf(f)!)
                .ToList();

        /// <summary>The reference assemblies of .NET Framework 4.7.2, facades included (the folder holds a few non-.NET dlls too).</summary>
        private static IReadOnlyList<string> FrameworkDlls()
        {
            string folder = RepoPaths.NetFramework472ReferenceFolder;
            return Directory.GetFiles(folder, "*.dll").Concat(Directory.GetFiles(Path.Combine(folder, "Facades"), "*.dll"))
                .Where(IsAssembly).ToList();
        }

        private static bool IsAssembly(string path)
        {
            using var pe = new PEReader(File.OpenRead(path));
            return pe.HasMetadata && pe.GetMetadataReader().IsAssembly;
        }

        private static string Token(byte[] token) => Convert.ToHexString(token).ToLowerInvariant();

        private static Provided Identity(string path, string where)
        {
            var name = AssemblyName.GetAssemblyName(path);
            return new Provided(name.Name!, name.Version!, Token(name.GetPublicKeyToken() ?? Array.Empty<byte>()), where);
        }

        private static IEnumerable<Reference> ReferencesOf(string dll)
        {
            using var pe = new PEReader(File.OpenRead(dll));
            var md = pe.GetMetadataReader();
            foreach (var handle in md.AssemblyReferences)
            {
                var r = md.GetAssemblyReference(handle);
                var key = md.GetBlobBytes(r.PublicKeyOrToken);
                string token = Token(key);
                if ((r.Flags & AssemblyFlags.PublicKey) != 0)
                {
                    // A full public key: its token, as the loader computes it.
                    var withKey = new AssemblyName();
                    withKey.SetPublicKey(key);
                    token = Token(withKey.GetPublicKeyToken() ?? Array.Empty<byte>());
                }
                yield return new Reference(Path.GetFileName(dll), md.GetString(r.Name), r.Version, token);
            }
        }

        private static void Holds(string rule, IEnumerable<string> violations)
        {
            var list = violations.Distinct().ToList();
            if (list.Count > 0)
                Assert.Fail($"Windows PowerShell 5.1 would not load the package: {rule}:{Environment.NewLine}  - {string.Join(Environment.NewLine + "  - ", list)}");
        }

        [Fact]
        public void EveryReferenceIsMetByAShippedDllOfThatVersionOrByTheFrameworkOrPowerShell()
        {
            var shipped = ShippedDlls().Select(d => Identity(d, "the package")).ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
            var framework = FrameworkDlls().Select(d => Identity(d, ".NET Framework 4.7.2"))
                .GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.Version).First(), StringComparer.OrdinalIgnoreCase);
            var redirect = new DesktopAssemblyRedirect(ModuleFolder);
            var violations = new List<string>();
            foreach (var r in ShippedDlls().SelectMany(ReferencesOf))
            {
                if (shipped.TryGetValue(r.Name, out var own))
                {
                    if (own.Version != r.Version && redirect.Find(Requested(r)) == null)
                        violations.Add($"{r.From} references {r.Name} {r.Version} ({r.PublicKeyToken}); the package ships {own.Version} ({own.PublicKeyToken}), which .NET Framework does not bind and the module's redirect does not answer");
                    else if (own.PublicKeyToken != r.PublicKeyToken)
                        violations.Add($"{r.From} references {r.Name} with the key {r.PublicKeyToken}; the package ships one signed {own.PublicKeyToken}");
                }
                else if (string.Equals(r.Name, "System.Management.Automation", StringComparison.OrdinalIgnoreCase))
                {
                    if (r.Version > PowerShell51Sma) violations.Add($"{r.From} references System.Management.Automation {r.Version}; Windows PowerShell 5.1 has {PowerShell51Sma}");
                }
                else if (framework.TryGetValue(r.Name, out var fx))
                {
                    if (r.Version > fx.Version) violations.Add($"{r.From} references {r.Name} {r.Version}; .NET Framework 4.7.2 has {fx.Version}, and the package does not ship it");
                }
                else violations.Add($"{r.From} references {r.Name} {r.Version}, which neither the package nor .NET Framework 4.7.2 has");
            }
            Holds("a reference no dll meets", violations);
        }

        [Fact]
        public void TheVersionsTheRedirectBridgesAreTheKnownOnes()
        {
            // Each entry is a place where two shipped dlls need different versions of one assembly, which 5.1 loads only
            // through DesktopAssemblyRedirect. A new one fails here until it is looked at: could a package update align
            // the versions instead? (Tomlyn 2.11.1 needs System.Collections.Immutable 9, built against System.Memory
            // 4.0.1.2; System.Text.Json 10, which Tomlyn needs too, brings 4.0.2.0.)
            var known = new[] { "System.Collections.Immutable.dll asks for System.Memory 4.0.1.2, 4.0.2.0 ships" };
            var shipped = ShippedDlls().Select(d => Identity(d, "the package")).ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
            var bridged = ShippedDlls().SelectMany(ReferencesOf)
                .Where(r => shipped.TryGetValue(r.Name, out var own) && own.Version != r.Version)
                .Select(r => $"{r.From} asks for {r.Name} {r.Version}, {shipped[r.Name].Version} ships")
                .OrderBy(x => x, StringComparer.Ordinal).ToList();
            Assert.Equal(known, bridged);
        }

        [Fact]
        public void EveryTypeTheShippedDllsUseIsFoundThere()
        {
            // Shipped dlls first, then .NET Framework 4.7.2 and PowerShell 5.1's System.Management.Automation: nothing of
            // the .NET running this test takes part.
            var paths = ShippedDlls().Concat(FrameworkDlls()).Append(RepoPaths.PowerShellStandardReference)
                .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase).Select(g => g.First()).ToList();
            using var context = new MetadataLoadContext(new PathAssemblyResolver(paths), "mscorlib");
            var violations = new List<string>();
            foreach (var dll in ShippedDlls())
            {
                using var pe = new PEReader(File.OpenRead(dll));
                var md = pe.GetMetadataReader();
                foreach (var handle in md.TypeReferences)
                {
                    if (!TopLevel(md, handle, out var scope, out var fullName)) continue;
                    var reference = md.GetAssemblyReference(scope);
                    var name = new AssemblyName(md.GetString(reference.Name)) { Version = reference.Version };
                    try
                    {
                        if (context.LoadFromAssemblyName(name).GetType(fullName, throwOnError: false) == null)
                            violations.Add($"{Path.GetFileName(dll)} uses {fullName}, which {name.Name} {name.Version} does not have on .NET Framework 4.7.2");
                    }
                    catch (FileNotFoundException)
                    {
                        violations.Add($"{Path.GetFileName(dll)} uses {fullName} from {name.Name}, which is not there");
                    }
                }
            }
            Holds("a type the dlls use is missing", violations);
        }

        /// <summary>A type reference's assembly and full name, through nested types to the outermost one.</summary>
        private static bool TopLevel(MetadataReader md, TypeReferenceHandle handle, out AssemblyReferenceHandle scope, out string fullName)
        {
            var type = md.GetTypeReference(handle);
            string nested = "";
            while (type.ResolutionScope.Kind == HandleKind.TypeReference)
            {
                nested = "+" + md.GetString(type.Name) + nested;
                type = md.GetTypeReference((TypeReferenceHandle)type.ResolutionScope);
            }
            string ns = md.GetString(type.Namespace);
            fullName = (ns.Length > 0 ? ns + "." : "") + md.GetString(type.Name) + nested;
            scope = type.ResolutionScope.Kind == HandleKind.AssemblyReference ? (AssemblyReferenceHandle)type.ResolutionScope : default;
            return type.ResolutionScope.Kind == HandleKind.AssemblyReference;
        }
    }
}
