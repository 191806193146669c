'use strict';
// Builds one executable schema the way Prefect Server's Apollo gateway serves it: the Python service's SDL
// (shared/prefect-api/prefect1/*.graphql) stitched with Hasura's generated API for the tables in
// hasura_tables.derived.graphql + hasura_metadata.yaml (api-reference.md section 7 "Schema artefacts";
// derived file header: root fields, bool_exp, order_by, aggregate types Hasura generates per table).
const fs = require('fs');
const path = require('path');
const { parse, buildASTSchema, Kind } = require('graphql');
const { parseYaml } = require('./yaml-lite');

function findSharedApiDir(startDir) {
  if (process.env.PREFECTOPS_SHARED_API) return path.resolve(process.env.PREFECTOPS_SHARED_API);
  let dir = path.resolve(startDir);
  for (;;) {
    const candidate = path.join(dir, 'shared', 'prefect-api');
    if (fs.existsSync(path.join(candidate, 'prefect1'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`shared/prefect-api/prefect1 not found above ${startDir}; set PREFECTOPS_SHARED_API`);
    dir = parent;
  }
}

function namedType(typeNode) {
  let t = typeNode;
  while (t.kind !== Kind.NAMED_TYPE) t = t.type;
  return t.name.value;
}
function isListType(typeNode) {
  let t = typeNode;
  if (t.kind === Kind.NON_NULL_TYPE) t = t.type;
  return t.kind === Kind.LIST_TYPE;
}

const COMPARISON_SCALARS = ['uuid', 'timestamptz', 'Int', 'Boolean', 'String', 'jsonb', 'interval'];
// Hasura computes max/min for ordered Postgres types, avg/sum for numeric ones (derived header: T_aggregate
// "{ aggregate { count max{..} min{..} } nodes { .. } }"). Postgres has no max(uuid)/max(boolean)/max(jsonb).
const MINMAX_SCALARS = new Set(['Int', 'String', 'timestamptz', 'interval']);
const NUMERIC_SCALARS = new Set(['Int']);

/**
 * Reads the derived tables and the metadata: for each tracked table its columns (name -> scalar) and its
 * relationships (object: local FK column -> target.id; array: target.column -> local id; manual: column_mapping).
 */
function readTables(prefect1Dir) {
  const doc = parse(fs.readFileSync(path.join(prefect1Dir, 'hasura_tables.derived.graphql'), 'utf8'));
  const meta = parseYaml(fs.readFileSync(path.join(prefect1Dir, 'hasura_metadata.yaml'), 'utf8'));
  const typeDefs = new Map();
  for (const def of doc.definitions) if (def.kind === Kind.OBJECT_TYPE_DEFINITION) typeDefs.set(def.name.value, def);
  const tables = new Map();
  for (const entry of meta.sources[0].tables) {
    const schemaName = entry.table.schema;
    // Hasura prefixes names of tables outside "public" with the schema name (derived file: utility_traversal).
    const name = schemaName === 'public' ? entry.table.name : `${schemaName}_${entry.table.name}`;
    const def = typeDefs.get(name);
    if (!def) throw new Error(`hasura_metadata.yaml tracks ${name} but hasura_tables.derived.graphql has no type for it`);
    const columns = new Map();
    const relFields = new Map();
    for (const f of def.fields) {
      const t = namedType(f.type);
      if (typeDefs.has(t)) relFields.set(f.name.value, { target: t, list: isListType(f.type), typeNode: f.type });
      else columns.set(f.name.value, { scalar: t, nonNull: f.type.kind === Kind.NON_NULL_TYPE });
    }
    const rels = new Map();
    for (const r of entry.object_relationships || []) {
      const fk = r.using.foreign_key_constraint_on;
      let local, remote, target;
      if (fk) { local = fk; remote = 'id'; target = relFields.get(r.name) && relFields.get(r.name).target; }
      else {
        const mc = r.using.manual_configuration;
        [[local, remote]] = Object.entries(mc.column_mapping);
        target = mc.remote_table.schema === 'public' ? mc.remote_table.name : `${mc.remote_table.schema}_${mc.remote_table.name}`;
      }
      if (!target) throw new Error(`relationship ${name}.${r.name} is in the metadata but not in the derived types`);
      rels.set(r.name, { kind: 'object', target, local, remote });
    }
    for (const r of entry.array_relationships || []) {
      const fk = r.using.foreign_key_constraint_on;
      const target = fk.table.schema === 'public' ? fk.table.name : `${fk.table.schema}_${fk.table.name}`;
      rels.set(r.name, { kind: 'array', target, local: 'id', remote: fk.column });
    }
    for (const [f] of relFields) if (!rels.has(f)) throw new Error(`${name}.${f} has no relationship in hasura_metadata.yaml`);
    // Primary key: every table with an id column except log (derived header: "T_by_pk ... NOT for `log`").
    const hasPk = columns.has('id') && name !== 'log';
    tables.set(name, { name, columns, rels, hasPk });
  }
  return tables;
}

/** The SDL Hasura generates for the tracked tables (naming as Hasura v2). */
function hasuraSdl(tables) {
  const out = [];
  const selectArgs = (t) => `distinct_on: [${t}_select_column!], limit: Int, offset: Int, order_by: [${t}_order_by!], where: ${t}_bool_exp`;
  out.push('enum order_by { asc asc_nulls_first asc_nulls_last desc desc_nulls_first desc_nulls_last }');
  const ops = ['_eq', '_gt', '_gte', '_lt', '_lte', '_neq'];
  for (const s of COMPARISON_SCALARS) {
    const lines = ops.map((o) => `  ${o}: ${s}`);
    lines.push(`  _in: [${s}!]`, `  _nin: [${s}!]`, '  _is_null: Boolean');
    if (s === 'String') {
      for (const o of ['_like', '_nlike', '_ilike', '_nilike', '_similar', '_nsimilar', '_regex', '_iregex', '_nregex', '_niregex']) lines.push(`  ${o}: String`);
    }
    if (s === 'jsonb') {
      lines.push('  _cast: jsonb_cast_exp', '  _contains: jsonb', '  _contained_in: jsonb', '  _has_key: String',
        '  _has_keys_any: [String!]', '  _has_keys_all: [String!]');
    }
    out.push(`input ${s}_comparison_exp {\n${lines.join('\n')}\n}`);
  }
  out.push('input jsonb_cast_exp { String: String_comparison_exp }');
  for (const t of tables.values()) {
    const fields = [];
    for (const [c, info] of t.columns) {
      const ty = `${info.scalar}${info.nonNull ? '!' : ''}`;
      fields.push(info.scalar === 'jsonb' ? `  ${c}(path: String): ${ty}` : `  ${c}: ${ty}`);
    }
    for (const [r, rel] of t.rels) {
      if (rel.kind === 'object') fields.push(`  ${r}: ${rel.target}`);
      else {
        fields.push(`  ${r}(${selectArgs(rel.target)}): [${rel.target}!]!`);
        fields.push(`  ${r}_aggregate(${selectArgs(rel.target)}): ${rel.target}_aggregate!`);
      }
    }
    out.push(`type ${t.name} {\n${fields.join('\n')}\n}`);
    out.push(`enum ${t.name}_select_column { ${[...t.columns.keys()].join(' ')} }`);
    const bool = ['  _and: [' + t.name + '_bool_exp!]', `  _not: ${t.name}_bool_exp`, `  _or: [${t.name}_bool_exp!]`];
    for (const [c, info] of t.columns) bool.push(`  ${c}: ${info.scalar}_comparison_exp`);
    for (const [r, rel] of t.rels) bool.push(`  ${r}: ${rel.target}_bool_exp`);
    out.push(`input ${t.name}_bool_exp {\n${bool.join('\n')}\n}`);
    const ord = [...t.columns.keys()].map((c) => `  ${c}: order_by`);
    for (const [r, rel] of t.rels) ord.push(rel.kind === 'object' ? `  ${r}: ${rel.target}_order_by` : `  ${r}_aggregate: ${rel.target}_aggregate_order_by`);
    out.push(`input ${t.name}_order_by {\n${ord.join('\n')}\n}`);
    const minmax = [...t.columns].filter(([, i]) => MINMAX_SCALARS.has(i.scalar));
    const numeric = [...t.columns].filter(([, i]) => NUMERIC_SCALARS.has(i.scalar));
    const agg = [`  count(columns: [${t.name}_select_column!], distinct: Boolean): Int!`];
    if (minmax.length) {
      out.push(`type ${t.name}_max_fields {\n${minmax.map(([c, i]) => `  ${c}: ${i.scalar}`).join('\n')}\n}`);
      out.push(`type ${t.name}_min_fields {\n${minmax.map(([c, i]) => `  ${c}: ${i.scalar}`).join('\n')}\n}`);
      agg.push(`  max: ${t.name}_max_fields`, `  min: ${t.name}_min_fields`);
    }
    if (numeric.length) {
      out.push(`type ${t.name}_avg_fields {\n${numeric.map(([c]) => `  ${c}: Float`).join('\n')}\n}`);
      out.push(`type ${t.name}_sum_fields {\n${numeric.map(([c, i]) => `  ${c}: ${i.scalar}`).join('\n')}\n}`);
      agg.push(`  avg: ${t.name}_avg_fields`, `  sum: ${t.name}_sum_fields`);
    }
    out.push(`type ${t.name}_aggregate_fields {\n${agg.join('\n')}\n}`);
    out.push(`type ${t.name}_aggregate { aggregate: ${t.name}_aggregate_fields nodes: [${t.name}!]! }`);
    const aob = ['  count: order_by'];
    if (minmax.length) {
      out.push(`input ${t.name}_max_order_by {\n${minmax.map(([c]) => `  ${c}: order_by`).join('\n')}\n}`);
      out.push(`input ${t.name}_min_order_by {\n${minmax.map(([c]) => `  ${c}: order_by`).join('\n')}\n}`);
      aob.push(`  max: ${t.name}_max_order_by`, `  min: ${t.name}_min_order_by`);
    }
    out.push(`input ${t.name}_aggregate_order_by {\n${aob.join('\n')}\n}`);
  }
  const roots = [];
  for (const t of tables.values()) {
    roots.push(`  ${t.name}(${selectArgs(t.name)}): [${t.name}!]!`);
    roots.push(`  ${t.name}_aggregate(${selectArgs(t.name)}): ${t.name}_aggregate!`);
    if (t.hasPk) roots.push(`  ${t.name}_by_pk(id: uuid!): ${t.name}`);
  }
  out.push(`extend type Query {\n${roots.join('\n')}\n}`);
  return out.join('\n\n');
}

const PYTHON_SDL_FILES = ['scalars', 'schema', 'agents', 'artifacts', 'flows', 'logs', 'messages', 'projects', 'runs', 'states', 'tenants'];

function buildPrefect1Schema(options = {}) {
  const apiDir = options.sharedApiDir || findSharedApiDir(options.startDir || path.join(__dirname, '..'));
  const prefect1Dir = path.join(apiDir, 'prefect1');
  const sources = [];
  for (const f of PYTHON_SDL_FILES) {
    const file = path.join(prefect1Dir, `${f}.graphql`);
    sources.push({ name: file, body: fs.readFileSync(file, 'utf8') });
  }
  const tables = readTables(prefect1Dir);
  sources.push({ name: 'hasura (generated from hasura_tables.derived.graphql + hasura_metadata.yaml)', body: hasuraSdl(tables) });
  sources.push({ name: path.join(__dirname, '..', 'glue.graphql'), body: fs.readFileSync(path.join(__dirname, '..', 'glue.graphql'), 'utf8') });
  const definitions = [];
  for (const s of sources) {
    try { definitions.push(...parse(s.body).definitions); } catch (e) { throw new Error(`${s.name}: ${e.message}`); }
  }
  const schema = buildASTSchema({ kind: Kind.DOCUMENT, definitions });
  return { schema, tables, apiDir, prefect1Dir };
}

module.exports = { buildPrefect1Schema, findSharedApiDir, readTables, hasuraSdl };
