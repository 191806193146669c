using System.Management.Automation;

namespace PrefectOps.Infrastructure
{
    internal static class HostSummary
    {
        /// <summary>
        /// A line for the person (and the transcript) that is not pipeline output: the information stream tagged
        /// PSHOST, which is what Write-Host writes, so `-InformationAction Ignore` or 6>$null silence it.
        /// </summary>
        public static void Write(Cmdlet cmdlet, string text) =>
            cmdlet.WriteInformation(new HostInformationMessage { Message = text }, new[] { "PSHOST", "PrefectOps" });
    }
}
