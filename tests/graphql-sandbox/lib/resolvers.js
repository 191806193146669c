'use strict';
// Attaches resolvers and scalar behaviour to the schema built by lib/schema.js.
const { Kind, GraphQLError, valueFromASTUntyped } = require('graphql');
const { Hasura, jsonbPath, parseTimestampMicros, formatTimestampMicros, HasuraError } = require('./hasura');
const { ResolverError, CORE_VERSION } = require('./prefect1');
const states = require('./states');

const UUID_RE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

function setupScalars(schema) {
  // Python service scalars (section 0 "Scalars"): UUID, JSON, DateTime (ISO 8601; a naive value is UTC).
  const UUID = schema.getType('UUID');
  UUID.parseValue = (v) => { if (typeof v !== 'string' || !UUID_RE.test(v)) throw new TypeError(`badly formed hexadecimal UUID string: ${JSON.stringify(v)}`); return v.toLowerCase(); };
  UUID.parseLiteral = (ast) => { if (ast.kind !== Kind.STRING) throw new TypeError('UUID must be a string'); return UUID.parseValue(ast.value); };
  UUID.serialize = (v) => String(v);
  // JSON inputs: an object as a variable, or a JSON-encoded string (inline literals must be JSON-encoded strings, section 0)
  const JSONs = schema.getType('JSON');
  JSONs.parseValue = (v) => { if (typeof v === 'string') { try { return JSON.parse(v); } catch (e) { throw new TypeError(`JSON: ${e.message}`); } } return v; };
  JSONs.parseLiteral = (ast) => {
    if (ast.kind !== Kind.STRING) throw new TypeError('JSON literals must be JSON-encoded strings (pass JSON inputs as variables)');
    return JSONs.parseValue(ast.value);
  };
  JSONs.serialize = (v) => v;
  const DateTime = schema.getType('DateTime');
  DateTime.parseValue = (v) => { try { return formatTimestampMicros(parseTimestampMicros(v)); } catch { throw new TypeError(`invalid DateTime ${JSON.stringify(v)}`); } };
  DateTime.parseLiteral = (ast) => { if (ast.kind !== Kind.STRING) throw new TypeError('DateTime must be a string'); return DateTime.parseValue(ast.value); };
  DateTime.serialize = (v) => v;
  // Hasura scalars pass through Apollo's remote schema untouched; Hasura checks them (errors come back as HTTP 200)
  for (const name of ['uuid', 'timestamptz', 'jsonb', 'interval']) {
    const t = schema.getType(name);
    t.parseValue = (v) => v;
    t.parseLiteral = (ast, vars) => valueFromASTUntyped(ast, vars);
    t.serialize = (v) => v;
  }
}

function setupHasura(schema, tables, prefect) {
  const hasura = new Hasura(tables, prefect);
  const Query = schema.getQueryType().getFields();
  const checkUuid = (id) => { if (typeof id !== 'string' || !UUID_RE.test(id)) throw new HasuraError(`invalid input syntax for type uuid: "${id}"`, 'data-exception'); };
  const aggregateOf = (tableName, rows) => ({ __table: tableName, __rows: rows });
  for (const t of tables.values()) {
    Query[t.name].resolve = (_, args) => hasura.select(t.name, prefect.all(t.name), args);
    Query[`${t.name}_aggregate`].resolve = (_, args) => aggregateOf(t.name, hasura.select(t.name, prefect.all(t.name), args));
    if (t.hasPk) Query[`${t.name}_by_pk`].resolve = (_, { id }) => { checkUuid(id); return prefect.get(t.name, id) || null; };
    const type = schema.getType(t.name).getFields();
    for (const [c, info] of t.columns) if (info.scalar === 'jsonb') type[c].resolve = (row, { path }) => jsonbPath(row[c], path);
    for (const [r, rel] of t.rels) {
      if (rel.kind === 'object') type[r].resolve = (row) => hasura.related(t.name, row, r);
      else {
        type[r].resolve = (row, args) => hasura.select(rel.target, hasura.related(t.name, row, r), args);
        type[`${r}_aggregate`].resolve = (row, args) => aggregateOf(rel.target, hasura.select(rel.target, hasura.related(t.name, row, r), args));
      }
    }
    const aggType = schema.getType(`${t.name}_aggregate`).getFields();
    aggType.aggregate.resolve = (p) => hasura.aggregate(p.__table, p.__rows);
    aggType.nodes.resolve = (p) => p.__rows;
    const fieldsType = schema.getType(`${t.name}_aggregate_fields`).getFields();
    fieldsType.count.resolve = (a, args) => a.count(args);
    for (const f of ['max', 'min', 'avg', 'sum']) if (fieldsType[f]) fieldsType[f].resolve = (a) => a[f]();
  }
  return hasura;
}

function setupPython(schema, prefect, options) {
  const Q = schema.getQueryType().getFields();
  const M = schema.getMutationType().getFields();
  // Every Python field the sandbox does not model answers a resolver error naming it (never a silent null).
  const notModelled = (name) => () => { throw new ResolverError(`[sandbox] ${name} is not modelled by the Prefect 1 sandbox`); };
  const hasuraRoots = new Set();
  for (const t of prefect.tables.values()) for (const s of ['', '_aggregate', '_by_pk']) hasuraRoots.add(t.name + s);
  for (const [name, f] of Object.entries(Q)) if (!hasuraRoots.has(name)) f.resolve = notModelled(name);
  for (const [name, f] of Object.entries(M)) f.resolve = notModelled(name);

  // section 0: detect the backend with query { api { backend mode version core_version release_timestamp } }
  Q.hello.resolve = () => '👋';
  Q.api.resolve = () => ({
    backend: options.cloud ? 'CLOUD' : 'SERVER', // Server returns "SERVER" (section 0); "CLOUD" for Cloud 1.0 [inf]
    mode: 'normal', version: '2022.09.23', core_version: CORE_VERSION, release_timestamp: '2022-09-23T00:00:00+00:00', // [inf] values
  });
  Q.reference_data.resolve = () => ({ state_hierarchy: states.stateHierarchy(), state_info: states.stateInfo() });

  const m = (name, fn) => { M[name].resolve = (_, { input }) => fn(input); };
  m('create_project', (i) => prefect.createProject(i));
  m('delete_project', (i) => {
    const p = prefect.get('project', i.project_id);
    if (!p) return { success: false };
    for (const f of prefect.all('flow').filter((x) => x.project_id === p.id)) prefect.deleteFlow({ flow_id: f.id });
    prefect.remove('project', p.id);
    return { success: true };
  });
  m('set_project_name', (i) => { const p = prefect.get('project', i.project_id); if (!p) throw new ResolverError('Invalid project.'); prefect.update('project', p, { name: i.name }); return { id: p.id }; });
  m('set_project_description', (i) => { const p = prefect.get('project', i.project_id); if (!p) throw new ResolverError('Invalid project.'); prefect.update('project', p, { description: i.description ?? null }); return { id: p.id }; });
  m('create_flow', (i) => prefect.createFlow(i));
  m('create_flow_from_compressed_string', (i) => prefect.createFlowFromCompressedString(i));
  m('delete_flow', (i) => prefect.deleteFlow(i));
  m('archive_flow', (i) => prefect.archiveFlow(i));
  m('update_flow_project', (i) => prefect.updateFlowProject(i));
  m('enable_flow_heartbeat', (i) => prefect.setFlowFlag(i.flow_id, { heartbeat_enabled: true, disable_heartbeat: false }));
  m('disable_flow_heartbeat', (i) => prefect.setFlowFlag(i.flow_id, { heartbeat_enabled: false, disable_heartbeat: true }));
  m('enable_flow_lazarus_process', (i) => prefect.setFlowFlag(i.flow_id, { lazarus_enabled: true }));
  m('disable_flow_lazarus_process', (i) => prefect.setFlowFlag(i.flow_id, { lazarus_enabled: false }));
  m('set_schedule_active', (i) => prefect.setScheduleActive(i));
  m('set_schedule_inactive', (i) => prefect.setScheduleInactive(i));
  m('set_flow_group_schedule', (i) => prefect.setFlowGroupSchedule(i));
  m('delete_flow_group_schedule', (i) => prefect.deleteFlowGroupSchedule(i));
  // section 2: labels null clears the override to NULL; [] is an explicit empty override
  m('set_flow_group_labels', (i) => prefect.setFlowGroupField(i.flow_group_id, { labels: i.labels === undefined || i.labels === null ? null : [...i.labels] }));
  m('set_flow_group_description', (i) => prefect.setFlowGroupField(i.flow_group_id, { description: i.description ?? null }));
  m('set_flow_group_default_parameters', (i) => prefect.setFlowGroupField(i.flow_group_id, { default_parameters: i.parameters }));
  m('set_flow_group_run_config', (i) => prefect.setFlowGroupField(i.flow_group_id, { run_config: i.run_config ?? null }));
  m('delete_flow_group', (i) => prefect.deleteFlowGroup(i));
  m('create_flow_run', (i) => ({ id: prefect.createFlowRun(i).id }));
  m('delete_flow_run', (i) => prefect.deleteFlowRun(i));
  m('set_flow_run_labels', (i) => prefect.setRunField('flow_run', i.flow_run_id, { labels: [...i.labels] }));
  m('set_flow_run_name', (i) => prefect.setRunField('flow_run', i.flow_run_id, { name: i.name }));
  m('set_task_run_name', (i) => prefect.setRunField('task_run', i.task_run_id, { name: i.name }));
  m('set_flow_run_states', (i) => prefect.setFlowRunStates(i));
  m('set_task_run_states', (i) => prefect.setTaskRunStates(i));
  m('cancel_flow_run', (i) => prefect.cancelFlowRun(i));
}

function attachResolvers(schema, tables, prefect, options = {}) {
  setupScalars(schema);
  setupPython(schema, prefect, options);
  return setupHasura(schema, tables, prefect);
}

module.exports = { attachResolvers, GraphQLError };
