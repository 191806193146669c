using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PrefectOps.Core.Backend;
using PrefectOps.Core.Connection;
using PrefectOps.Core.Maintenance;
using PrefectOps.Core.Model;
using PrefectOps.Core.Runs;
using PrefectOps.Core.Services;
using PrefectOps.Core.Util;

namespace PrefectOps.Bench
{
    /// <summary>The measured steps, each as its cmdlet drives the service library.</summary>
    internal sealed class Steps
    {
        private const string Marker = MaintenanceTags.DefaultMarker;
        private readonly int _deployments;
        private readonly IClock _clock;

        /// <param name="deployments">The estate's size, asked of the server once beforehand, not inside a timed step (the steps do not change it).</param>
        /// <param name="clock">The maintenance windows' clock: the sandbox's, or a real server's (see <see cref="ShiftedClock"/>).</param>
        public Steps(IClock clock, int deployments)
        {
            _deployments = deployments;
            _clock = clock;
        }

        public Steps(SandboxProcess sandbox, int deployments) : this(new ServerClock(sandbox), deployments) { }

        /// <summary>Get-FlowTag: every tag with its counts. The raw limit reads one page after another.</summary>
        public async Task<int> GetFlowTagAsync(IPrefectBackend c, BulkOptions bulk)
        {
            if (IsOneAtATime(bulk)) await ReadPageByPageAsync(c, new FlowQuery { Marker = Marker });
            else await new FlowCatalog(c).GetTagsAsync(Marker, CancellationToken.None);
            return _deployments;
        }

        /// <summary>Get-Flow -Tag on the largest tag, streamed as the cmdlet writes them.</summary>
        public Task<int> GetFlowByTagAsync(IPrefectBackend c, BulkOptions bulk) => GetFlowByTagAsync(c, bulk, null);

        /// <summary>
        /// Get-Flow -Tag with its counts placed one way or the other, whatever the connection's round trips cost: the
        /// change the sandbox's load modes are checked against the real servers with (BENCHMARKS.md).
        /// </summary>
        public Func<IPrefectBackend, BulkOptions, Task<int>> GetFlowByTagCounting(bool later) => (c, bulk) => GetFlowByTagAsync(c, bulk, later);

        private Task<int> GetFlowByTagAsync(IPrefectBackend c, BulkOptions bulk, bool? countLater)
        {
            var query = new FlowQuery { AllTags = new[] { EstateSeeder.LargestTag }, Marker = Marker, CountLater = countLater };
            return IsOneAtATime(bulk)
                ? ReadPageByPageAsync(c, query)
                : new FlowCatalog(c).ForEachFlowAsync(query, null, _ => { }, CancellationToken.None);
        }

        /// <summary>Get-Flow: every flow with its flow's name, streamed as the cmdlet writes them.</summary>
        public Task<int> GetAllFlowsAsync(IPrefectBackend c, BulkOptions bulk)
        {
            var query = new FlowQuery { Marker = Marker };
            return IsOneAtATime(bulk)
                ? ReadPageByPageAsync(c, query)
                : new FlowCatalog(c).ForEachFlowAsync(query, null, _ => { }, CancellationToken.None);
        }

        private static bool IsOneAtATime(BulkOptions bulk) => !bulk.Adaptive && bulk.MaxConcurrency == 1;

        /// <summary>The raw sequential limit of a listing: the next page is asked for only when the last has come.</summary>
        private static async Task<int> ReadPageByPageAsync(IPrefectBackend c, FlowQuery query)
        {
            int total = 0, limit = c.MaxPageSize;
            for (int offset = 0; ; offset += limit)
            {
                var page = await c.ReadFlowsAsync(query, offset, limit, CancellationToken.None);
                total += page.Count;
                if (page.Count < limit) return total;
            }
        }

        /// <summary>Disable-FlowByTag -Tag tag-001 -Confirm:$false.</summary>
        public async Task<int> DisableAsync(IPrefectBackend c, BulkOptions bulk)
        {
            var service = new MaintenanceService(c, _clock);
            var window = service.NewWindow(Marker, null, "bench");
            var plans = (await service.FindByTagsAsync(new[] { EstateSeeder.LargestTag }, Marker, CancellationToken.None)).Select(f => service.PlanDisable(f, window)).ToList();
            return await RunAsync(service, plans, window, bulk, MaintenanceOutcome.Disabled);
        }

        /// <summary>Enable-FlowByTag -Tag tag-001 -CatchUp -Confirm:$false, after two hours of maintenance.</summary>
        public async Task<int> EnableAsync(IPrefectBackend c, BulkOptions bulk)
        {
            var service = new MaintenanceService(c, _clock);
            var plans = (await service.FindByTagsAsync(new[] { EstateSeeder.LargestTag }, Marker, CancellationToken.None))
                .Select(f => service.PlanEnable(f, Marker, expiredOnly: false, MaintenanceService.DefaultMaxCatchUpRuns)).ToList();
            return await RunAsync(service, plans, null, bulk, MaintenanceOutcome.Enabled);
        }

        private static async Task<int> RunAsync(MaintenanceService service, System.Collections.Generic.List<MaintenancePlan> plans,
            MaintenanceWindow? window, BulkOptions bulk, MaintenanceOutcome expected)
        {
            int ok = 0, failed = 0;
            string? firstError = null;
            await service.RunAsync(plans, window, bulk, r =>
            {
                if (r.Outcome == expected) Interlocked.Increment(ref ok);
                else if (r.Outcome == MaintenanceOutcome.Failed && Interlocked.Increment(ref failed) == 1) firstError = r.Error?.Message;
            }, CancellationToken.None);
            if (failed > 0) throw new InvalidOperationException($"{failed} of {plans.Count} flows failed, e.g.: {firstError}");
            return ok;
        }

        /// <summary>Stop-FlowRun over runs piped from Get-FlowRun (listed before the clock starts).</summary>
        public Func<IPrefectBackend, BulkOptions, Task<int>> StopFlowRun(System.Collections.Generic.IReadOnlyList<PrefectOps.FlowRun> runs) => async (c, bulk) =>
        {
            int cancelled = 0, failed = 0;
            await new FlowRunControl(c).CancelManyAsync(runs, bulk, r =>
            {
                if (r.Outcome == CancelOutcome.Failed) Interlocked.Increment(ref failed);
                else Interlocked.Increment(ref cancelled);
            }, CancellationToken.None);
            if (failed > 0) throw new InvalidOperationException($"{failed} of {runs.Count} runs could not be cancelled.");
            return cancelled;
        };

        /// <summary>The sandbox's clock as last set or advanced: it is frozen in between, so no round trip is needed.</summary>
        private sealed class ServerClock : IClock
        {
            private readonly SandboxProcess _sandbox;
            public ServerClock(SandboxProcess sandbox) => _sandbox = sandbox;
            public DateTimeOffset UtcNow => _sandbox.ClockNow;
        }
    }
}
