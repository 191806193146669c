'use strict';
// Serialized flows shaped like Prefect Core 1.4.1's flow.serialize() (the parts the server reads: name, tasks with
// tags, edges, parameters, schedule with clocks, run_config; section 5 for the schedule form) and the demo seed.
const { DEFAULT_TENANT_ID } = require('./prefect1');

const V = '1.4.1';
function task(name, tags = []) {
  return { name, slug: `${name}-1`, type: `prefect.tasks.core.function.FunctionTask`, tags: [...tags].sort(), max_retries: 0, retry_delay: null,
    trigger: { fn: 'prefect.triggers.all_successful', kwargs: {} }, mapped: false, auto_generated: false, cache_key: null, __version__: V };
}
function schedule(clocks) {
  return { type: 'Schedule', clocks, filters: [], or_filters: [], not_filters: [], adjustments: [], __version__: V };
}
const cron = (expr, tz, extra = {}) => ({ type: 'CronClock', cron: expr, start_date: tz ? { dt: '2024-01-01T00:00:00', tz } : null, end_date: null, parameter_defaults: {}, labels: null, day_or: true, __version__: V, ...extra });
const interval = (seconds, startDate, extra = {}) => ({ type: 'IntervalClock', interval: seconds * 1000000, start_date: startDate, end_date: null, parameter_defaults: {}, labels: null, __version__: V, ...extra });
const dates = (list, extra = {}) => ({ type: 'DatesClock', dates: list.map((d) => ({ dt: d, tz: 'UTC' })), start_date: null, end_date: null, parameter_defaults: {}, labels: null, __version__: V, ...extra });

function serializedFlow({ name, tasks, clocks, parameters = [], labels = [] }) {
  const ts = tasks.map((t) => task(t.name, t.tags));
  const edges = [];
  for (let i = 1; i < ts.length; i++) edges.push({ upstream_task: { slug: ts[i - 1].slug }, downstream_task: { slug: ts[i].slug }, key: null, mapped: false, __version__: V });
  return {
    name, type: 'prefect.core.flow.Flow', tasks: ts, edges, reference_tasks: [], parameters,
    schedule: clocks ? schedule(clocks) : null, environment: null,
    run_config: { type: 'UniversalRun', labels, env: null, __version__: V },
    storage: { type: 'Local', flows: {}, directory: '/tmp', __version__: V }, __version__: V,
  };
}

/** The demo: a DBA's flows with cron (time zone), interval, dates, RRule clocks, an ad-hoc flow, a paused task run. */
function seedDemo(prefect) {
  const project = prefect.createProject({ tenant_id: DEFAULT_TENANT_ID, name: 'dba' });
  const flows = {};
  const reg = (def) => { flows[def.name] = prefect.createFlow({ project_id: project.id, serialized_flow: serializedFlow(def) }).id; };
  reg({ name: 'nightly-index-maintenance', tasks: [{ name: 'rebuild-indexes', tags: ['db-maint'] }, { name: 'update-stats', tags: ['db-maint', 'sqlserver'] }], clocks: [cron('0 2 * * *', 'Europe/Berlin')] });
  reg({ name: 'hourly-etl', tasks: [{ name: 'extract', tags: ['etl'] }, { name: 'load', tags: ['etl', 'db-maint'] }], clocks: [interval(3600, { dt: '2024-01-01T00:15:00', tz: 'UTC' })] });
  reg({ name: 'month-end-close', tasks: [{ name: 'close-books', tags: ['finance'] }], clocks: [dates(['2030-01-31T18:00:00', '2030-02-28T18:00:00'])] });
  reg({ name: 'weekly-report', tasks: [{ name: 'report', tags: ['reporting'] }], clocks: [{ type: 'RRuleClock', rrule_obj: { type: 'rrule', rrule_str: 'FREQ=WEEKLY;BYDAY=MO' }, start_date: null, end_date: null, parameter_defaults: {}, labels: null, __version__: V }] });
  reg({ name: 'adhoc-export', tasks: [{ name: 'export', tags: ['db-maint'] }], clocks: null });
  const nightly = prefect.get('flow', flows['nightly-index-maintenance']);
  prefect.setFlowGroupField(nightly.flow_group_id, { labels: ['prod', 'sql01'], description: 'Rebuilds indexes every night.' });
  // a run that is Running with a Paused task run (what Resume-FlowRun acts on)
  const run = prefect.get('flow_run', prefect.createFlowRun({ flow_id: flows['adhoc-export'], flow_run_name: 'export-awaiting-approval' }).id);
  prefect.setFlowRunState(run, { type: 'Running', message: 'Running flow.' });
  const tr = prefect.all('task_run').find((t) => t.flow_run_id === run.id);
  prefect.setTaskRunState(tr, { type: 'Paused', message: 'Waiting for approval' });
  return { project_id: project.id, flows, paused_flow_run_id: run.id, paused_task_run_id: tr.id };
}

module.exports = { serializedFlow, seedDemo, cron, interval, dates, schedule, task };
