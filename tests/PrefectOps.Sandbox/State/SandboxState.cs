using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace PrefectOps.Sandbox.State
{
    /// <summary>
    /// All in-memory tables. Every route holds <see cref="Exclusive"/> or <see cref="Shared"/> for its whole body, so
    /// each request is atomic.
    /// </summary>
    public sealed class SandboxState
    {
        public const string DefaultAgentPool = "default-agent-pool";

        // Recursion allowed as a Monitor allowed it: test hooks may run inside a route's hold.
        private readonly ReaderWriterLockSlim _gate = new ReaderWriterLockSlim(LockRecursionPolicy.SupportsRecursion);

        /// <summary>For anything that may change a table (most routes, and every test hook).</summary>
        public Hold Exclusive()
        {
            _gate.EnterWriteLock();
            _version++;
            return new Hold(_gate, exclusive: true);
        }

        private long _version;

        /// <summary>
        /// Changes with every <see cref="Exclusive"/> hold, so it is the same for two reads only when nothing could have
        /// changed in between. Read it under <see cref="Shared"/>.
        /// </summary>
        public long Version => Interlocked.Read(ref _version);

        /// <summary>
        /// For routes that only read deployments and flows (their filters, counts and GETs): a real server's database answers
        /// those side by side, and a listing's pages are asked for together.
        /// </summary>
        public Hold Shared()
        {
            _gate.EnterReadLock();
            return new Hold(_gate, exclusive: false);
        }

        public readonly struct Hold : IDisposable
        {
            private readonly ReaderWriterLockSlim _lock;
            private readonly bool _exclusive;

            internal Hold(ReaderWriterLockSlim @lock, bool exclusive) => (_lock, _exclusive) = (@lock, exclusive);

            public void Dispose()
            {
                if (_exclusive) _lock.ExitWriteLock();
                else _lock.ExitReadLock();
            }
        }
        public int Major { get; }
        public SandboxClock Clock { get; }
        /// <summary>The worker's part in cancellation (see SandboxServer.FinishCancellingAfterReads).</summary>
        public Orchestration.CancellationWorker Cancellation { get; } = new Orchestration.CancellationWorker();

        public Dictionary<Guid, FlowRec> Flows { get; } = new Dictionary<Guid, FlowRec>();
        public Dictionary<Guid, DeploymentRec> Deployments { get; } = new Dictionary<Guid, DeploymentRec>();
        public Dictionary<Guid, FlowRunRec> FlowRuns { get; } = new Dictionary<Guid, FlowRunRec>();
        public Dictionary<Guid, WorkPoolRec> WorkPools { get; } = new Dictionary<Guid, WorkPoolRec>();
        public Dictionary<Guid, WorkQueueRec> WorkQueues { get; } = new Dictionary<Guid, WorkQueueRec>();
        /// <summary>The unique (flow_id, idempotency_key) index of the flow_run table.</summary>
        public Dictionary<(Guid, string), Guid> RunsByIdempotencyKey { get; } = new Dictionary<(Guid, string), Guid>();

        private long _seq;

        public SandboxState(int major, SandboxClock clock)
        {
            Major = major;
            Clock = clock;
            // A fresh 2.19 server already has default-agent-pool with its "default" queue (priority 1): the
            // auto-created etl-queue in section 6 of the recordings got priority 2.
            CreateWorkPool(DefaultAgentPool, "prefect-agent", null, null);
        }

        public DateTimeOffset Now => Clock.UtcNow;

        public T Stamp<T>(T e) where T : Entity
        {
            e.Created = e.Updated = Now;
            e.Seq = ++_seq;
            return e;
        }

        public void Touch(Entity e) => e.Updated = Now;

        public FlowRec? FlowByName(string name) => Flows.Values.FirstOrDefault(f => f.Name == name);

        public WorkPoolRec? PoolByName(string name) => WorkPools.Values.FirstOrDefault(p => p.Name == name);

        public WorkPoolRec? PoolById(Guid id) => WorkPools.TryGetValue(id, out var p) ? p : null;

        public WorkQueueRec? QueueInPool(WorkPoolRec pool, string name)
            => WorkQueues.Values.FirstOrDefault(q => q.WorkPoolId == pool.Id && q.Name == name);

        public string PoolName(WorkQueueRec q) => PoolById(q.WorkPoolId)?.Name ?? DefaultAgentPool;

        public WorkPoolRec CreateWorkPool(string name, string type, string? description, int? concurrencyLimit)
        {
            var pool = Stamp(new WorkPoolRec { Name = name, Type = type, Description = description, ConcurrencyLimit = concurrencyLimit });
            WorkPools[pool.Id] = pool;
            var q = CreateQueue(pool, "default", "The work pool's default queue.", null, null);
            pool.DefaultQueueId = q.Id;
            return pool;
        }

        public WorkQueueRec CreateQueue(WorkPoolRec pool, string name, string? description, int? concurrencyLimit, int? priority)
        {
            int next = WorkQueues.Values.Where(x => x.WorkPoolId == pool.Id).Select(x => x.Priority).DefaultIfEmpty(0).Max() + 1;
            var q = Stamp(new WorkQueueRec
            {
                Name = name,
                Description = description ?? "",
                ConcurrencyLimit = concurrencyLimit,
                Priority = priority ?? next,
                WorkPoolId = pool.Id,
            });
            WorkQueues[q.Id] = q;
            return q;
        }

        public void AddRun(FlowRunRec run)
        {
            FlowRuns[run.Id] = run;
            if (run.IdempotencyKey != null) RunsByIdempotencyKey[(run.FlowId, run.IdempotencyKey)] = run.Id;
        }

        public void RemoveRun(FlowRunRec run)
        {
            FlowRuns.Remove(run.Id);
            if (run.IdempotencyKey != null) RunsByIdempotencyKey.Remove((run.FlowId, run.IdempotencyKey));
        }

        public FlowRunRec? RunByIdempotencyKey(Guid flowId, string key)
            => RunsByIdempotencyKey.TryGetValue((flowId, key), out var id) && FlowRuns.TryGetValue(id, out var r) ? r : null;
    }
}
