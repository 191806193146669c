using System.IO;
using System.Management.Automation;
using PrefectOps.Core.Loading;

namespace PrefectOps
{
    /// <summary>
    /// Runs when PowerShell imports the module: on Windows PowerShell 5.1 it puts up the binding redirects the module's
    /// own dlls need (see DesktopAssemblyRedirect), and takes them down when the module is removed.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        public void OnImport() => DesktopAssemblyRedirect.Install(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!);

        public void OnRemove(PSModuleInfo psModuleInfo) => DesktopAssemblyRedirect.Uninstall();
    }
}
