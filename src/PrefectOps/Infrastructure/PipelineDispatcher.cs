using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace PrefectOps.Infrastructure
{
    /// <summary>
    /// Runs async core work off the pipeline thread while the pipeline thread executes everything the work posts
    /// (WriteObject, WriteError, WriteVerbose...). PowerShell's Write* methods must only be called on the pipeline thread.
    /// </summary>
    internal sealed class PipelineDispatcher
    {
        private readonly int _pipelineThreadId = Thread.CurrentThread.ManagedThreadId;
        private readonly ConcurrentQueue<Action> _pending = new ConcurrentQueue<Action>();
        private BlockingCollection<Action>? _active;

        /// <summary>Blocks the pipeline thread until the work ends, executing posted actions as they arrive.</summary>
        public void Run(Func<Task> work, CancellationTokenSource cancellation)
        {
            DrainPending();
            using var queue = new BlockingCollection<Action>();
            _active = queue;
            Task task;
            try
            {
                task = Task.Run(work);
            }
            catch
            {
                _active = null;
                throw;
            }
            task.ContinueWith(_ => queue.CompleteAdding(), TaskScheduler.Default);
            try
            {
                foreach (var action in queue.GetConsumingEnumerable()) action();
            }
            catch
            {
                // A Write* threw (the pipeline is stopping, or -ErrorAction Stop): stop the work before leaving.
                cancellation.Cancel();
                try { task.Wait(); } catch (AggregateException) { }
                throw;
            }
            finally
            {
                _active = null;
            }
            task.GetAwaiter().GetResult();
        }

        /// <summary>Queues an action for the pipeline thread; runs it at once when already on that thread outside Run.</summary>
        public void Post(Action action)
        {
            var active = _active;
            if (active != null)
            {
                try { active.Add(action); return; }
                catch (InvalidOperationException) { /* completed: fall through to pending */ }
            }
            if (Thread.CurrentThread.ManagedThreadId == _pipelineThreadId) action();
            else _pending.Enqueue(action);
        }

        /// <summary>Throws where a caller off the pipeline thread asks for what only the pipeline thread may touch.</summary>
        public void RequirePipelineThread()
        {
            if (Thread.CurrentThread.ManagedThreadId != _pipelineThreadId)
                throw new InvalidOperationException("PrefectOps reached into PowerShell off the pipeline thread: core work gets what it needs as arguments.");
        }

        public void DrainPending()
        {
            if (Thread.CurrentThread.ManagedThreadId != _pipelineThreadId) return;
            while (_pending.TryDequeue(out var action)) action();
        }
    }
}
