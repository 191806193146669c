'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { buildPrefect1Schema } = require('../lib/schema');
const { Hasura, matchComparison, jsonbContains, likeToRegex } = require('../lib/hasura');
const { startSandbox } = require('./helpers');

const { tables } = buildPrefect1Schema();
function fixture() {
  const rows = {
    flow: [
      { id: 'aaaaaaaa-0000-4000-8000-000000000001', name: 'alpha', archived: false, version: 1, flow_group_id: 'bbbbbbbb-0000-4000-8000-000000000001', created: '2024-01-01T00:00:00+00:00', settings: {} },
      { id: 'aaaaaaaa-0000-4000-8000-000000000002', name: 'Beta', archived: true, version: 2, flow_group_id: 'bbbbbbbb-0000-4000-8000-000000000001', created: '2024-02-01T00:00:00+00:00', settings: { heartbeat_enabled: true } },
      { id: 'aaaaaaaa-0000-4000-8000-000000000003', name: 'gamma', archived: false, version: null, flow_group_id: 'bbbbbbbb-0000-4000-8000-000000000002', created: '2024-03-01T00:00:00+00:00', settings: {} },
    ],
    task: [
      { id: 'cccccccc-0000-4000-8000-000000000001', flow_id: 'aaaaaaaa-0000-4000-8000-000000000001', tags: ['db-maint', 'etl'] },
      { id: 'cccccccc-0000-4000-8000-000000000002', flow_id: 'aaaaaaaa-0000-4000-8000-000000000002', tags: ['db-maint'] },
      { id: 'cccccccc-0000-4000-8000-000000000003', flow_id: 'aaaaaaaa-0000-4000-8000-000000000003', tags: [] },
    ],
    flow_group: [
      { id: 'bbbbbbbb-0000-4000-8000-000000000001', name: 'g1', labels: ['MAINTENANCE'] },
      { id: 'bbbbbbbb-0000-4000-8000-000000000002', name: 'g2', labels: null },
    ],
  };
  const store = { all: (t) => rows[t] || [], get: (t, id) => (rows[t] || []).find((r) => r.id === id) };
  return new Hasura(tables, store);
}
const names = (h, where, extra = {}) => h.select('flow', h.store.all('flow'), { where, ...extra }).map((r) => r.name);

test('comparison operators', () => {
  const h = fixture();
  assert.deepEqual(names(h, { name: { _eq: 'alpha' } }), ['alpha']);
  assert.deepEqual(names(h, { name: { _neq: 'alpha' } }), ['Beta', 'gamma']);
  assert.deepEqual(names(h, { version: { _gt: 1 } }), ['Beta']);
  assert.deepEqual(names(h, { version: { _gte: 1 } }), ['alpha', 'Beta']);
  assert.deepEqual(names(h, { version: { _lt: 2 } }), ['alpha']);
  assert.deepEqual(names(h, { version: { _lte: 2 } }), ['alpha', 'Beta']);
  assert.deepEqual(names(h, { name: { _in: ['alpha', 'gamma'] } }), ['alpha', 'gamma']);
  assert.deepEqual(names(h, { name: { _nin: ['alpha', 'gamma'] } }), ['Beta']);
  assert.deepEqual(names(h, { name: { _in: [] } }), []);
  assert.deepEqual(names(h, { version: { _is_null: true } }), ['gamma']);
  assert.deepEqual(names(h, { version: { _is_null: false } }), ['alpha', 'Beta']);
  assert.deepEqual(names(h, { name: { _like: '%a' } }), ['alpha', 'Beta', 'gamma']);
  assert.deepEqual(names(h, { name: { _like: 'b%' } }), []);
  assert.deepEqual(names(h, { name: { _ilike: 'b%' } }), ['Beta']);
  assert.deepEqual(names(h, { name: { _like: 'g_mma' } }), ['gamma']);
  assert.deepEqual(names(h, { created: { _gt: '2024-01-15T00:00:00Z' } }), ['Beta', 'gamma']);
  assert.deepEqual(names(h, { created: { _lte: '2024-02-01T01:00:00+01:00' } }), ['alpha', 'Beta']);
  assert.deepEqual(names(h, { id: { _eq: 'AAAAAAAA-0000-4000-8000-000000000002' } }), ['Beta']);
});

test('_and, _or, _not and the empty expression', () => {
  const h = fixture();
  assert.deepEqual(names(h, { _and: [{ archived: { _eq: false } }, { name: { _like: 'g%' } }] }), ['gamma']);
  assert.deepEqual(names(h, { _or: [{ name: { _eq: 'alpha' } }, { name: { _eq: 'gamma' } }] }), ['alpha', 'gamma']);
  assert.deepEqual(names(h, { _not: { archived: { _eq: true } } }), ['alpha', 'gamma']);
  assert.deepEqual(names(h, {}), ['alpha', 'Beta', 'gamma']);
  assert.deepEqual(names(h, { _or: [] }), []);
  assert.deepEqual(names(h, { _not: {} }), []);
});

test('null collapse (HASURA_GRAPHQL_V1_BOOLEAN_NULL_COLLAPSE=true): a null filter value matches every row', () => {
  const h = fixture();
  const all = ['alpha', 'Beta', 'gamma'];
  assert.deepEqual(names(h, { id: { _eq: null } }), all);
  assert.deepEqual(names(h, { name: { _in: null } }), all);
  assert.deepEqual(names(h, { version: { _is_null: null } }), all);
  assert.deepEqual(names(h, { id: null }), all);
  assert.deepEqual(names(h, { _and: null }), all);
  assert.deepEqual(names(h, { _not: null }), all);
  assert.deepEqual(names(h, null), all);
  // only the null part is dropped; the rest still filters
  assert.deepEqual(names(h, { archived: { _eq: false }, name: { _eq: null } }), ['alpha', 'gamma']);
  assert.deepEqual(names(h, { tasks: { tags: { _has_key: null } } }), all);
});

test('jsonb operators on task tags (string elements of a top-level array)', () => {
  assert.equal(matchComparison('jsonb', ['db-maint', 'etl'], { _has_key: 'etl' }), true);
  assert.equal(matchComparison('jsonb', ['db-maint'], { _has_key: 'etl' }), false);
  assert.equal(matchComparison('jsonb', ['a', 'b'], { _has_keys_any: ['x', 'b'] }), true);
  assert.equal(matchComparison('jsonb', ['a', 'b'], { _has_keys_any: [] }), false);
  assert.equal(matchComparison('jsonb', ['a', 'b'], { _has_keys_all: ['a', 'b'] }), true);
  assert.equal(matchComparison('jsonb', ['a'], { _has_keys_all: ['a', 'b'] }), false);
  assert.equal(matchComparison('jsonb', { heartbeat_enabled: true }, { _has_key: 'heartbeat_enabled' }), true);
  assert.equal(matchComparison('jsonb', ['a', 'b'], { _contains: ['b'] }), true);
  assert.equal(matchComparison('jsonb', ['a', 'b'], { _contains: 'a' }), true);
  assert.equal(matchComparison('jsonb', ['a'], { _contained_in: ['a', 'b'] }), true);
  assert.equal(matchComparison('jsonb', ['a', 'c'], { _contained_in: ['a', 'b'] }), false);
  assert.equal(jsonbContains({ a: { b: 1, c: 2 } }, { a: { b: 1 } }), true);
  assert.equal(matchComparison('jsonb', { a: 1 }, { _eq: { a: 1 } }), true);
  assert.equal(matchComparison('jsonb', { a: 1 }, { _cast: { String: { _like: '%"a": 1%' } } }), true);
  assert.equal(likeToRegex('100\\%', false).test('100%'), true);
});

test('object and array relationships in where', () => {
  const h = fixture();
  assert.deepEqual(names(h, { tasks: { tags: { _has_key: 'db-maint' } } }), ['alpha', 'Beta']);
  assert.deepEqual(names(h, { archived: { _eq: false }, tasks: { tags: { _has_keys_any: ['db-maint'] } } }), ['alpha']);
  assert.deepEqual(names(h, { flow_group: { labels: { _has_key: 'MAINTENANCE' } } }), ['alpha', 'Beta']);
  assert.deepEqual(names(h, { flow_group: { labels: { _is_null: true } } }), ['gamma']);
  const tasks = h.select('task', h.store.all('task'), { where: { flow: { archived: { _eq: false } } } });
  assert.equal(tasks.length, 2);
});

test('order_by (nulls, nested), distinct_on, limit, offset', () => {
  const h = fixture();
  assert.deepEqual(names(h, {}, { order_by: [{ version: 'asc' }] }), ['alpha', 'Beta', 'gamma']);
  assert.deepEqual(names(h, {}, { order_by: [{ version: 'desc' }] }), ['gamma', 'Beta', 'alpha']);
  assert.deepEqual(names(h, {}, { order_by: [{ version: 'desc_nulls_last' }] }), ['Beta', 'alpha', 'gamma']);
  assert.deepEqual(names(h, {}, { order_by: [{ flow_group: { name: 'desc' } }, { name: 'asc' }] }), ['gamma', 'Beta', 'alpha']);
  assert.deepEqual(names(h, {}, { order_by: [{ tasks_aggregate: { count: 'desc' } }, { created: 'desc' }] }), ['gamma', 'Beta', 'alpha']);
  assert.deepEqual(names(h, {}, { order_by: [{ created: 'asc' }], limit: 1, offset: 1 }), ['Beta']);
  const distinct = h.select('flow', h.store.all('flow'), { distinct_on: ['flow_group_id'] });
  assert.equal(distinct.length, 2);
  assert.throws(() => h.select('flow', h.store.all('flow'), { distinct_on: ['flow_group_id'], order_by: [{ name: 'asc' }] }), /distinct_on/);
  const tags = h.select('task', h.store.all('task'), { distinct_on: ['tags'] }).map((t) => t.tags);
  assert.deepEqual(tags, [[], ['db-maint'], ['db-maint', 'etl']]); // jsonb order: shorter arrays first
});

test('through GraphQL: null variable collapses the filter; aggregates; by_pk; path argument', async (t) => {
  const s = await startSandbox({ seed: 'demo' });
  t.after(() => s.close());
  const all = await s.ok('{ flow { id } }');
  const one = await s.ok('query($id: uuid){ flow(where:{id:{_eq:$id}}){ id } }', { id: all.flow[0].id });
  assert.equal(one.flow.length, 1);
  const collapsed = await s.ok('query($id: uuid){ flow(where:{id:{_eq:$id}}){ id } }', { id: null });
  assert.equal(collapsed.flow.length, all.flow.length);
  const omitted = await s.ok('query($id: uuid){ flow(where:{id:{_eq:$id}}){ id } }', {});
  assert.equal(omitted.flow.length, all.flow.length);
  const agg = await s.ok('{ flow_aggregate(where:{archived:{_eq:false}}){ aggregate { count max { version } } } }');
  assert.equal(agg.flow_aggregate.aggregate.count, all.flow.length);
  assert.equal(agg.flow_aggregate.aggregate.max.version, 1);
  const pk = await s.ok('query($id: uuid!){ flow_by_pk(id:$id){ id name serialized_flow(path:"$.tasks[0].name") missing: serialized_flow(path:"nope") } }', { id: all.flow[0].id });
  assert.equal(pk.flow_by_pk.id, all.flow[0].id);
  assert.equal(pk.flow_by_pk.serialized_flow, 'rebuild-indexes');
  assert.equal(pk.flow_by_pk.missing, null);
  const missing = await s.ok('{ flow_by_pk(id:"00000000-0000-4000-8000-0000000000ff"){ id } }');
  assert.equal(missing.flow_by_pk, null);
  const bad = await s.gql('{ flow_by_pk(id:"nope"){ id } }');
  assert.equal(bad.status, 200);
  assert.equal(bad.body.data.flow_by_pk, null);
  assert.match(bad.body.errors[0].message, /invalid input syntax for type uuid/);
});
