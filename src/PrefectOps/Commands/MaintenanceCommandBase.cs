using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PrefectOps.Completion;
using PrefectOps.Core.Errors;
using PrefectOps.Core.Maintenance;
using PrefectOps.Core.Model;
using PrefectOps.Core.Services;
using PrefectOps.Infrastructure;

namespace PrefectOps.Commands
{
    /// <summary>
    /// Disable-FlowByTag and Enable-FlowByTag: gather the flows (by tag, from the pipeline, or by id), plan each,
    /// ask ShouldProcess per flow, run the changes with bounded concurrency, and report per flow and in one summary line.
    /// </summary>
    public abstract class MaintenanceCommandBase : FlowSetCommandBase
    {
        /// <summary>
        /// At most this many flows are changed at once. Within it, the concurrency adapts to the server: it starts at 1,
        /// grows while answers stay fast, and drops on 503/429 (a SQLite server allows one write at a time).
        /// </summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = Core.Http.AdaptiveConcurrency.DefaultMaxLimit;

        /// <summary>Emit the flows as they are afterwards.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private MaintenanceService? _service;

        /// <summary>This invocation's maintenance rules over the session's connection, taken on the pipeline thread.</summary>
        private protected MaintenanceService Service => _service ??= WithCore(core => new MaintenanceService(core.Backend, null, core.Log));

        private protected abstract MaintenancePlan Plan(Flow flow);
        private protected abstract MaintenanceWindow? Window { get; }
        private protected abstract string Activity { get; }
        private protected abstract string Summary(int changed, int skipped, int failed, int caughtUp);

        /// <summary>A warning when flows were found but none of them needs this change; null when the skips say enough.</summary>
        private protected virtual string? NoneToChange(int flows) => null;

        /// <summary>Whether a skip is something to warn about (paused on purpose) or only to mention with -Verbose.</summary>
        private protected abstract bool WarnOnSkip(MaintenanceAction action);

        /// <summary>More words for each change's -WhatIf/-Confirm message, by flow id; null: the plan's words alone.</summary>
        private protected virtual IReadOnlyDictionary<Guid, string>? ShouldProcessDetails(IReadOnlyList<MaintenancePlan> changes) => null;

        protected override void EndProcessing()
        {
            var plans = Flows.Select(Plan).ToList();
            var details = ShouldProcessDetails(plans.Where(p => p.IsChange).ToList());
            var approved = new List<MaintenancePlan>();
            int skipped = 0;
            foreach (var plan in plans)
            {
                if (!plan.IsChange)
                {
                    skipped++;
                    if (WarnOnSkip(plan.Action)) WriteWarning(plan.Description);
                    else WriteVerbose(plan.Description);
                    continue;
                }
                string action = details != null && details.TryGetValue(plan.Flow.Id, out var more) ? $"{plan.Description}: {more}" : plan.Description;
                if (ShouldProcess(plan.Flow.Name, action)) approved.Add(plan);
            }
            if (plans.Count > 0 && skipped == plans.Count && NoneToChange(plans.Count) is string none) WriteWarning(none);

            int changed = 0, failed = 0, caughtUp = 0;
            if (approved.Count > 0)
            {
                var progress = new BulkProgress(this, Activity, approved.Count);
                var (service, window, throttleLimit) = (Service, Window, ThrottleLimit);
                Run((_, ct) => service.RunAsync(approved, window, throttleLimit, result => Post(() =>
                {
                    if (result.Outcome == MaintenanceOutcome.Failed)
                    {
                        failed++;
                        WriteError(ErrorRecords.From(result.Error!, result.Flow));
                    }
                    else
                    {
                        changed++;
                        caughtUp += result.Flow.CaughtUpRuns ?? 0;
                        if (result.Warning != null) WriteWarning(result.Warning);
                        if (PassThru) WriteObject(result.Flow);
                    }
                    progress.Advance(result.Flow.Name);
                }), ct));
                progress.Complete();
            }
            if (!PassThru || failed > 0 || skipped > 0)
                HostSummary.Write(this, Summary(changed, skipped, failed, caughtUp));
            base.EndProcessing();
        }
    }
}
