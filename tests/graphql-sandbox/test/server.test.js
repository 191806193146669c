'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('path');
const { spawn } = require('child_process');
const { startSandbox } = require('./helpers');

test('server.js prints LISTENING, answers api { backend }, a typo fails with HTTP 400, and exits when stdin closes', async (t) => {
  const child = spawn(process.execPath, [path.join(__dirname, '..', 'server.js'), '--port', '0', '--seed', 'demo'], { stdio: ['pipe', 'pipe', 'pipe'] });
  t.after(() => { if (child.exitCode === null) child.kill(); });
  const url = await new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => { buf += d; const m = buf.match(/^LISTENING (\S+)\n/); if (m) resolve(m[1]); });
    child.on('exit', (code) => reject(new Error(`exited ${code}`)));
  });
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
  const post = (query) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const ok = await post('query { api { backend version } }');
  assert.equal(ok.status, 200);
  assert.equal((await ok.json()).data.api.backend, 'SERVER');
  const typo = await post('query { flow { id flow_run { id } } }');
  assert.equal(typo.status, 400);
  const body = await typo.json();
  assert.equal(body.data, undefined);
  assert.match(body.errors[0].message, /^Cannot query field "flow_run" on type "flow"\. Did you mean "flow_runs"/);
  assert.equal(body.errors[0].extensions.code, 'GRAPHQL_VALIDATION_FAILED');
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.stdin.end();
  assert.equal(await exited, 0);
});

test('faults per operation: 429 with Retry-After, 503, reset, malformed JSON, resolver error, reset after handling', async (t) => {
  const s = await startSandbox({ seed: 'demo' });
  t.after(() => s.close());
  const Q = 'query Flows { flow { id } }';
  await s.control('POST', '/faults', { operation: 'Flows', kind: 'status', status: 429, retry_after: 2, times: 1 });
  let r = await s.gql(Q);
  assert.equal(r.status, 429);
  assert.equal(r.headers.get('retry-after'), '2');
  assert.equal((await s.gql(Q)).status, 200); // times: 1
  await s.control('POST', '/faults', { operation: 'flow', kind: 'status', status: 503, times: 1 }); // by root field name
  assert.equal((await s.gql(Q)).status, 503);
  await s.control('POST', '/faults', { operation: 'Flows', kind: 'reset', times: 1 });
  await assert.rejects(s.gql(Q));
  await s.control('POST', '/faults', { operation: 'Flows', kind: 'malformed', times: 1 });
  r = await s.gql(Q);
  assert.equal(r.status, 200);
  assert.equal(typeof r.body, 'string');
  await s.control('POST', '/faults', { operation: 'Flows', kind: 'resolver_error', times: 1 });
  r = await s.gql(Q);
  assert.deepEqual(r.body.data, { flow: null });
  assert.equal(r.body.errors[0].extensions.code, 'API_ERROR');
  // reset after handling: the run is created, the client sees a dropped connection
  const flows = await s.ok('{ flow(where:{name:{_eq:"adhoc-export"}}){ id } }');
  await s.control('POST', '/faults', { operation: 'create_flow_run', kind: 'reset_after', times: 1 });
  const M = 'mutation($f: UUID!){ create_flow_run(input:{flow_id:$f, idempotency_key:"k1"}){ id } }';
  await assert.rejects(s.gql(M, { f: flows.flow[0].id }));
  const again = await s.ok(M, { f: flows.flow[0].id });
  const runs = await s.ok('{ flow_run(where:{idempotency_key:{_eq:"k1"}}){ id } }');
  assert.deepEqual(runs.flow_run.map((x) => x.id), [again.create_flow_run.id]);
  const counts = (await s.control('GET', '/requests/Flows')).body;
  assert.equal(counts.count, 6);
  assert.equal((await s.control('GET', '/requests/create_flow_run')).body.count, 2);
  await s.control('POST', '/faults', { operation: '*', kind: 'status', status: 500 });
  assert.equal((await s.gql('{ hello }')).status, 500);
  await s.control('DELETE', '/faults');
  assert.equal((await s.gql('{ hello }')).body.data.hello, '👋');
});

test('Cloud mode: Bearer key required, tenant header recorded, version locking enforced', async (t) => {
  const s = await startSandbox({ apiKey: 'secret', seed: 'demo' });
  t.after(() => s.close());
  assert.equal((await s.gql('{ hello }')).status, 401);
  assert.equal((await s.gql('{ hello }', {}, { authorization: 'Bearer wrong' })).status, 401);
  const auth = { authorization: 'Bearer secret', 'x-prefect-tenant-id': '00000000-0000-4000-8000-000000000001' };
  const r = await s.gql('{ api { backend } }', {}, auth);
  assert.equal(r.body.data.api.backend, 'CLOUD');
  assert.deepEqual((await s.control('GET', '/requests')).body.tenants, ['00000000-0000-4000-8000-000000000001']);
  const run = (await s.gql('{ flow_run(limit:1){ id version } }', {}, auth)).body.data.flow_run[0];
  const M = 'mutation($i: set_flow_run_states_input!){ set_flow_run_states(input:$i){ states { status } } }';
  const stale = await s.gql(M, { i: { states: [{ flow_run_id: run.id, version: run.version + 5, state: { type: 'Cancelled' } }] } }, auth);
  assert.equal(stale.body.errors[0].extensions.code, 'VERSION_LOCKING_ERROR');
  const fresh = await s.gql(M, { i: { states: [{ flow_run_id: run.id, version: run.version, state: { type: 'Cancelled' } }] } }, auth);
  assert.equal(fresh.body.data.set_flow_run_states.states[0].status, 'SUCCESS');
});

test('validation: depth limit 7, variable coercion errors are HTTP 400, unknown mutation fails, clock control', async (t) => {
  const s = await startSandbox();
  t.after(() => s.close());
  const deep = await s.gql('{ flow { flow_runs { task_runs { task { flow { flow_runs { task_runs { task { id } } } } } } } } }');
  assert.equal(deep.status, 400);
  assert.match(deep.body.errors[0].message, /exceeds maximum operation depth of 7/);
  const coercion = await s.gql('query($id: uuid!){ flow_by_pk(id:$id){ id } }', {});
  assert.equal(coercion.status, 400);
  assert.equal(coercion.body.data, undefined);
  const unknown = await s.gql('mutation { set_key_value(input:{key:"a", value:"1"}){ id } }'); // Cloud-only, not in the Server SDL
  assert.equal(unknown.status, 400);
  assert.deepEqual((await s.control('POST', '/clock', { now: '2024-05-01T00:00:00Z' })).body, { now: '2024-05-01T00:00:00+00:00', frozen: true });
  assert.equal((await s.control('POST', '/clock', { seconds: 90 })).body.now, '2024-05-01T00:01:30+00:00');
});
