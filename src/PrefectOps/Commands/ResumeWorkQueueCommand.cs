using System.Management.Automation;
using PrefectOps.Core.Backend;

namespace PrefectOps.Commands
{
    /// <summary>Resumes paused work queues: workers take their waiting runs again, late ones included.</summary>
    [Cmdlet(VerbsLifecycle.Resume, "WorkQueue", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
        DefaultParameterSetName = ByNameSet)]
    [OutputType(typeof(WorkQueue))]
    public sealed class ResumeWorkQueueCommand : WorkQueueCommandBase
    {
        private protected override WorkQueueChange Change => WorkQueueChange.Pause(false);
        private protected override string Action(WorkQueue queue) =>
            queue.IsPaused ? "Resume the work queue; workers take its waiting runs" : "Resume the work queue (it is not paused)";
        private protected override string Summary(int changed, int failed) =>
            $"Resumed {changed} work queue{(changed == 1 ? "" : "s")}, failed {failed}.";
    }
}
