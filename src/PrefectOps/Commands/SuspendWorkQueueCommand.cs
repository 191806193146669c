using System.Management.Automation;
using PrefectOps.Core.Backend;

namespace PrefectOps.Commands
{
    /// <summary>
    /// Pauses work queues: workers stop taking their runs, which stay scheduled and run after Resume-WorkQueue.
    /// Unlike Disable-FlowByTag nothing is deleted, so nothing needs catching up.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Suspend, "WorkQueue", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
        DefaultParameterSetName = ByNameSet)]
    [OutputType(typeof(WorkQueue))]
    public sealed class SuspendWorkQueueCommand : WorkQueueCommandBase
    {
        private protected override WorkQueueChange Change => WorkQueueChange.Pause(true);
        private protected override string Action(WorkQueue queue) =>
            queue.IsPaused ? "Pause the work queue (it is paused already)" : "Pause the work queue; its runs wait until it is resumed";
        private protected override string Summary(int changed, int failed) =>
            $"Paused {changed} work queue{(changed == 1 ? "" : "s")}, failed {failed}.";
    }
}
