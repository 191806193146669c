'use strict';
// In-memory Prefect 1 Server state and the Python service's mutations. Section numbers refer to
// shared/prefect-api/prefect1/api-reference.md; "[inf]" marks behaviour the reference does not state (a guess);
// "[sandbox]" marks a choice of this sandbox.
const crypto = require('crypto');
const zlib = require('zlib');
const { formatTimestampMicros, parseTimestampMicros } = require('./hasura');
const { scheduleNext, isValidCron, isValidTimeZone, naiveLocalIso } = require('./clocks');
const states = require('./states');

const CORE_VERSION = '1.4.1';
const DEFAULT_TENANT_ID = '00000000-0000-4000-8000-000000000001';

class ResolverError extends Error {
  constructor(message, code) { super(message); this.extensions = { code: code || 'INTERNAL_SERVER_ERROR' }; }
}

/** The sandbox's "now" in microseconds: follows real time until a test sets it, then moves only when told. */
class SandboxClock {
  constructor() { this.frozen = null; this.offset = 0; }
  nowUs() { return this.frozen !== null ? this.frozen : Date.now() * 1000 + this.offset; }
  set(us) { this.frozen = us; }
  advance(us) { if (this.frozen !== null) this.frozen += us; else this.offset += us; }
  followRealTime() { this.frozen = null; this.offset = 0; }
}

const uuid = () => crypto.randomUUID();
const normId = (id) => (id === null || id === undefined ? id : String(id).toLowerCase());
const clone = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

// Python json.dumps (default separators, ensure_ascii) and str(sorted(...)) of its characters, for the
// scheduler's idempotency key (section 3: md5 over str(sorted(json.dumps(params))) + str(sorted(json.dumps(labels)))).
function pyJsonDumps(v) {
  if (v === null || v === undefined) return 'null';
  if (v === true) return 'true'; if (v === false) return 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'string') return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  if (Array.isArray(v)) return `[${v.map(pyJsonDumps).join(', ')}]`;
  return `{${Object.keys(v).map((k) => `${pyJsonDumps(k)}: ${pyJsonDumps(v[k])}`).join(', ')}}`;
}
function pySortedCharsRepr(s) {
  const chars = [...s].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `[${chars.map((c) => (c === "'" ? `"'"` : c === '\\' ? "'\\\\'" : `'${c}'`)).join(', ')}]`;
}
/** pendulum 2 str() of a UTC instant: 2024-05-01T02:00:00+00:00 (microseconds, when non-zero, as 6 digits). */
function pendulumIsoUtc(us) {
  const iso = new Date(Math.floor(us / 1000)).toISOString().slice(0, 19);
  const micros = us - Math.floor(us / 1e6) * 1e6;
  return `${iso}${micros ? '.' + String(micros).padStart(6, '0') : ''}+00:00`;
}
function autoScheduledKey(event) {
  const base = `auto-scheduled:${pendulumIsoUtc(event.start)}`;
  const params = event.parameter_defaults && Object.keys(event.parameter_defaults).length ? event.parameter_defaults : null;
  const labels = event.labels && event.labels.length ? event.labels : null;
  if (!params && !labels) return { key: base, always: false };
  const text = pySortedCharsRepr(pyJsonDumps(event.parameter_defaults || {})) + pySortedCharsRepr(pyJsonDumps(event.labels === undefined ? null : event.labels));
  return { key: `${base}:${crypto.createHash('md5').update(text).digest('hex')}`, always: true };
}
const pySetRepr = (names) => `{${[...names].sort().map((n) => `'${n}'`).join(', ')}}`;

const ADJECTIVES = ['able', 'brave', 'calm', 'daring', 'eager', 'fancy', 'gentle', 'happy', 'icy', 'jolly', 'keen', 'lucky', 'mellow', 'nimble', 'proud', 'quiet', 'rapid', 'steady', 'tidy', 'witty'];
const ANIMALS = ['albatross', 'badger', 'cheetah', 'dingo', 'eagle', 'ferret', 'gecko', 'heron', 'ibis', 'jaguar', 'koala', 'lemur', 'marmot', 'newt', 'otter', 'puffin', 'quail', 'raven', 'seal', 'tapir'];

class Prefect1 {
  constructor(tables, options = {}) {
    this.tables = tables; // lib/schema.readTables
    this.clock = options.clock || new SandboxClock();
    this.cloud = !!options.cloud;
    this.log = options.log || (() => {});
    this.reset();
  }

  // ---------- storage ----------
  reset() {
    this.data = new Map();
    for (const name of this.tables.keys()) this.data.set(name, new Map());
    this.nameCounter = 0;
    // Prefect Server serves one tenant (created by `prefect server create-tenant`) [sandbox: created at start]
    this.insert('tenant', { id: DEFAULT_TENANT_ID, name: 'default', slug: 'default', info: null, settings: {} });
  }
  all(table) { return [...this.data.get(table).values()]; }
  get(table, id) { return id === null || id === undefined ? undefined : this.data.get(table).get(normId(id)); }
  nowTs() { return formatTimestampMicros(this.clock.nowUs()); }
  insert(table, values) {
    const row = {};
    for (const c of this.tables.get(table).columns.keys()) row[c] = null;
    const now = this.nowTs();
    if ('created' in row) row.created = now;
    if ('updated' in row) row.updated = now;
    Object.assign(row, values);
    row.id = normId(row.id || uuid());
    this.data.get(table).set(row.id, row);
    return row;
  }
  update(table, row, values) { Object.assign(row, values); if ('updated' in row) row.updated = this.nowTs(); return row; }
  remove(table, id) { this.data.get(table).delete(normId(id)); }

  // ---------- projects ----------
  createProject({ tenant_id, name, description }) {
    if (!this.get('tenant', tenant_id)) throw new ResolverError(`Tenant ${tenant_id} not found`); // [inf] message
    if (this.all('project').some((p) => p.tenant_id === normId(tenant_id) && p.name === name)) {
      throw new ResolverError('Uniqueness violation.'); // unique per (tenant_id, name) (derived file) [inf] message
    }
    return { id: this.insert('project', { tenant_id: normId(tenant_id), name, description: description ?? null }).id };
  }

  // ---------- flows ----------
  createFlowFromCompressedString(input) {
    let serialized;
    try { serialized = JSON.parse(zlib.inflateSync(Buffer.from(input.serialized_flow, 'base64')).toString('utf8')); } catch {
      throw new ResolverError('Unable to decompress serialized flow'); // [inf] message; Core sends base64(zlib(json))
    }
    return this.createFlow({ ...input, serialized_flow: serialized });
  }

  /** create_flow (SDL flows.graphql; section 3 "Re-registering a flow creates a new flow version ..."). */
  createFlow(input) {
    const sf = input.serialized_flow;
    if (!sf || typeof sf !== 'object' || typeof sf.name !== 'string') throw new ResolverError('Invalid serialized flow.'); // [inf]
    const project = this.get('project', input.project_id);
    if (!project) throw new ResolverError('Invalid project.'); // [inf] message
    let versionGroupId = input.version_group_id;
    if (!versionGroupId) {
      // "when not provided the flow will be versioned by name / project" (create_flow_input description)
      const same = this.all('flow').filter((f) => f.project_id === project.id && f.name === sf.name).sort((a, b) => b.version - a.version)[0];
      versionGroupId = same ? same.version_group_id : uuid();
    }
    let group = this.all('flow_group').find((g) => g.name === versionGroupId);
    if (group && input.idempotency_key && group.settings.idempotency_key === input.idempotency_key) {
      // create_flow_input.idempotency_key: "prevent multiple sequential creations within the version group"
      const existing = this.all('flow').filter((f) => f.flow_group_id === group.id).sort((a, b) => b.version - a.version)[0];
      if (existing) return { id: existing.id };
    }
    if (!group) {
      // flow_group.name = the version_group_id string (section 1)
      group = this.insert('flow_group', { tenant_id: project.tenant_id, name: versionGroupId, settings: {}, default_parameters: {}, labels: null, schedule: null });
    }
    if (input.idempotency_key) this.update('flow_group', group, { settings: { ...group.settings, idempotency_key: input.idempotency_key } });
    const versions = this.all('flow').filter((f) => f.version_group_id === versionGroupId);
    const version = versions.reduce((m, f) => Math.max(m, f.version || 0), 0) + 1;
    const flow = this.insert('flow', {
      tenant_id: project.tenant_id, version, name: sf.name, description: input.description ?? null,
      environment: sf.environment ?? null, parameters: sf.parameters ?? [], project_id: project.id, archived: false,
      version_group_id: versionGroupId, storage: sf.storage ?? null, core_version: sf.__version__ ?? null, settings: {},
      serialized_flow: clone(sf), schedule: sf.schedule ?? null, is_schedule_active: false, flow_group_id: group.id,
      run_config: sf.run_config ?? null,
    });
    const bySlug = new Map();
    const edges = sf.edges || [];
    const refSlugs = (sf.reference_tasks || []).map((t) => (typeof t === 'string' ? t : t.slug));
    for (const t of sf.tasks || []) {
      const slug = t.slug || `${t.name}-1`;
      const hasUp = edges.some((e) => (e.downstream_task && e.downstream_task.slug) === slug);
      const hasDown = edges.some((e) => (e.upstream_task && e.upstream_task.slug) === slug);
      const task = this.insert('task', {
        tenant_id: flow.tenant_id, flow_id: flow.id, name: t.name ?? null, slug, description: t.description ?? null,
        type: t.type ?? null, max_retries: t.max_retries ?? 0, retry_delay: t.retry_delay ?? null, trigger: t.trigger ?? null,
        mapped: !!t.mapped, auto_generated: !!t.auto_generated, cache_key: t.cache_key ?? null,
        is_root_task: !hasUp, is_terminal_task: !hasDown, is_reference_task: refSlugs.length ? refSlugs.includes(slug) : !hasDown,
        tags: [...new Set(t.tags || [])].sort(), // task.tags: "sorted list of strings" (derived file; section 1)
      });
      bySlug.set(slug, task);
    }
    for (const e of edges) {
      const up = bySlug.get(e.upstream_task && e.upstream_task.slug), down = bySlug.get(e.downstream_task && e.downstream_task.slug);
      if (up && down) this.insert('edge', { tenant_id: flow.tenant_id, flow_id: flow.id, upstream_task_id: up.id, downstream_task_id: down.id, key: e.key ?? null, mapped: !!e.mapped });
    }
    // section 3: the server archives old versions (deleting their auto-scheduled runs)
    for (const other of this.all('flow').filter((f) => f.flow_group_id === group.id && f.id !== flow.id && !f.archived)) this.archiveFlow({ flow_id: other.id });
    // section 3: the new version gets set_schedule_active by default (create_flow input set_schedule_active defaults to true)
    if (input.set_schedule_active !== false) {
      try { this.setScheduleActive({ flow_id: flow.id }); } catch (e) { this.log(`create_flow: schedule left inactive: ${e.message}`); } // [inf]
    }
    return { id: flow.id };
  }

  deleteAutoScheduledRuns(flowIds) {
    // section 3: delete flow_runs with state='Scheduled' AND auto_scheduled=true (task runs and states too)
    let n = 0;
    for (const run of this.all('flow_run')) {
      if (flowIds.includes(run.flow_id) && run.state === 'Scheduled' && run.auto_scheduled) { this.deleteFlowRunRows(run.id); n++; }
    }
    return n;
  }
  deleteFlowRunRows(runId) {
    for (const tr of this.all('task_run').filter((t) => t.flow_run_id === runId)) {
      for (const s of this.all('task_run_state').filter((x) => x.task_run_id === tr.id)) this.remove('task_run_state', s.id);
      this.remove('task_run', tr.id);
    }
    for (const s of this.all('flow_run_state').filter((x) => x.flow_run_id === runId)) this.remove('flow_run_state', s.id);
    for (const l of this.all('log').filter((x) => x.flow_run_id === runId)) this.remove('log', l.id);
    this.remove('flow_run', runId);
  }

  archiveFlow({ flow_id }) {
    const flow = this.get('flow', flow_id);
    if (!flow) return { success: false };
    this.update('flow', flow, { archived: true, is_schedule_active: false });
    // section 3: archive_flow deletes auto-scheduled runs and cancels ad-hoc Scheduled runs ("Flow <id> was archived.")
    this.deleteAutoScheduledRuns([flow.id]);
    for (const run of this.all('flow_run').filter((r) => r.flow_id === flow.id && r.state === 'Scheduled')) {
      this.setFlowRunState(run, { type: 'Cancelled', message: `Flow ${flow.id} was archived.` });
    }
    return { success: true };
  }

  deleteFlow({ flow_id }) {
    const flow = this.get('flow', flow_id);
    if (!flow) return { success: false };
    for (const run of this.all('flow_run').filter((r) => r.flow_id === flow.id)) this.deleteFlowRunRows(run.id);
    for (const e of this.all('edge').filter((x) => x.flow_id === flow.id)) this.remove('edge', e.id);
    for (const t of this.all('task').filter((x) => x.flow_id === flow.id)) this.remove('task', t.id);
    this.remove('flow', flow.id);
    // [sandbox] a flow group without flows goes too
    if (!this.all('flow').some((f) => f.flow_group_id === flow.flow_group_id)) this.remove('flow_group', flow.flow_group_id);
    return { success: true };
  }

  setFlowFlag(flow_id, values) {
    const flow = this.get('flow', flow_id);
    if (!flow) return { success: false };
    this.update('flow', flow, { settings: { ...flow.settings, ...values } });
    return { success: true };
  }

  updateFlowProject({ flow_id, project_id }) {
    const flow = this.get('flow', flow_id);
    if (!flow) throw new ResolverError(`Flow ${flow_id} not found`); // [inf]
    if (!this.get('project', project_id)) throw new ResolverError('Invalid project.'); // [inf]
    for (const f of this.all('flow').filter((x) => x.flow_group_id === flow.flow_group_id)) this.update('flow', f, { project_id: normId(project_id) });
    return { id: flow.id };
  }

  // ---------- schedules (sections 2 and 3) ----------
  effectiveSchedule(flow) {
    const group = this.get('flow_group', flow.flow_group_id);
    return (group && group.schedule) || flow.schedule || null; // section 2: `flow_group.schedule or flow.schedule`
  }

  setScheduleActive({ flow_id }) {
    const flow = this.get('flow', flow_id);
    if (!flow) return { success: false }; // section 2: success:false if the flow is missing
    const group = this.get('flow_group', flow.flow_group_id);
    const schedule = this.effectiveSchedule(flow);
    if (!schedule) return { success: false }; // ... or if neither flow.schedule nor flow_group.schedule exists
    const required = (flow.parameters || []).filter((p) => p && p.required).map((p) => p.name);
    if (required.length) {
      const groupDefaults = Object.keys((group && group.default_parameters) || {});
      for (const clock of schedule.clocks || []) {
        const covered = new Set([...groupDefaults, ...Object.keys(clock.parameter_defaults || {})]);
        if (!required.every((r) => covered.has(r))) throw new ResolverError('Can not schedule a flow that has required parameters.');
      }
    }
    this.update('flow', flow, { is_schedule_active: true });
    this.scheduleFlowRuns(flow, 10); // section 2: "immediately creates up to 10 runs"
    return { success: true };
  }

  setScheduleInactive({ flow_id }) {
    const flow = this.get('flow', flow_id);
    if (!flow) return { success: false }; // section 3: success:false if no row matched
    this.update('flow', flow, { is_schedule_active: false });
    this.deleteAutoScheduledRuns([flow.id]); // section 3: deletes this flow's auto-scheduled Scheduled runs only
    return { success: true };
  }

  groupOr(flow_group_id) {
    const group = this.get('flow_group', flow_group_id);
    if (!group) throw new ResolverError(`Flow group ${flow_group_id} not found`); // [inf] message
    return group;
  }

  setFlowGroupSchedule(input) {
    const group = this.groupOr(input.flow_group_id);
    const tz = input.timezone ?? null;
    if (tz !== null && !isValidTimeZone(tz)) throw new ResolverError(`Invalid timezone provided for schedule: ${tz}`); // section 2 "Invalid timezone ..."
    // section 2: a null cron_clocks/interval_clocks breaks the server (it iterates input.get(..., []))
    if (input.cron_clocks === null || input.interval_clocks === null) throw new ResolverError("'NoneType' object is not iterable");
    const startDate = tz ? { dt: naiveLocalIso(this.clock.nowUs(), tz), tz } : null;
    const clocks = [];
    for (const c of input.cron_clocks || []) {
      const clock = { type: 'CronClock', cron: c.cron, start_date: startDate, parameter_defaults: c.parameter_defaults ?? {} };
      if (!isValidCron(c.cron)) throw new ResolverError(`Invalid clock provided for schedule: ${pyRepr(c)}`);
      clocks.push(clock);
    }
    for (const c of input.interval_clocks || []) {
      // section 5: IntervalClock interval at least 60 s; section 2: interval*1_000_000
      if (!(c.interval >= 60)) throw new ResolverError(`Invalid clock provided for schedule: ${pyRepr(c)}`);
      clocks.push({ type: 'IntervalClock', interval: c.interval * 1000000, start_date: startDate, parameter_defaults: c.parameter_defaults ?? {} });
    }
    this.update('flow_group', group, { schedule: { type: 'Schedule', clocks } });
    // section 2: deletes all Scheduled + auto_scheduled runs of every flow in the group; creates none
    this.deleteAutoScheduledRuns(this.all('flow').filter((f) => f.flow_group_id === group.id).map((f) => f.id));
    return { success: true };
  }

  deleteFlowGroupSchedule({ flow_group_id }) {
    const group = this.groupOr(flow_group_id);
    this.update('flow_group', group, { schedule: null }); // section 2: flow.schedule, if any, applies again
    this.deleteAutoScheduledRuns(this.all('flow').filter((f) => f.flow_group_id === group.id).map((f) => f.id));
    return { success: true };
  }

  setFlowGroupField(flow_group_id, values) {
    const group = this.get('flow_group', flow_group_id);
    if (!group) return { success: false }; // [inf] success_payload: success:false means nothing updated (section 0)
    this.update('flow_group', group, values);
    return { success: true };
  }

  deleteFlowGroup({ flow_group_id }) {
    const group = this.get('flow_group', flow_group_id);
    if (!group) return { success: false };
    for (const f of this.all('flow').filter((x) => x.flow_group_id === group.id)) this.deleteFlow({ flow_id: f.id });
    this.remove('flow_group', group.id);
    return { success: true };
  }

  /**
   * The scheduler's schedule_flow_runs(flow_id, max_runs=10) (section 3): future events only, skipping those at or
   * before the latest auto-scheduled run; events with parameter_defaults or labels always resubmitted (key dedups).
   */
  scheduleFlowRuns(flow, maxRuns = 10) {
    if (flow.archived || !flow.is_schedule_active) return { created: [], skipped: [] };
    const schedule = this.effectiveSchedule(flow);
    if (!schedule) return { created: [], skipped: [] };
    const now = this.clock.nowUs();
    let last = now;
    for (const r of this.all('flow_run')) {
      if (r.flow_id === flow.id && r.auto_scheduled) last = Math.max(last, parseTimestampMicros(r.scheduled_start_time));
    }
    const { events, skipped } = scheduleNext(schedule, now, maxRuns);
    for (const s of skipped) this.log(`scheduler: flow ${flow.id}: ${s.reason}`);
    const created = [];
    for (const ev of events) {
      const { key, always } = autoScheduledKey(ev);
      if (!always && ev.start <= last) continue;
      const res = this.createFlowRun({
        flow_id: flow.id, scheduled_start_time: formatTimestampMicros(ev.start),
        parameters: ev.parameter_defaults, labels: ev.labels, idempotency_key: key,
      }, { internal: true });
      const run = this.get('flow_run', res.id);
      if (res.created) { this.update('flow_run', run, { auto_scheduled: true }); created.push(run); }
    }
    return { created, skipped };
  }

  /** One scheduler pass over every flow with is_schedule_active=true and archived=false (section 3). */
  runScheduler() {
    const created = [];
    const skipped = [];
    for (const flow of this.all('flow').filter((f) => f.is_schedule_active && !f.archived)) {
      const r = this.scheduleFlowRuns(flow, 10);
      created.push(...r.created);
      skipped.push(...r.skipped.map((s) => ({ flow_id: flow.id, reason: s.reason })));
    }
    return { created, skipped };
  }

  // ---------- runs (section 2 create_flow_run; section 4 states) ----------
  createFlowRun(input, opts = {}) {
    if (!input.flow_id && !input.version_group_id) throw new ResolverError('A flow id or version group ID must be provided.');
    let flow;
    if (input.flow_id) {
      flow = this.get('flow', input.flow_id);
      if (!flow) throw new ResolverError(`Flow ${input.flow_id} not found`);
    } else {
      flow = this.all('flow').find((f) => f.version_group_id === input.version_group_id && !f.archived);
      if (!flow) throw new ResolverError(`Version group ${input.version_group_id} has no unarchived flows.`);
    }
    if (flow.archived) throw new ResolverError(`Flow ${flow.id} is archived.`);
    // Idempotency: UNIQUE(idempotency_key, flow_id); a repeat returns the existing run and creates nothing
    if (input.idempotency_key !== null && input.idempotency_key !== undefined) {
      const existing = this.all('flow_run').find((r) => r.flow_id === flow.id && r.idempotency_key === input.idempotency_key);
      if (existing) return { id: existing.id, created: false };
    }
    const group = this.get('flow_group', flow.flow_group_id);
    // Parameters merge: flow param defaults, then group default_parameters, then input
    const defaults = {};
    for (const p of flow.parameters || []) if (p && p.name !== undefined && 'default' in p && p.default !== null) defaults[p.name] = p.default;
    const supplied = { ...((group && group.default_parameters) || {}), ...(input.parameters || {}) };
    const missing = (flow.parameters || []).filter((p) => p && p.required && !(p.name in supplied)).map((p) => p.name);
    if (missing.length) throw new ResolverError(`Required parameters were not supplied: ${pySetRepr(missing)}`);
    const parameters = { ...defaults, ...supplied };
    // Label precedence: input labels, input run_config.labels, flow_group.labels (if not null),
    // flow_group.run_config.labels, flow.run_config.labels, flow.environment.labels, []
    const pick = [input.labels, input.run_config && input.run_config.labels, group && group.labels,
      group && group.run_config && group.run_config.labels, flow.run_config && flow.run_config.labels,
      flow.environment && flow.environment.labels];
    const labels = pick.find((l) => l !== null && l !== undefined) || [];
    const nowUs = this.clock.nowUs();
    const scheduledUs = input.scheduled_start_time ? parseTimestampMicros(input.scheduled_start_time) : nowUs;
    this.nameCounter++;
    const run = this.insert('flow_run', {
      tenant_id: flow.tenant_id, flow_id: flow.id, parameters, labels: [...labels], run_config: input.run_config ?? flow.run_config ?? null,
      context: input.context ?? {}, scheduled_start_time: formatTimestampMicros(scheduledUs), auto_scheduled: false,
      idempotency_key: input.idempotency_key ?? null, version: 0, times_resurrected: 0,
      name: input.flow_run_name || `${ADJECTIVES[this.nameCounter % 20]}-${ANIMALS[Math.floor(this.nameCounter / 20) % 20]}`,
    });
    // Initial state: Scheduled, "Flow run scheduled.", start_time = scheduled time (section 3)
    this.setFlowRunState(run, { type: 'Scheduled', message: 'Flow run scheduled.', start_time: formatTimestampMicros(scheduledUs) });
    // [inf] the server creates one Pending task run per task with the flow run
    for (const task of this.all('task').filter((t) => t.flow_id === flow.id)) {
      const tr = this.insert('task_run', { tenant_id: flow.tenant_id, flow_run_id: run.id, task_id: task.id, map_index: -1, version: 0, name: task.name, cache_key: task.cache_key });
      this.setTaskRunState(tr, { type: 'Pending', message: 'Task run created' });
    }
    void opts;
    return { id: run.id, created: true };
  }

  /** A state JSON as the server stores it (section 4 "Full serialized form"). */
  serializeState(state, nowTs) {
    const type = state.type;
    const out = { type, message: state.message ?? null };
    let startTime = null;
    if (states.isScheduledFamily(type)) {
      // Paused waits for ever (start_time null); Resume/Scheduled without start_time get now (section 4)
      startTime = state.start_time ? formatTimestampMicros(parseTimestampMicros(state.start_time)) : type === 'Paused' ? null : nowTs;
      out.start_time = startTime;
    }
    Object.assign(out, { context: state.context || {}, cached_inputs: state.cached_inputs || {}, _result: { type: 'NoResultType', __version__: CORE_VERSION }, __version__: CORE_VERSION });
    return { serialized: out, startTime };
  }

  checkState(state) {
    if (!state || typeof state !== 'object' || !states.isKnown(state.type)) {
      throw new ResolverError(`{'type': ['Unsupported value: ${state && state.type}']}`); // marshmallow-style [inf]
    }
    if (Buffer.byteLength(JSON.stringify(state)) > 1000000) throw new ResolverError('State payload is too large.'); // at most 1 MB [inf message]
  }

  applyState(kind, row, state) {
    this.checkState(state);
    const nowTs = this.nowTs();
    const { serialized, startTime } = this.serializeState(state, nowTs);
    const values = {
      state: state.type, state_message: state.message ?? null, state_timestamp: nowTs, state_start_time: startTime,
      state_result: null, serialized_state: serialized, version: (row.version || 0) + 1,
    };
    if (states.isRunning(state.type) && !row.start_time) values.start_time = nowTs;
    if (states.isFinished(state.type)) values.end_time = nowTs;
    this.update(kind, row, values);
    this.insert(`${kind}_state`, {
      tenant_id: row.tenant_id, [`${kind}_id`]: row.id, timestamp: nowTs, state: state.type, message: state.message ?? null,
      result: null, start_time: startTime, serialized_state: serialized, version: row.version,
    });
  }

  setFlowRunState(run, state) {
    this.applyState('flow_run', run, state);
    if (state.type === 'Cancelled') {
      // section 2: setting Cancelled also cancels all non-finished task runs
      for (const tr of this.all('task_run').filter((t) => t.flow_run_id === run.id && !states.isFinished(t.state))) {
        this.applyState('task_run', tr, { type: 'Cancelled', message: state.message ?? 'Flow run was cancelled.' });
      }
    }
  }
  setTaskRunState(tr, state) { this.applyState('task_run', tr, state); }

  setFlowRunStates({ states: list }) {
    return {
      states: list.map((s) => {
        const run = this.get('flow_run', s.flow_run_id);
        if (!run) throw new ResolverError(`Flow run ${s.flow_run_id} not found`); // [inf] message
        // Server ignores version; Cloud enforces it (optimistic locking) (section 2)
        if (this.cloud && s.version !== null && s.version !== undefined && s.version !== run.version) {
          throw new ResolverError('State update failed: the provided version does not match the stored version.', 'VERSION_LOCKING_ERROR');
        }
        this.setFlowRunState(run, s.state);
        return { id: run.id, status: 'SUCCESS', message: null };
      }),
    };
  }

  setTaskRunStates({ states: list }) {
    return {
      states: list.map((s) => {
        const tr = this.get('task_run', s.task_run_id);
        if (!tr) throw new ResolverError(`Task run ${s.task_run_id} not found`); // [inf] message
        if (this.cloud && s.version !== null && s.version !== undefined && s.version !== tr.version) {
          throw new ResolverError('State update failed: the provided version does not match the stored version.', 'VERSION_LOCKING_ERROR');
        }
        this.setTaskRunState(tr, s.state);
        return { id: tr.id, status: 'SUCCESS', message: null };
      }),
    };
  }

  /** cancel_flow_run (section 4 "Cancel"): Running -> Cancelling; finished -> no-op; others -> Cancelled. */
  cancelFlowRun({ flow_run_id }) {
    const run = this.get('flow_run', flow_run_id);
    if (!run) throw new ResolverError(`Flow run ${flow_run_id} not found`); // [inf] message
    if (states.isFinished(run.state)) return { state: run.state };
    if (states.isRunning(run.state)) { this.setFlowRunState(run, { type: 'Cancelling', message: 'Flow run is cancelling.' }); return { state: 'Cancelling' }; }
    this.setFlowRunState(run, { type: 'Cancelled', message: 'Flow run is cancelled' });
    return { state: 'Cancelled' };
  }

  deleteFlowRun({ flow_run_id }) {
    if (!this.get('flow_run', flow_run_id)) return { success: false };
    this.deleteFlowRunRows(normId(flow_run_id));
    return { success: true };
  }

  setRunField(table, id, values) {
    const row = this.get(table, id);
    if (!row) return { success: false };
    this.update(table, row, values);
    return { success: true };
  }
}

/** Python repr of a small dict, for messages such as "Invalid clock provided for schedule: {...}". */
function pyRepr(v) {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True'; if (v === false) return 'False';
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(v).map(([k, x]) => `'${k}': ${pyRepr(x)}`).join(', ')}}`;
}

module.exports = { Prefect1, SandboxClock, ResolverError, DEFAULT_TENANT_ID, CORE_VERSION, autoScheduledKey, pendulumIsoUtc, pyJsonDumps };
