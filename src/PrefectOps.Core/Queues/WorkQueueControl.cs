using System;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Util;

namespace PrefectOps.Core.Queues
{
    /// <summary>What happened to one queue: the queue as the server has it afterwards, or the error.</summary>
    public sealed class WorkQueueResult
    {
        public WorkQueueResult(WorkQueue queue, PrefectException? error = null)
        {
            Queue = queue;
            Error = error;
        }

        public WorkQueue Queue { get; }
        public PrefectException? Error { get; }
        public bool Succeeded => Error == null;
    }

    /// <summary>
    /// Suspend-, Resume- and Set-WorkQueue. Pausing a queue keeps its scheduled runs (workers just stop taking them),
    /// unlike pausing a deployment, which deletes them.
    /// </summary>
    public sealed class WorkQueueControl
    {
        private readonly IWorkQueueBackend _backend;

        public WorkQueueControl(IWorkQueueBackend backend) => _backend = backend;

        /// <summary>An exact queue name: wildcards would make "the default pool" ambiguous, so they belong to Get-WorkQueue.</summary>
        public static string ValidateName(string? name)
        {
            if (string.IsNullOrWhiteSpace(name))
                throw new PrefectException(ErrorIds.InvalidWorkQueueName, PrefectErrorKind.InvalidArgument, "-Name cannot be empty.");
            if (Wildcard.ContainsWildcard(name!))
                throw new PrefectException(ErrorIds.InvalidWorkQueueName, PrefectErrorKind.InvalidArgument,
                    $"-Name '{name}' contains a wildcard, but queues are named exactly here. Use Get-WorkQueue -Name '{name}' and pipe the queues in.");
            return name!;
        }

        public static void ValidateLimit(int? limit)
        {
            if (limit < 0)
                throw new PrefectException(ErrorIds.InvalidConcurrencyLimit, PrefectErrorKind.InvalidArgument,
                    $"-ConcurrencyLimit must be 0 or more (got {limit}); pass $null to remove the limit.");
        }

        /// <summary>After an answer that was lost, the queue as the server has it, if the change is there.</summary>
        private async Task<WorkQueue?> AppliedAsync(WorkQueue queue, WorkQueueChange change, CancellationToken ct)
        {
            try
            {
                var now = await _backend.GetWorkQueueAsync(queue.Id, ct).ConfigureAwait(false);
                bool paused = !change.IsPaused.HasValue || now.IsPaused == change.IsPaused.Value;
                bool limit = !change.SetConcurrencyLimit || now.ConcurrencyLimit == change.ConcurrencyLimit;
                return paused && limit ? now : null;
            }
            catch (PrefectException)
            {
                return null;
            }
        }

        /// <summary>The queue by exact name; without a pool, where the server looks (its default agent pool).</summary>
        public Task<WorkQueue> GetAsync(string name, string? workPool, CancellationToken ct) =>
            _backend.GetWorkQueueAsync(ValidateName(name), string.IsNullOrEmpty(workPool) ? null : workPool, ct);

        /// <summary>Applies the change and reads the queue back (its Status is the server's to compute).</summary>
        public async Task<WorkQueueResult> ApplyAsync(WorkQueue queue, WorkQueueChange change, CancellationToken ct)
        {
            try
            {
                await _backend.UpdateWorkQueueAsync(queue, change, ct).ConfigureAwait(false);
                return new WorkQueueResult(await _backend.GetWorkQueueAsync(queue.Id, ct).ConfigureAwait(false));
            }
            catch (PrefectException ex) when (ex.ErrorId == ErrorIds.WorkQueueNotFound)
            {
                return new WorkQueueResult(queue, ex);
            }
            catch (PrefectException ex)
            {
                if (Ambiguity.IsAmbiguous(ex) && await AppliedAsync(queue, change, ct).ConfigureAwait(false) is WorkQueue now)
                    return new WorkQueueResult(now);
                return new WorkQueueResult(queue, new PrefectException(ErrorIds.WorkQueueUpdateFailed, ex.Kind,
                    $"Could not change the work queue {queue}: {ex.Message}", ex));
            }
        }
    }
}
