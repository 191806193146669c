'use strict';
// Hasura semantics for the table root fields (api-reference.md section 1, last bullet; derived file header):
// where (T_bool_exp), order_by, distinct_on, limit, offset, aggregates, jsonb operators, relationships.
// Runs with HASURA_GRAPHQL_V1_BOOLEAN_NULL_COLLAPSE=true (api-reference.md section 0, last bullet): a null
// value anywhere in a boolean expression is dropped, so {id: {_eq: null}} matches EVERY row.

class HasuraError extends Error {
  constructor(message, code) { super(message); this.extensions = { code: code || 'validation-failed' }; }
}

// ---------- timestamps: compared as microseconds since epoch ----------
function parseTimestampMicros(value) {
  if (value === null || value === undefined) return null;
  const s = String(value).trim().replace(' ', 'T');
  const m = s.match(/^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i);
  if (!m) throw new HasuraError(`invalid input syntax for type timestamp with time zone: "${value}"`, 'data-exception');
  const [, y, mo, d, h = '0', mi = '0', se = '0', frac = '', tz] = m;
  let ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +se);
  // a timestamp without offset is read in the database's time zone, UTC on Prefect Server [inf]
  if (tz && tz.toUpperCase() !== 'Z') {
    const sign = tz[0] === '-' ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    ms -= sign * ((+digits.slice(0, 2)) * 60 + (+(digits.slice(2) || 0))) * 60000;
  }
  return ms * 1000 + Math.round(+((frac + '000000').slice(0, 6)));
}

// Postgres' timestamptz output through Hasura: 2024-05-01T02:00:00+00:00, fraction only when non-zero.
function formatTimestampMicros(us) {
  const ms = Math.floor(us / 1000);
  const d = new Date(ms);
  const iso = d.toISOString().slice(0, 19);
  const micros = us - Math.floor(us / 1000000) * 1000000;
  const frac = micros ? '.' + String(micros).padStart(6, '0').replace(/0+$/, '') : '';
  return `${iso}${frac}+00:00`;
}

// ---------- jsonb ----------
const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
function jsonbRank(v) {
  if (v === null) return 0; if (typeof v === 'string') return 1; if (typeof v === 'number') return 2;
  if (typeof v === 'boolean') return 3; if (Array.isArray(v)) return 4; return 5;
}
// Postgres jsonb ordering: Object > Array > Boolean > Number > String > Null; arrays by length then elements;
// objects by number of pairs, then keys, then values.
function jsonbCompare(a, b) {
  const ra = jsonbRank(a), rb = jsonbRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (a === null) return 0;
  if (typeof a === 'string' || typeof a === 'number' || typeof a === 'boolean') return a < b ? -1 : a > b ? 1 : 0;
  if (Array.isArray(a)) {
    if (a.length !== b.length) return a.length < b.length ? -1 : 1;
    for (let i = 0; i < a.length; i++) { const c = jsonbCompare(a[i], b[i]); if (c) return c; }
    return 0;
  }
  const ka = jsonbKeys(a), kb = jsonbKeys(b);
  if (ka.length !== kb.length) return ka.length < kb.length ? -1 : 1;
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return jsonbKeyCompare(ka[i], kb[i]);
  for (const k of ka) { const c = jsonbCompare(a[k], b[k]); if (c) return c; }
  return 0;
}
// jsonb stores object keys shorter first, then bytewise
function jsonbKeyCompare(x, y) { return x.length !== y.length ? x.length - y.length : x < y ? -1 : x > y ? 1 : 0; }
function jsonbKeys(o) { return Object.keys(o).sort(jsonbKeyCompare); }
const jsonbEqual = (a, b) => jsonbCompare(a, b) === 0;

// jsonb @> (Postgres containment, including "an array contains a primitive" at top level)
function jsonbContains(a, b, top = true) {
  if (isObj(b)) return isObj(a) && Object.keys(b).every((k) => Object.prototype.hasOwnProperty.call(a, k) && jsonbContains(a[k], b[k], false));
  if (Array.isArray(b)) return Array.isArray(a) && b.every((eb) => a.some((ea) => jsonbContains(ea, eb, false)));
  if (Array.isArray(a) && top) return a.some((ea) => !isObj(ea) && !Array.isArray(ea) && jsonbEqual(ea, b));
  return !isObj(a) && !Array.isArray(a) && jsonbEqual(a, b);
}
// jsonb ? key: an object key, a string element of a top-level array, or the string itself
function jsonbHasKey(v, key) {
  if (isObj(v)) return Object.prototype.hasOwnProperty.call(v, key);
  if (Array.isArray(v)) return v.some((e) => e === key);
  return v === key;
}
// jsonb::text as Postgres prints it ({"a": 1, "b": [1, 2]})
function jsonbText(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(jsonbText).join(', ')}]`;
  if (isObj(v)) return `{${jsonbKeys(v).map((k) => `${JSON.stringify(k)}: ${jsonbText(v[k])}`).join(', ')}}`;
  return JSON.stringify(v);
}
// Hasura's `path` argument on jsonb columns: "$.a.b[0]" or "a.b"
function jsonbPath(v, p) {
  if (p === null || p === undefined) return v;
  const parts = String(p).replace(/^\$\.?/, '').match(/[^.[\]]+|\[\d+\]/g) || [];
  let cur = v;
  for (const part of parts) {
    if (cur === null || cur === undefined) return null;
    const idx = part.match(/^\[(\d+)\]$/);
    cur = idx ? (Array.isArray(cur) ? cur[+idx[1]] : undefined) : (isObj(cur) ? cur[part] : undefined);
  }
  return cur === undefined ? null : cur;
}

// ---------- scalar comparisons ----------
function normalise(scalar, v) {
  if (v === null || v === undefined) return null;
  if (scalar === 'uuid') {
    const s = String(v).toLowerCase();
    if (!/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/.test(s)) {
      throw new HasuraError(`invalid input syntax for type uuid: "${v}"`, 'data-exception');
    }
    return s.replace(/-/g, '');
  }
  if (scalar === 'timestamptz') return parseTimestampMicros(v);
  return v;
}
function compareScalar(scalar, a, b) {
  if (scalar === 'jsonb') return jsonbCompare(a, b);
  const x = normalise(scalar, a), y = normalise(scalar, b);
  if (scalar === 'String' || scalar === 'interval') return x < y ? -1 : x > y ? 1 : 0; // "C" collation [inf]
  return x < y ? -1 : x > y ? 1 : 0;
}
function likeToRegex(pattern, insensitive) {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) { re += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); continue; }
    if (c === '%') re += '[\\s\\S]*'; else if (c === '_') re += '[\\s\\S]'; else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, insensitive ? 'i' : '');
}
function similarToRegex(pattern) {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) { re += '\\' + pattern[++i]; continue; }
    if (c === '%') re += '[\\s\\S]*'; else if (c === '_') re += '[\\s\\S]'; else if (c === '.') re += '\\.'; else re += c;
  }
  return new RegExp(`^(?:${re})$`);
}

function matchComparison(scalar, value, exp) {
  for (const [op, operand] of Object.entries(exp)) {
    if (operand === null || operand === undefined) continue; // null collapse: the operator is dropped
    let ok;
    switch (op) {
      case '_is_null': ok = (value === null || value === undefined) === operand; break;
      case '_eq': ok = value !== null && value !== undefined && compareScalar(scalar, value, operand) === 0; break;
      case '_neq': ok = value !== null && value !== undefined && compareScalar(scalar, value, operand) !== 0; break;
      case '_gt': ok = value != null && compareScalar(scalar, value, operand) > 0; break;
      case '_gte': ok = value != null && compareScalar(scalar, value, operand) >= 0; break;
      case '_lt': ok = value != null && compareScalar(scalar, value, operand) < 0; break;
      case '_lte': ok = value != null && compareScalar(scalar, value, operand) <= 0; break;
      case '_in': ok = value != null && operand.some((o) => compareScalar(scalar, value, o) === 0); break;
      case '_nin': ok = value != null && !operand.some((o) => compareScalar(scalar, value, o) === 0); break;
      case '_like': ok = value != null && likeToRegex(operand, false).test(value); break;
      case '_nlike': ok = value != null && !likeToRegex(operand, false).test(value); break;
      case '_ilike': ok = value != null && likeToRegex(operand, true).test(value); break;
      case '_nilike': ok = value != null && !likeToRegex(operand, true).test(value); break;
      case '_similar': ok = value != null && similarToRegex(operand).test(value); break;
      case '_nsimilar': ok = value != null && !similarToRegex(operand).test(value); break;
      case '_regex': ok = value != null && new RegExp(operand).test(value); break;
      case '_iregex': ok = value != null && new RegExp(operand, 'i').test(value); break;
      case '_nregex': ok = value != null && !new RegExp(operand).test(value); break;
      case '_niregex': ok = value != null && !new RegExp(operand, 'i').test(value); break;
      case '_has_key': ok = value != null && jsonbHasKey(value, operand); break;
      case '_has_keys_any': ok = value != null && operand.some((k) => jsonbHasKey(value, k)); break;
      case '_has_keys_all': ok = value != null && operand.every((k) => jsonbHasKey(value, k)); break;
      case '_contains': ok = value != null && jsonbContains(value, operand); break;
      case '_contained_in': ok = value != null && jsonbContains(operand, value); break;
      case '_cast': ok = Object.entries(operand).every(([to, sub]) => sub === null || matchComparison(to, value == null ? null : jsonbText(value), sub)); break;
      default: throw new HasuraError(`unexpected operator ${op}`);
    }
    if (!ok) return false;
  }
  return true;
}

// ---------- the evaluator over a store ----------
class Hasura {
  /** @param tables Map from lib/schema.readTables; @param store { all(table): row[], get(table, id): row|undefined } */
  constructor(tables, store) { this.tables = tables; this.store = store; }

  related(tableName, row, relName) {
    const rel = this.tables.get(tableName).rels.get(relName);
    if (rel.kind === 'object') {
      const key = row[rel.local];
      if (key === null || key === undefined) return null;
      if (rel.remote === 'id') return this.store.get(rel.target, key) || null;
      return this.store.all(rel.target).find((r) => r[rel.remote] === key) || null;
    }
    const key = row[rel.local];
    return this.store.all(rel.target).filter((r) => r[rel.remote] === key);
  }

  matches(tableName, row, exp) {
    if (exp === null || exp === undefined) return true; // null collapse
    const t = this.tables.get(tableName);
    for (const [key, sub] of Object.entries(exp)) {
      if (sub === null || sub === undefined) continue; // null collapse: the whole key is dropped
      if (key === '_and') { if (!sub.every((e) => this.matches(tableName, row, e))) return false; continue; }
      if (key === '_or') { if (!sub.some((e) => this.matches(tableName, row, e))) return false; continue; }
      if (key === '_not') { if (this.matches(tableName, row, sub)) return false; continue; }
      if (t.columns.has(key)) { if (!matchComparison(t.columns.get(key).scalar, row[key], sub)) return false; continue; }
      const rel = t.rels.get(key);
      if (!rel) throw new HasuraError(`field "${key}" not found in type: '${tableName}_bool_exp'`);
      if (rel.kind === 'object') {
        const other = this.related(tableName, row, key);
        if (!other || !this.matches(rel.target, other, sub)) return false;
      } else if (!this.related(tableName, row, key).some((r) => this.matches(rel.target, r, sub))) return false; // EXISTS
    }
    return true;
  }

  orderKeys(tableName, orderBy) {
    // flatten [{a: asc}, {rel: {b: desc}}] into [{get(row), dir, scalar}]
    const t = this.tables.get(tableName);
    const keys = [];
    for (const spec of orderBy || []) {
      for (const [field, dir] of Object.entries(spec)) {
        if (dir === null || dir === undefined) continue;
        if (t.columns.has(field)) { keys.push({ column: field, scalar: t.columns.get(field).scalar, dir, get: (r) => r[field] }); continue; }
        if (t.rels.has(field)) {
          const rel = t.rels.get(field);
          for (const k of this.orderKeys(rel.target, [dir])) {
            keys.push({ column: null, scalar: k.scalar, dir: k.dir, get: (r) => { const o = this.related(tableName, r, field); return o ? k.get(o) : null; } });
          }
          continue;
        }
        const relName = field.replace(/_aggregate$/, '');
        const rel = t.rels.get(relName);
        for (const [agg, sub] of Object.entries(dir)) {
          if (sub === null || sub === undefined) continue;
          if (agg === 'count') { keys.push({ column: null, scalar: 'Int', dir: sub, get: (r) => this.related(tableName, r, relName).length }); continue; }
          for (const [col, d] of Object.entries(sub)) {
            if (d === null || d === undefined) continue;
            const scalar = this.tables.get(rel.target).columns.get(col).scalar;
            keys.push({ column: null, scalar, dir: d, get: (r) => aggregateMinMax(agg, scalar, this.related(tableName, r, relName).map((x) => x[col])) });
          }
        }
      }
    }
    return keys;
  }

  select(tableName, rows, args = {}) {
    let out = rows.filter((r) => this.matches(tableName, r, args.where));
    let keys = this.orderKeys(tableName, args.order_by);
    const distinct = args.distinct_on && args.distinct_on.length ? args.distinct_on : null;
    if (distinct) {
      if (keys.length) {
        const lead = keys.slice(0, distinct.length).map((k) => k.column);
        if (!distinct.every((c) => lead.includes(c))) throw new HasuraError('"distinct_on" columns must match initial "order_by" columns');
      } else {
        const t = this.tables.get(tableName);
        keys = distinct.map((c) => ({ column: c, scalar: t.columns.get(c).scalar, dir: 'asc', get: (r) => r[c] }));
      }
    }
    if (keys.length) {
      const decorated = out.map((r, i) => ({ r, i, v: keys.map((k) => k.get(r)) }));
      decorated.sort((a, b) => {
        for (let j = 0; j < keys.length; j++) {
          const c = compareOrdered(keys[j], a.v[j], b.v[j]);
          if (c) return c;
        }
        return a.i - b.i;
      });
      out = decorated.map((d) => d.r);
    }
    if (distinct) {
      const t = this.tables.get(tableName);
      const kept = [];
      for (const r of out) {
        if (!kept.some((k) => distinct.every((c) => compareNullable(t.columns.get(c).scalar, k[c], r[c]) === 0))) kept.push(r);
      }
      out = kept;
    }
    if (args.offset !== null && args.offset !== undefined) {
      if (args.offset < 0) throw new HasuraError('unexpected negative value for offset');
      out = out.slice(args.offset);
    }
    if (args.limit !== null && args.limit !== undefined) {
      if (args.limit < 0) throw new HasuraError('unexpected negative value for limit');
      out = out.slice(0, args.limit);
    }
    return out;
  }

  aggregate(tableName, rows) {
    const t = this.tables.get(tableName);
    const minmax = (agg) => {
      const o = {};
      for (const [c, info] of t.columns) o[c] = aggregateMinMax(agg, info.scalar, rows.map((r) => r[c]));
      return o;
    };
    return {
      count: ({ columns, distinct }) => {
        if (!columns || !columns.length) return distinct ? distinctCount(t, rows, [...t.columns.keys()]) : rows.length;
        const present = rows.filter((r) => columns.every((c) => r[c] !== null && r[c] !== undefined));
        return distinct ? distinctCount(t, present, columns) : present.length;
      },
      max: () => minmax('max'),
      min: () => minmax('min'),
      sum: () => {
        const o = {};
        for (const [c] of t.columns) { const vs = rows.map((r) => r[c]).filter((v) => typeof v === 'number'); o[c] = vs.length ? vs.reduce((a, b) => a + b, 0) : null; }
        return o;
      },
      avg: () => {
        const o = {};
        for (const [c] of t.columns) { const vs = rows.map((r) => r[c]).filter((v) => typeof v === 'number'); o[c] = vs.length ? vs.reduce((a, b) => a + b, 0) / vs.length : null; }
        return o;
      },
    };
  }
}

function distinctCount(t, rows, columns) {
  const seen = [];
  for (const r of rows) if (!seen.some((s) => columns.every((c) => compareNullable(t.columns.get(c).scalar, s[c], r[c]) === 0))) seen.push(r);
  return seen.length;
}
function compareNullable(scalar, a, b) {
  const an = a === null || a === undefined, bn = b === null || b === undefined;
  if (an || bn) return an && bn ? 0 : an ? 1 : -1;
  return compareScalar(scalar, a, b);
}
function aggregateMinMax(agg, scalar, values) {
  const vs = values.filter((v) => v !== null && v !== undefined);
  if (!vs.length) return null;
  return vs.reduce((best, v) => (compareScalar(scalar, v, best) * (agg === 'max' ? 1 : -1) > 0 ? v : best));
}
// asc: nulls last, desc: nulls first (Postgres defaults), unless *_nulls_first/last
function compareOrdered(key, a, b) {
  const dir = key.dir;
  const desc = dir.startsWith('desc');
  const nullsFirst = dir.endsWith('nulls_first') ? true : dir.endsWith('nulls_last') ? false : desc;
  const an = a === null || a === undefined, bn = b === null || b === undefined;
  if (an || bn) { if (an && bn) return 0; return (an ? -1 : 1) * (nullsFirst ? 1 : -1); }
  const c = compareScalar(key.scalar, a, b);
  return desc ? -c : c;
}

module.exports = {
  Hasura, HasuraError, matchComparison, jsonbContains, jsonbHasKey, jsonbCompare, jsonbText, jsonbPath,
  parseTimestampMicros, formatTimestampMicros, likeToRegex,
};
