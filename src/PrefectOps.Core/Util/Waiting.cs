using System.Threading;
using System.Threading.Tasks;

namespace PrefectOps.Core.Util
{
    internal static class Waiting
    {
        /// <summary>
        /// Waits for <paramref name="task"/> (whose own outcome the caller reads, or ignores) unless <paramref name="ct"/>
        /// is cancelled first, then throws OperationCanceledException. The registration ends with the wait, so waiting
        /// many times on a long-lived token does not pile registrations up on it.
        /// </summary>
        public static async Task UnlessCancelledAsync(Task task, CancellationToken ct)
        {
            if (ct.CanBeCanceled)
            {
                var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                using (ct.Register(() => cancelled.TrySetResult(true)))
                    await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false);
            }
            else
            {
                await Task.WhenAny(task).ConfigureAwait(false);
            }
            ct.ThrowIfCancellationRequested();
        }
    }
}
