using System.Management.Automation;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Queues;

namespace PrefectOps.Commands
{
    /// <summary>Sets or clears ($null) a work queue's concurrency limit, the throttle Prefect 2.7+ recommends.</summary>
    [Cmdlet(VerbsCommon.Set, "WorkQueue", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
        DefaultParameterSetName = ByNameSet)]
    [OutputType(typeof(WorkQueue))]
    public sealed class SetWorkQueueCommand : WorkQueueCommandBase
    {
        /// <summary>At most this many runs from the queue at once; $null removes the limit.</summary>
        [Parameter(Mandatory = true)]
        [AllowNull]
        public int? ConcurrencyLimit { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            Checked(() => { WorkQueueControl.ValidateLimit(ConcurrencyLimit); return true; });
        }

        private protected override WorkQueueChange Change => WorkQueueChange.Limit(ConcurrencyLimit);
        private protected override string Action(WorkQueue queue) => ConcurrencyLimit.HasValue
            ? $"Set the concurrency limit to {ConcurrencyLimit} (now {(queue.ConcurrencyLimit?.ToString() ?? "none")})"
            : $"Remove the concurrency limit (now {(queue.ConcurrencyLimit?.ToString() ?? "none")})";
        private protected override string Summary(int changed, int failed) =>
            $"Changed {changed} work queue{(changed == 1 ? "" : "s")}, failed {failed}.";
    }
}
