'use strict';
// The HTTP face of the sandbox: POST /graphql (also / : Apollo is mounted at "/", section 0) and the test-only
// control API under /__sandbox/. Error statuses follow section 0 "Errors": parse/validation/variable errors HTTP 400
// with `errors` and no `data`; resolver errors HTTP 200 with data.X = null and `errors`.
const http = require('http');
const { parse, validate, execute, specifiedRules, GraphQLError, Kind } = require('graphql');
const { buildPrefect1Schema } = require('./schema');
const { attachResolvers } = require('./resolvers');
const { Prefect1, SandboxClock } = require('./prefect1');
const { parseTimestampMicros, formatTimestampMicros } = require('./hasura');
const { seedDemo } = require('./seed');

const MAX_BODY = 5 * 1024 * 1024; // Body limit: 5mb (section 0)
const MAX_DEPTH = 7; // Depth limit: 7 (graphql-depth-limit) (section 0)

/** graphql-depth-limit's rule: a field nested deeper than MAX_DEPTH fails validation. */
function depthLimitRule(context) {
  const fragments = {};
  for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  function depth(node, so, opName, seen) {
    if (so > MAX_DEPTH) { context.reportError(new GraphQLError(`'${opName}' exceeds maximum operation depth of ${MAX_DEPTH}`, { nodes: [node] })); return so; }
    switch (node.kind) {
      case Kind.FIELD: {
        if (/^__/.test(node.name.value) || !node.selectionSet) return 0;
        return 1 + Math.max(0, ...node.selectionSet.selections.map((s) => depth(s, so + 1, opName, seen)));
      }
      case Kind.FRAGMENT_SPREAD: {
        const f = fragments[node.name.value];
        if (!f || seen.has(f.name.value)) return 0;
        return depth(f, so, opName, new Set([...seen, f.name.value]));
      }
      case Kind.INLINE_FRAGMENT: case Kind.FRAGMENT_DEFINITION: case Kind.OPERATION_DEFINITION:
        return Math.max(0, ...node.selectionSet.selections.map((s) => depth(s, so, opName, seen)));
      default: return 0;
    }
  }
  return {
    OperationDefinition(node) { depth(node, 0, node.name ? node.name.value : '', new Set()); return false; },
  };
}

function formatError(err, defaultCode) {
  const out = { message: err.message };
  if (err.locations) out.locations = err.locations;
  if (err.path) out.path = err.path;
  const orig = err.originalError;
  const code = (orig && orig.extensions && orig.extensions.code) || (err.extensions && err.extensions.code) || defaultCode;
  out.extensions = { code };
  return out;
}

class Sandbox {
  constructor(options = {}) {
    this.options = options;
    this.apiKey = options.apiKey || null;
    this.clock = new SandboxClock();
    const built = buildPrefect1Schema({ sharedApiDir: options.sharedApiDir });
    this.schema = built.schema;
    this.tables = built.tables;
    this.prefect = new Prefect1(built.tables, { clock: this.clock, cloud: !!this.apiKey, log: options.log || ((m) => process.stderr.write(`${m}\n`)) });
    attachResolvers(this.schema, this.tables, this.prefect, { cloud: !!this.apiKey });
    this.rules = [...specifiedRules, depthLimitRule];
    this.faults = [];
    this.faultSeq = 0;
    this.resetCounts();
    if (options.seed) this.seed(options.seed);
  }

  resetCounts() { this.counts = { total: 0, operations: {}, fields: {}, tenants: [], unauthorized: 0 }; }
  seed(name) {
    if (name !== 'demo') throw new Error(`unknown seed "${name}" (known: demo)`);
    return seedDemo(this.prefect);
  }

  listen(port = 0, host = '127.0.0.1') {
    this.server = http.createServer((req, res) => this.handle(req, res).catch((e) => {
      if (!res.headersSent) this.json(res, 500, { errors: [{ message: `[sandbox] ${e.message}` }] });
      else res.destroy();
    }));
    this.sockets = new Set();
    this.server.on('connection', (s) => { this.sockets.add(s); s.on('close', () => this.sockets.delete(s)); });
    return new Promise((resolve) => this.server.listen(port, host, () => {
      const a = this.server.address();
      this.url = `http://${host}:${a.port}/graphql`;
      resolve(this.url);
    }));
  }
  close() {
    return new Promise((resolve) => {
      if (!this.server) return resolve();
      for (const s of this.sockets) s.destroy();
      this.server.close(() => resolve());
    });
  }

  json(res, status, body, headers = {}) {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  readBody(req) {
    return new Promise((resolve, reject) => {
      const chunks = []; let size = 0;
      req.on('data', (c) => { size += c.length; if (size > MAX_BODY) { reject(Object.assign(new Error('request entity too large'), { status: 413 })); req.destroy(); } else chunks.push(c); });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  }

  async handle(req, res) {
    const url = new URL(req.url, 'http://sandbox');
    if (url.pathname.startsWith('/__sandbox/') || url.pathname === '/__sandbox') return this.control(req, res, url);
    if (url.pathname !== '/graphql' && url.pathname !== '/') return this.json(res, 404, { errors: [{ message: `Cannot ${req.method} ${url.pathname}` }] });
    if (req.method !== 'POST') return this.json(res, 400, { errors: [{ message: 'GET query missing.' }] }); // [sandbox] POST only
    let text;
    try { text = await this.readBody(req); } catch (e) { return this.json(res, e.status || 400, { errors: [{ message: e.message }] }); }
    let body;
    try { body = JSON.parse(text); } catch { return this.json(res, 400, { errors: [{ message: 'POST body sent invalid JSON.' }] }); }
    if (!body || typeof body.query !== 'string') return this.json(res, 400, { errors: [{ message: 'POST body missing. Did you forget use body-parser middleware?' }] });
    let variables = body.variables;
    // the Python client sends `variables` as a JSON-encoded string; an object also works (section 0)
    if (typeof variables === 'string') { try { variables = JSON.parse(variables); } catch { return this.json(res, 400, { errors: [{ message: 'Variables are invalid JSON.' }] }); } }

    let document;
    try { document = parse(body.query); } catch (e) {
      this.count(body.operationName || '<unparsed>', [], req);
      return this.json(res, 400, { errors: [formatError(e, 'GRAPHQL_PARSE_FAILED')] });
    }
    const op = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION && (!body.operationName || (d.name && d.name.value === body.operationName)));
    const opName = body.operationName || (op && op.name && op.name.value) || '<anonymous>';
    const rootFields = op ? op.selectionSet.selections.filter((s) => s.kind === Kind.FIELD).map((s) => s.name.value) : [];
    this.count(opName, rootFields, req);

    // Cloud 1.0 mode: Authorization: Bearer <key> (section 0)
    if (this.apiKey && req.headers.authorization !== `Bearer ${this.apiKey}`) {
      this.counts.unauthorized++;
      return this.json(res, 401, { errors: [{ message: 'Unauthorized', extensions: { code: 'UNAUTHENTICATED' } }] }); // [inf] body
    }

    const fault = this.pickFault(opName, rootFields, JSON.stringify(variables || {}));
    if (fault && fault.kind !== 'reset_after' && fault.kind !== 'delay') return this.applyFault(fault, req, res, rootFields);
    if (fault && fault.kind === 'delay') await new Promise((r) => setTimeout(r, fault.delay_ms || 1000));

    const errors = validate(this.schema, document, this.rules);
    if (errors.length) return this.json(res, 400, { errors: errors.map((e) => formatError(e, 'GRAPHQL_VALIDATION_FAILED')) });
    const result = await execute({ schema: this.schema, document, variableValues: variables || {}, operationName: body.operationName || undefined });
    if (fault && fault.kind === 'reset_after') { req.socket.destroy(); return undefined; } // the server acted; the client cannot tell
    if (!('data' in result) || result.data === undefined) {
      // variable coercion errors: no data -> HTTP 400 (section 0) [code inf]
      return this.json(res, 400, { errors: result.errors.map((e) => formatError(e, 'BAD_USER_INPUT')) });
    }
    const out = { data: result.data };
    if (result.errors && result.errors.length) out.errors = result.errors.map((e) => formatError(e, 'INTERNAL_SERVER_ERROR'));
    return this.json(res, 200, out);
  }

  count(opName, rootFields, req) {
    this.counts.total++;
    this.counts.operations[opName] = (this.counts.operations[opName] || 0) + 1;
    for (const f of rootFields) this.counts.fields[f] = (this.counts.fields[f] || 0) + 1;
    const tenant = req.headers['x-prefect-tenant-id'];
    if (tenant) this.counts.tenants.push(String(tenant));
  }

  // ---------- faults ----------
  /** `only_with`: the fault hits only requests whose variables mention one of these strings (one flow's ids). */
  pickFault(opName, rootFields, variablesText) {
    for (const f of this.faults) {
      if (f.remaining <= 0) continue;
      if (f.only_with && !f.only_with.some((s) => variablesText.includes(s))) continue;
      if (f.operation === '*' || f.operation === opName || rootFields.includes(f.operation)) { f.remaining--; f.hits++; return f; }
    }
    return null;
  }
  applyFault(f, req, res, rootFields) {
    switch (f.kind) {
      case 'status': {
        const headers = {};
        if (f.retry_after !== undefined && f.retry_after !== null) headers['retry-after'] = String(f.retry_after);
        const body = f.body !== undefined ? f.body : { errors: [{ message: f.message || (f.status === 429 ? 'Rate limit exceeded.' : `Injected HTTP ${f.status}`) }] };
        if (typeof body === 'string') { res.writeHead(f.status, { 'content-type': 'text/plain', ...headers }); res.end(body); return undefined; }
        return this.json(res, f.status, body, headers);
      }
      case 'reset': req.socket.destroy(); return undefined;
      case 'hang': return undefined; // never answer; the socket stays open until the client gives up
      case 'malformed': res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"data": {"flow": [{"id": "'); return undefined;
      case 'resolver_error': {
        const field = rootFields[0] || 'unknown';
        return this.json(res, 200, { data: { [field]: null }, errors: [{ message: f.message || 'Unable to complete operation. An internal API error occurred.', locations: [{ line: 1, column: 1 }], path: [field], extensions: { code: f.code || 'API_ERROR' } }] });
      }
      default: return this.json(res, 500, { errors: [{ message: `[sandbox] unknown fault kind ${f.kind}` }] });
    }
  }

  // ---------- control API (tests only; never under /graphql) ----------
  async control(req, res, url) {
    let body = {};
    if (req.method === 'POST' || req.method === 'PUT') {
      const text = await this.readBody(req);
      if (text.trim()) { try { body = JSON.parse(text); } catch { return this.json(res, 400, { error: 'invalid JSON' }); } }
    }
    const p = url.pathname.replace(/^\/__sandbox/, '').replace(/\/$/, '') || '/';
    const route = `${req.method} ${p}`;
    const nowIso = () => formatTimestampMicros(this.clock.nowUs());
    const runView = (r) => ({ id: r.id, flow_id: r.flow_id, name: r.name, state: r.state, version: r.version, scheduled_start_time: r.scheduled_start_time, idempotency_key: r.idempotency_key, auto_scheduled: r.auto_scheduled, parameters: r.parameters, labels: r.labels });
    try {
      if (route === 'GET /health') return this.json(res, 200, { ok: true, graphql: this.url });
      if (route === 'GET /clock') return this.json(res, 200, { now: nowIso(), frozen: this.clock.frozen !== null });
      if (route === 'POST /clock') {
        if (body.real) this.clock.followRealTime();
        else if (body.now !== undefined) this.clock.set(parseTimestampMicros(body.now));
        else if (body.seconds !== undefined) this.clock.advance(Math.round(Number(body.seconds) * 1e6));
        else return this.json(res, 400, { error: 'expected {"now": iso} or {"seconds": n} or {"real": true}' });
        return this.json(res, 200, { now: nowIso(), frozen: this.clock.frozen !== null });
      }
      if (route === 'POST /scheduler/run') {
        const r = this.prefect.runScheduler();
        return this.json(res, 200, { created: r.created.map(runView), skipped: r.skipped });
      }
      let m = p.match(/^\/(flow_runs|task_runs)\/([^/]+)\/state$/);
      if (m && req.method === 'POST') {
        const table = m[1] === 'flow_runs' ? 'flow_run' : 'task_run';
        const row = this.prefect.get(table, decodeURIComponent(m[2]));
        if (!row) return this.json(res, 404, { error: `${table} ${m[2]} not found` });
        const state = { type: body.type, message: body.message ?? null };
        if (body.start_time !== undefined) state.start_time = body.start_time;
        if (table === 'flow_run') this.prefect.setFlowRunState(row, state); else this.prefect.setTaskRunState(row, state);
        return this.json(res, 200, { id: row.id, state: row.state, version: row.version, state_start_time: row.state_start_time });
      }
      if (route === 'POST /faults') {
        const kinds = ['status', 'reset', 'hang', 'malformed', 'resolver_error', 'reset_after', 'delay'];
        if (!kinds.includes(body.kind)) return this.json(res, 400, { error: `kind must be one of ${kinds.join(', ')}` });
        const f = { id: ++this.faultSeq, operation: body.operation || '*', kind: body.kind, status: body.status || 500, retry_after: body.retry_after,
          message: body.message, code: body.code, body: body.body, delay_ms: body.delay_ms, only_with: Array.isArray(body.only_with) ? body.only_with.map(String) : undefined,
          remaining: body.times === undefined || body.times === null ? Infinity : Number(body.times), hits: 0 };
        this.faults.push(f);
        return this.json(res, 200, { id: f.id });
      }
      if (route === 'GET /faults') return this.json(res, 200, { faults: this.faults.map((f) => ({ ...f, remaining: f.remaining === Infinity ? null : f.remaining })) });
      if (route === 'DELETE /faults') { this.faults = []; return this.json(res, 200, {}); }
      if (route === 'POST /reset') {
        this.prefect.reset(); this.faults = []; this.resetCounts(); this.clock.followRealTime();
        if (body.seed) this.seed(body.seed);
        return this.json(res, 200, {});
      }
      if (route === 'GET /requests') return this.json(res, 200, this.counts);
      if (route === 'DELETE /requests') { this.resetCounts(); return this.json(res, 200, {}); }
      m = p.match(/^\/requests\/(.+)$/);
      if (m && req.method === 'GET') {
        const op = decodeURIComponent(m[1]);
        return this.json(res, 200, { operation: op, count: this.counts.operations[op] ?? this.counts.fields[op] ?? 0 });
      }
      if (route === 'POST /auth') { this.apiKey = body.api_key || null; this.prefect.cloud = !!this.apiKey; return this.json(res, 200, { api_key_required: !!this.apiKey }); }
      if (route === 'POST /seed') return this.json(res, 200, this.seed(body.name || 'demo'));
      m = p.match(/^\/tables\/([a-z_]+)$/);
      if (m && req.method === 'GET' && this.tables.has(m[1])) return this.json(res, 200, this.prefect.all(m[1]));
      return this.json(res, 404, { error: `no control route ${route}` });
    } catch (e) {
      return this.json(res, 400, { error: e.message });
    }
  }
}

module.exports = { Sandbox, depthLimitRule };
