using System.Management.Automation;
using PrefectOps.Infrastructure;

namespace PrefectOps.Commands
{
    /// <summary>Forgets this session's connection; the next command resolves one again (environment, profile, default).</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "Prefect")]
    [OutputType(typeof(void))]
    public sealed class DisconnectPrefectCommand : PrefectCmdlet
    {
        protected override void EndProcessing()
        {
            PrefectSession.Connection = null;
            base.EndProcessing();
        }
    }
}
