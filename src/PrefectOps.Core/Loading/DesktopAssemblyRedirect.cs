using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace PrefectOps.Core.Loading
{
    /// <summary>
    /// Binding redirects for the module's own dlls on Windows PowerShell 5.1. .NET Framework binds a strong-named
    /// reference only to the version it names and reads redirects from powershell.exe.config, never from a module, so a
    /// shipped dll built against an older version of another shipped dll would not load (System.Collections.Immutable 9,
    /// which Tomlyn needs, asks for System.Memory 4.0.1.2; System.Text.Json 10 needs the 4.0.2.0 that ships). On .NET
    /// Framework an AssemblyResolve handler answers such a failed bind with the dll of that name in the module's folder
    /// when its public key token is the one asked for and its version the same or newer, as a redirect
    /// "0.0.0.0-N to N" would. PowerShell 7 (.NET) needs none: its load contexts take the newer version themselves.
    /// </summary>
    public sealed class DesktopAssemblyRedirect
    {
        private static readonly object Gate = new object();
        private static DesktopAssemblyRedirect? _installed;
        private readonly string _folder;

        public DesktopAssemblyRedirect(string folder) => _folder = folder;

        public static bool IsNetFramework =>
            RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

        /// <summary>The module dll that answers a request for <paramref name="requested"/>, or null when none may.</summary>
        public string? Find(AssemblyName requested)
        {
            if (string.IsNullOrEmpty(requested.Name)) return null;
            string path = Path.Combine(_folder, requested.Name + ".dll");
            if (!File.Exists(path)) return null;
            AssemblyName shipped;
            try { shipped = AssemblyName.GetAssemblyName(path); }
            catch (BadImageFormatException) { return null; }
            if (requested.Version != null && (shipped.Version == null || shipped.Version < requested.Version)) return null;
            byte[] wanted = requested.GetPublicKeyToken() ?? Array.Empty<byte>();
            byte[] has = shipped.GetPublicKeyToken() ?? Array.Empty<byte>();
            return wanted.SequenceEqual(has) ? path : null;
        }

        private Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args)
        {
            string? path = Find(new AssemblyName(args.Name));
            // LoadFrom gives back the assembly already loaded with that identity, from here or from another module.
            return path == null ? null : Assembly.LoadFrom(path);
        }

        /// <summary>On .NET Framework only, answers failed binds from <paramref name="folder"/>; false where nothing was installed.</summary>
        public static bool Install(string folder)
        {
            if (!IsNetFramework) return false;
            lock (Gate)
            {
                if (_installed != null) return false;
                _installed = new DesktopAssemblyRedirect(folder);
                AppDomain.CurrentDomain.AssemblyResolve += _installed.OnAssemblyResolve;
                return true;
            }
        }

        public static void Uninstall()
        {
            lock (Gate)
            {
                if (_installed == null) return;
                AppDomain.CurrentDomain.AssemblyResolve -= _installed.OnAssemblyResolve;
                _installed = null;
            }
        }
    }
}
