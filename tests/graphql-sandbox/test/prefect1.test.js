'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const zlib = require('zlib');
const { startSandbox, serializedFlow, cron, interval, dates } = require('./helpers');
const { autoScheduledKey } = require('../lib/prefect1');

const RUNS = `query($flow: uuid!){ flow_run(where:{flow_id:{_eq:$flow}}, order_by:[{scheduled_start_time: asc}]){
  id state auto_scheduled idempotency_key scheduled_start_time labels parameters } }`;

async function setup(t, options) {
  const s = await startSandbox(options);
  t.after(() => s.close());
  await s.control('POST', '/clock', { now: '2024-05-01T00:00:00Z' });
  return s;
}

test('registration: tags on tasks, a flow group, re-registration makes a new version and archives the old one', async (t) => {
  const s = await setup(t);
  const p = await s.project();
  const def = { name: 'nightly', tasks: [{ name: 'rebuild', tags: ['etl', 'db-maint'] }], clocks: [cron('0 2 * * *', 'Europe/Berlin')] };
  const v1 = await s.register(p, def);
  const d1 = await s.ok('query($id: uuid!){ flow_by_pk(id:$id){ version archived is_schedule_active version_group_id flow_group { id name } tasks { tags } schedule } }', { id: v1 });
  assert.equal(d1.flow_by_pk.version, 1);
  assert.equal(d1.flow_by_pk.is_schedule_active, true);
  assert.deepEqual(d1.flow_by_pk.tasks[0].tags, ['db-maint', 'etl']);
  assert.equal(d1.flow_by_pk.flow_group.name, d1.flow_by_pk.version_group_id);
  assert.equal(d1.flow_by_pk.schedule.clocks[0].type, 'CronClock');
  assert.equal((await s.ok(RUNS, { flow: v1 })).flow_run.length, 10); // set_schedule_active creates up to 10 runs

  const v2 = await s.register(p, def);
  assert.notEqual(v2, v1);
  const d = await s.ok('query($g: uuid!){ flow(where:{flow_group_id:{_eq:$g}}, order_by:[{version: asc}]){ id version archived is_schedule_active } }', { g: d1.flow_by_pk.flow_group.id });
  assert.deepEqual(d.flow.map((f) => [f.version, f.archived, f.is_schedule_active]), [[1, true, false], [2, false, true]]);
  assert.equal((await s.ok(RUNS, { flow: v1 })).flow_run.length, 0); // the old version's auto-scheduled runs are gone
  // compressed registration (base64 of zlib'd JSON, as Core sends it) lands in the same group
  const compressed = zlib.deflateSync(Buffer.from(JSON.stringify(serializedFlow(def)))).toString('base64');
  const v3 = (await s.ok('mutation($i: create_flow_from_compressed_string_input!){ create_flow_from_compressed_string(input:$i){ id } }', { i: { project_id: p, serialized_flow: compressed, set_schedule_active: false } })).create_flow_from_compressed_string.id;
  const d3 = await s.ok('query($id: uuid!){ flow_by_pk(id:$id){ version is_schedule_active flow_group_id } }', { id: v3 });
  assert.deepEqual([d3.flow_by_pk.version, d3.flow_by_pk.is_schedule_active, d3.flow_by_pk.flow_group_id], [3, false, d1.flow_by_pk.flow_group.id]);
  // registration idempotency key: the same key in the same group creates nothing
  const k1 = await s.register(p, def, { idempotency_key: 'abc' });
  const k2 = await s.register(p, def, { idempotency_key: 'abc' });
  assert.equal(k1, k2);
});

test('set_schedule_inactive deletes only the auto-scheduled Scheduled runs of that flow', async (t) => {
  const s = await setup(t);
  const p = await s.project();
  const flow = await s.register(p, { name: 'f', tasks: [{ name: 'a', tags: [] }], clocks: [interval(3600, null)] });
  const manual = (await s.ok('mutation($f: UUID!){ create_flow_run(input:{flow_id:$f, scheduled_start_time:"2024-05-02T00:00:00Z"}){ id } }', { f: flow })).create_flow_run.id;
  const runs = (await s.ok(RUNS, { flow })).flow_run;
  assert.equal(runs.filter((r) => r.auto_scheduled).length, 10);
  const running = runs.find((r) => r.auto_scheduled);
  await s.control('POST', `/flow_runs/${running.id}/state`, { type: 'Running' });
  const r = await s.ok('mutation($id: UUID!){ set_schedule_inactive(input:{flow_id:$id}){ success } }', { id: flow });
  assert.equal(r.set_schedule_inactive.success, true);
  const left = (await s.ok(RUNS, { flow })).flow_run;
  assert.deepEqual(left.map((x) => x.id).sort(), [manual, running.id].sort());
  assert.equal((await s.ok('query($id: uuid!){ flow_by_pk(id:$id){ is_schedule_active } }', { id: flow })).flow_by_pk.is_schedule_active, false);
  const missing = await s.ok('mutation{ set_schedule_inactive(input:{flow_id:"00000000-0000-4000-8000-0000000000ff"}){ success } }');
  assert.equal(missing.set_schedule_inactive.success, false);
  // the scheduler leaves an inactive flow alone
  assert.equal((await s.control('POST', '/scheduler/run')).body.created.length, 0);
});

test('set_schedule_active: success false without a schedule; required parameters refused', async (t) => {
  const s = await setup(t);
  const p = await s.project();
  const none = await s.register(p, { name: 'adhoc', tasks: [{ name: 'a' }], clocks: null });
  assert.equal((await s.ok('mutation($id: UUID!){ set_schedule_active(input:{flow_id:$id}){ success } }', { id: none })).set_schedule_active.success, false);
  const req = await s.register(p, { name: 'req', tasks: [{ name: 'a' }], clocks: [cron('0 2 * * *')], parameters: [{ name: 'db', required: true, default: null }] }, { set_schedule_active: false });
  const r = await s.gql('mutation($id: UUID!){ set_schedule_active(input:{flow_id:$id}){ success } }', { id: req });
  assert.equal(r.status, 200);
  assert.equal(r.body.data.set_schedule_active, null);
  assert.equal(r.body.errors[0].message, 'Can not schedule a flow that has required parameters.');
  assert.deepEqual(r.body.errors[0].path, ['set_schedule_active']);
});

test('create_flow_run honours idempotency keys; labels and parameters follow the precedence', async (t) => {
  const s = await setup(t);
  const p = await s.project();
  const flow = await s.register(p, { name: 'f', tasks: [{ name: 'a' }], clocks: null, parameters: [{ name: 'mode', default: 'full', required: false }], labels: ['from-run-config'] });
  const input = { flow_id: flow, scheduled_start_time: '2024-04-30T02:00:00', idempotency_key: 'catch-up 2024-04-30', flow_run_name: 'catch-up' };
  const M = 'mutation($i: create_flow_run_input!){ create_flow_run(input:$i){ id } }';
  const a = (await s.ok(M, { i: input })).create_flow_run.id;
  const b = (await s.ok(M, { i: input })).create_flow_run.id;
  assert.equal(a, b);
  const c = (await s.ok(M, { i: { ...input, idempotency_key: 'other' } })).create_flow_run.id;
  assert.notEqual(a, c);
  const runs = (await s.ok(RUNS, { flow })).flow_run;
  assert.equal(runs.length, 2);
  assert.equal(runs[0].scheduled_start_time, '2024-04-30T02:00:00+00:00'); // a naive DateTime is UTC
  assert.equal(runs[0].state, 'Scheduled');
  assert.deepEqual(runs[0].labels, ['from-run-config']);
  assert.deepEqual(runs[0].parameters, { mode: 'full' });
  const fg = (await s.ok('query($id: uuid!){ flow_by_pk(id:$id){ flow_group_id } }', { id: flow })).flow_by_pk.flow_group_id;
  await s.ok('mutation($g: UUID!){ set_flow_group_labels(input:{flow_group_id:$g, labels:["MAINTENANCE"]}){ success } }', { g: fg });
  const d = (await s.ok(M, { i: { flow_id: flow, parameters: { mode: 'quick' } } })).create_flow_run.id;
  const dr = await s.ok('query($id: uuid!){ flow_run_by_pk(id:$id){ labels parameters } }', { id: d });
  assert.deepEqual(dr.flow_run_by_pk, { labels: ['MAINTENANCE'], parameters: { mode: 'quick' } });
  // labels null clears the override (NULL, not [])
  await s.ok('mutation($g: UUID!){ set_flow_group_labels(input:{flow_group_id:$g, labels:null}){ success } }', { g: fg });
  assert.equal((await s.ok('query($g: uuid!){ flow_group_by_pk(id:$g){ labels } }', { g: fg })).flow_group_by_pk.labels, null);
  await s.ok('mutation($g: UUID!){ set_flow_group_labels(input:{flow_group_id:$g, labels:[]}){ success } }', { g: fg });
  assert.deepEqual((await s.ok('query($g: uuid!){ flow_group_by_pk(id:$g){ labels } }', { g: fg })).flow_group_by_pk.labels, []);
  const err = await s.gql(M, { i: {} });
  assert.equal(err.body.errors[0].message, 'A flow id or version group ID must be provided.');
});

test('cancel_flow_run answers Cancelled, Cancelling, or the finished state; Resume of a paused task run', async (t) => {
  const s = await setup(t);
  const p = await s.project();
  const flow = await s.register(p, { name: 'f', tasks: [{ name: 'a' }, { name: 'b' }], clocks: null });
  const M = 'mutation($f: UUID!){ create_flow_run(input:{flow_id:$f}){ id } }';
  const C = 'mutation($id: UUID!){ cancel_flow_run(input:{flow_run_id:$id}){ state } }';
  const scheduled = (await s.ok(M, { f: flow })).create_flow_run.id;
  assert.equal((await s.ok(C, { id: scheduled })).cancel_flow_run.state, 'Cancelled');
  const running = (await s.ok(M, { f: flow })).create_flow_run.id;
  await s.control('POST', `/flow_runs/${running}/state`, { type: 'Running' });
  assert.equal((await s.ok(C, { id: running })).cancel_flow_run.state, 'Cancelling');
  const done = (await s.ok(M, { f: flow })).create_flow_run.id;
  await s.control('POST', `/flow_runs/${done}/state`, { type: 'Success' });
  assert.equal((await s.ok(C, { id: done })).cancel_flow_run.state, 'Success');
  // Cancelled through set_flow_run_states cancels unfinished task runs too
  const other = (await s.ok(M, { f: flow })).create_flow_run.id;
  const v = (await s.ok('query($id: uuid!){ flow_run_by_pk(id:$id){ version } }', { id: other })).flow_run_by_pk.version;
  const st = await s.ok('mutation($i: set_flow_run_states_input!){ set_flow_run_states(input:$i){ states { id status message } } }',
    { i: { states: [{ flow_run_id: other, version: v, state: { type: 'Cancelled', message: 'DB maintenance window' } }] } });
  assert.deepEqual(st.set_flow_run_states.states, [{ id: other, status: 'SUCCESS', message: null }]);
  const trs = await s.ok('query($id: uuid!){ task_run(where:{flow_run_id:{_eq:$id}}){ state } }', { id: other });
  assert.deepEqual(trs.task_run.map((x) => x.state), ['Cancelled', 'Cancelled']);
  // Resume: the agent pauses a task run, the client sends Resume with the task run version
  const paused = (await s.ok(M, { f: flow })).create_flow_run.id;
  await s.control('POST', `/flow_runs/${paused}/state`, { type: 'Running' });
  const tr = (await s.ok('query($id: uuid!){ task_run(where:{flow_run_id:{_eq:$id}}, limit:1){ id } }', { id: paused })).task_run[0].id;
  await s.control('POST', `/task_runs/${tr}/state`, { type: 'Paused', message: 'approve me' });
  const q = await s.ok('query($id: uuid!){ task_run(where:{flow_run_id:{_eq:$id}, state:{_eq:"Paused"}}){ id version state_start_time } }', { id: paused });
  assert.equal(q.task_run.length, 1);
  assert.equal(q.task_run[0].state_start_time, null);
  await s.ok('mutation($i: set_task_run_states_input!){ set_task_run_states(input:$i){ states { id status } } }',
    { i: { states: [{ task_run_id: tr, version: q.task_run[0].version, state: { type: 'Resume', message: 'approved' } }] } });
  const after = await s.ok('query($id: uuid!){ task_run_by_pk(id:$id){ state state_start_time serialized_state } }', { id: tr });
  assert.equal(after.task_run_by_pk.state, 'Resume');
  assert.equal(after.task_run_by_pk.state_start_time, '2024-05-01T00:00:00+00:00'); // Resume without start_time gets now
  assert.equal(after.task_run_by_pk.serialized_state.__version__, '1.4.1');
  const bad = await s.gql('mutation($i: set_task_run_states_input!){ set_task_run_states(input:$i){ states { id } } }', { i: { states: [{ task_run_id: tr, state: { type: 'Bogus' } }] } });
  assert.equal(bad.body.data.set_task_run_states, null);
});

test('scheduler creates future runs only, with auto-scheduled idempotency keys, and catches nothing up', async (t) => {
  const s = await setup(t);
  const p = await s.project();
  const flow = await s.register(p, { name: 'nightly', tasks: [{ name: 'a' }], clocks: [cron('0 2 * * *', null)] });
  let runs = (await s.ok(RUNS, { flow })).flow_run;
  assert.equal(runs.length, 10);
  assert.equal(runs[0].scheduled_start_time, '2024-05-01T02:00:00+00:00');
  assert.equal(runs[0].idempotency_key, 'auto-scheduled:2024-05-01T02:00:00+00:00');
  assert.ok(runs.every((r) => r.auto_scheduled && r.state === 'Scheduled'));
  assert.equal((await s.control('POST', '/scheduler/run')).body.created.length, 0); // nothing new
  // pause for three days, resume: the missed nights are not backfilled
  await s.ok('mutation($id: UUID!){ set_schedule_inactive(input:{flow_id:$id}){ success } }', { id: flow });
  await s.control('POST', '/clock', { seconds: 3 * 86400 + 3600 });
  await s.ok('mutation($id: UUID!){ set_schedule_active(input:{flow_id:$id}){ success } }', { id: flow });
  runs = (await s.ok(RUNS, { flow })).flow_run;
  assert.equal(runs.length, 10);
  assert.equal(runs[0].scheduled_start_time, '2024-05-04T02:00:00+00:00'); // 01:00 now: the next night, none before
  // time passes: one more night is added at the far end
  await s.control('POST', '/clock', { seconds: 86400 });
  const created = (await s.control('POST', '/scheduler/run')).body.created;
  assert.deepEqual(created.map((r) => r.scheduled_start_time), ['2024-05-14T02:00:00+00:00']);
});

test('flow group schedule overrides the flow schedule; set_flow_group_schedule deletes auto runs, creates none', async (t) => {
  const s = await setup(t);
  const p = await s.project();
  const flow = await s.register(p, { name: 'f', tasks: [{ name: 'a' }], clocks: [cron('0 2 * * *', null)] });
  const fg = (await s.ok('query($id: uuid!){ flow_by_pk(id:$id){ flow_group_id } }', { id: flow })).flow_by_pk.flow_group_id;
  await s.ok('mutation($i: set_flow_group_schedule_input!){ set_flow_group_schedule(input:$i){ success } }',
    { i: { flow_group_id: fg, interval_clocks: [{ interval: 3600, parameter_defaults: { mode: 'hourly' } }], timezone: 'Europe/Berlin' } });
  assert.equal((await s.ok(RUNS, { flow })).flow_run.length, 0);
  const sched = (await s.ok('query($g: uuid!){ flow_group_by_pk(id:$g){ schedule } }', { g: fg })).flow_group_by_pk.schedule;
  assert.deepEqual(sched, { type: 'Schedule', clocks: [{ type: 'IntervalClock', interval: 3600000000, start_date: { dt: '2024-05-01T02:00:00', tz: 'Europe/Berlin' }, parameter_defaults: { mode: 'hourly' } }] });
  const created = (await s.control('POST', '/scheduler/run')).body.created;
  assert.equal(created.length, 10);
  assert.equal(created[0].scheduled_start_time, '2024-05-01T01:00:00+00:00');
  assert.match(created[0].idempotency_key, /^auto-scheduled:2024-05-01T01:00:00\+00:00:[0-9a-f]{32}$/);
  assert.deepEqual(created[0].parameters, { mode: 'hourly' });
  const bad = await s.gql('mutation($i: set_flow_group_schedule_input!){ set_flow_group_schedule(input:$i){ success } }', { i: { flow_group_id: fg, cron_clocks: [{ cron: 'nope' }] } });
  assert.match(bad.body.errors[0].message, /^Invalid clock provided for schedule: \{'cron': 'nope'\}/);
  const badTz = await s.gql('mutation($i: set_flow_group_schedule_input!){ set_flow_group_schedule(input:$i){ success } }', { i: { flow_group_id: fg, cron_clocks: [{ cron: '0 1 * * *' }], timezone: 'Mars/Base' } });
  assert.match(badTz.body.errors[0].message, /^Invalid timezone/);
  await s.ok('mutation($g: UUID!){ delete_flow_group_schedule(input:{flow_group_id:$g}){ success } }', { g: fg });
  assert.equal((await s.ok(RUNS, { flow })).flow_run.length, 0);
  const back = (await s.control('POST', '/scheduler/run')).body.created;
  assert.equal(back[0].idempotency_key, 'auto-scheduled:2024-05-01T02:00:00+00:00'); // flow.schedule applies again
});

test('auto-scheduled key with parameter_defaults follows the md5 recipe', () => {
  const plain = autoScheduledKey({ start: Date.UTC(2024, 4, 1, 2) * 1000, parameter_defaults: {}, labels: null });
  assert.deepEqual(plain, { key: 'auto-scheduled:2024-05-01T02:00:00+00:00', always: false });
  // md5(str(sorted(json.dumps({"a": 1}))) + str(sorted(json.dumps(None)))) computed with CPython
  const withParams = autoScheduledKey({ start: Date.UTC(2024, 4, 1, 2) * 1000, parameter_defaults: { a: 1 }, labels: null });
  assert.equal(withParams.key, 'auto-scheduled:2024-05-01T02:00:00+00:00:d1b4ef649a638bcb69c81384c1cea467');
});

test('description, default parameters, dates clock registration, project errors', async (t) => {
  const s = await setup(t);
  const p = await s.project('dba');
  const dup = await s.gql('mutation($t: UUID!){ create_project(input:{tenant_id:$t, name:"dba"}){ id } }', { t: '00000000-0000-4000-8000-000000000001' });
  assert.equal(dup.body.data.create_project, null);
  const flow = await s.register(p, { name: 'month-end', tasks: [{ name: 'close', tags: ['finance'] }], clocks: [dates(['2024-05-31T18:00:00', '2024-06-30T18:00:00', '2024-04-30T18:00:00'])] });
  const runs = (await s.ok(RUNS, { flow })).flow_run;
  assert.deepEqual(runs.map((r) => r.scheduled_start_time), ['2024-05-31T18:00:00+00:00', '2024-06-30T18:00:00+00:00']);
  const fg = (await s.ok('query($id: uuid!){ flow_by_pk(id:$id){ flow_group_id } }', { id: flow })).flow_by_pk.flow_group_id;
  await s.ok('mutation($g: UUID!, $d: String){ set_flow_group_description(input:{flow_group_id:$g, description:$d}){ success } }', { g: fg, d: 'Closes the books.\n\n<!-- maintenance -->' });
  await s.ok('mutation($g: UUID!, $p: JSON!){ set_flow_group_default_parameters(input:{flow_group_id:$g, parameters:$p}){ success } }', { g: fg, p: { region: 'eu' } });
  const g = await s.ok('query($g: uuid!){ flow_group_by_pk(id:$g){ description default_parameters } }', { g: fg });
  assert.deepEqual(g.flow_group_by_pk, { description: 'Closes the books.\n\n<!-- maintenance -->', default_parameters: { region: 'eu' } });
  // JSON inline literals must be JSON-encoded strings
  const inline = await s.ok(`mutation($g: UUID!){ set_flow_group_default_parameters(input:{flow_group_id:$g, parameters:"{\\"x\\": 1}"}){ success } }`, { g: fg });
  assert.equal(inline.set_flow_group_default_parameters.success, true);
  const obj = await s.gql('mutation($g: UUID!){ set_flow_group_default_parameters(input:{flow_group_id:$g, parameters:{x: 1}}){ success } }', { g: fg });
  assert.equal(obj.status, 400);
});
