'use strict';
// Prefect 1 clock evaluation (api-reference.md section 5 "Serialized schedule"). All instants are microseconds
// since the epoch (IntervalClock intervals are microseconds). Time zones via Intl.DateTimeFormat.
//  - CronClock: cron in start_date.tz (UTC without start_date), day_or, events >= start_date, <= end_date.
//    Wall-clock semantics across DST (CronClock docstring [S prefect 1]): an ambiguous local time (fall back) fires
//    once, the FIRST time it is reached; a local time that does not exist (spring forward) moves forward by the gap [inf].
//  - IntervalClock: start_date anchor (2019-01-01 UTC without one); start + k*interval, the whole days of k*interval
//    added in local wall-clock time and the rest as elapsed time (prefect.schedules.clocks.IntervalClock) [S prefect 1].
//  - DatesClock: the given dates after `after`.
//  - RRuleClock: not evaluated (throws UnsupportedClockError), the caller decides what to do.

class UnsupportedClockError extends Error {}

const US_PER_MS = 1000;
const US_PER_S = 1000000;
const DAY_US = 86400 * US_PER_S;

const dtfCache = new Map();
function dtf(tz) {
  let f = dtfCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', weekday: 'short' });
    dtfCache.set(tz, f);
  }
  return f;
}
function isValidTimeZone(tz) {
  if (typeof tz !== 'string' || !tz) return false;
  try { dtf(tz); return true; } catch { return false; }
}
const WEEKDAYS = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
/** Local wall-clock fields of an instant (ms) in tz. */
function localFields(ms, tz) {
  const parts = {};
  for (const p of dtf(tz).formatToParts(new Date(ms))) parts[p.type] = p.value;
  return { y: +parts.year, mo: +parts.month, d: +parts.day, h: +parts.hour, mi: +parts.minute, s: +parts.second, dow: WEEKDAYS[parts.weekday] };
}
/** UTC offset of tz at instant ms, in ms. */
function offsetMs(ms, tz) {
  const f = localFields(ms, tz);
  const wall = Date.UTC(f.y, f.mo - 1, f.d, f.h, f.mi, f.s);
  return wall - Math.floor(ms / 1000) * 1000;
}
/**
 * Wall-clock time in tz -> instant (ms). Gap: shifted forward by the gap. Ambiguous: 'later' = post-transition
 * offset (pendulum's default, used by IntervalClock), 'earlier' = the first occurrence (croniter, CronClock).
 */
function wallToInstantMs(y, mo, d, h, mi, s, msPart, tz, ambiguous = 'later') {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, msPart || 0);
  if (tz === 'UTC') return wall;
  const offsets = new Set([offsetMs(wall - 86400000, tz), offsetMs(wall, tz), offsetMs(wall + 86400000, tz)]);
  const valid = [...offsets].map((o) => wall - o).filter((inst) => offsetMs(inst, tz) === wall - inst);
  if (valid.length) return ambiguous === 'earlier' ? Math.min(...valid) : Math.max(...valid);
  return wall - offsetMs(wall - 86400000, tz); // in a gap: keep the pre-transition offset, i.e. move forward by the gap
}

/** DateTimeTZ {dt: naive ISO, tz} (or an ISO string) -> microseconds. */
function parseDateTimeTz(v) {
  if (v === null || v === undefined) return null;
  const dt = typeof v === 'string' ? v : v.dt;
  const tz = typeof v === 'string' ? 'UTC' : v.tz || 'UTC';
  const m = String(dt).match(/^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/);
  if (!m) throw new Error(`cannot read date ${JSON.stringify(v)}`);
  const [, y, mo, d, h, mi, s = '0', frac = '', off] = m;
  const micros = +((frac + '000000').slice(0, 6));
  let ms;
  if (off) {
    ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
    if (off !== 'Z') { const sign = off[0] === '-' ? -1 : 1; const dg = off.slice(1).replace(':', ''); ms -= sign * (+dg.slice(0, 2) * 60 + +dg.slice(2)) * 60000; }
  } else ms = wallToInstantMs(+y, +mo, +d, +h, +mi, +s, 0, tz);
  return ms * US_PER_MS + micros;
}
function clockTz(clock) {
  const sd = clock.start_date;
  return sd && typeof sd === 'object' && sd.tz ? sd.tz : 'UTC';
}

// ---------- cron ----------
const MONTHS = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAYS = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const ALIASES = { '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0', '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *' };

function parseField(text, min, max, names) {
  const values = new Set();
  for (const part of text.toLowerCase().split(',')) {
    const m = part.match(/^(\*|[a-z0-9]+(?:-[a-z0-9]+)?)(?:\/(\d+))?$/);
    if (!m) throw new Error(`invalid cron field "${text}"`);
    const val = (t) => { const n = names && names[t] !== undefined ? names[t] : /^\d+$/.test(t) ? +t : NaN; if (Number.isNaN(n)) throw new Error(`invalid cron value "${t}"`); return n; };
    let lo, hi;
    if (m[1] === '*') { lo = min; hi = max; } else if (m[1].includes('-')) { [lo, hi] = m[1].split('-').map(val); } else { lo = val(m[1]); hi = m[2] ? max : lo; }
    const step = m[2] ? +m[2] : 1;
    if (step < 1 || lo < min || hi > max || lo > hi) throw new Error(`invalid cron field "${text}"`);
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return values;
}
function parseCron(expr) {
  const text = ALIASES[String(expr).trim().toLowerCase()] || String(expr).trim();
  const f = text.split(/\s+/);
  if (f.length !== 5) throw new Error(`invalid cron "${expr}": 5 fields expected`);
  const dow = parseField(f[4], 0, 7, DAYS);
  if (dow.has(7)) { dow.delete(7); dow.add(0); }
  return {
    minutes: [...parseField(f[0], 0, 59)].sort((a, b) => a - b),
    hours: [...parseField(f[1], 0, 23)].sort((a, b) => a - b),
    dom: parseField(f[2], 1, 31), month: parseField(f[3], 1, 12, MONTHS), dow,
    domStar: f[2] === '*' || f[2] === '?', dowStar: f[4] === '*' || f[4] === '?',
  };
}
function isValidCron(expr) { try { parseCron(expr); return true; } catch { return false; } }

function* cronEvents(clock, afterUs) {
  const c = parseCron(clock.cron);
  const tz = clockTz(clock);
  const dayOr = clock.day_or === undefined || clock.day_or === null ? true : !!clock.day_or;
  const startUs = parseDateTimeTz(clock.start_date);
  const endUs = parseDateTimeTz(clock.end_date);
  // "advance to at least one second before the start so that the start date itself is a valid clock date"
  let after = afterUs;
  if (startUs !== null && startUs - US_PER_S > after) after = startUs - US_PER_S;
  const lf = localFields(Math.floor(after / US_PER_MS), tz);
  let day = Date.UTC(lf.y, lf.mo - 1, lf.d);
  const seen = new Set();
  for (let n = 0; n < 366 * 30; n++, day += 86400000) {
    const dd = new Date(day);
    const y = dd.getUTCFullYear(), mo = dd.getUTCMonth() + 1, d = dd.getUTCDate(), dow = dd.getUTCDay();
    if (!c.month.has(mo)) continue;
    const domOk = c.dom.has(d), dowOk = c.dow.has(dow);
    const dayOk = c.domStar || c.dowStar ? domOk && dowOk : dayOr ? domOk || dowOk : domOk && dowOk;
    if (!dayOk) continue;
    const todays = [];
    for (const h of c.hours) for (const mi of c.minutes) todays.push(wallToInstantMs(y, mo, d, h, mi, 0, 0, tz, 'earlier') * US_PER_MS);
    todays.sort((a, b) => a - b);
    for (const t of todays) {
      if (t <= after || seen.has(t)) continue;
      if (endUs !== null && t > endUs) return;
      seen.add(t);
      yield t;
    }
  }
}

function* intervalEvents(clock, afterUs) {
  const interval = Number(clock.interval);
  if (!(interval > 0)) throw new Error('Interval must be greater than 0.');
  const tz = clockTz(clock);
  const startUs = clock.start_date ? parseDateTimeTz(clock.start_date) : Date.UTC(2019, 0, 1) * US_PER_MS;
  const endUs = parseDateTimeTz(clock.end_date);
  let skip = (afterUs - startUs) / interval;
  if (skip < 0) skip = 0; else if (Number.isInteger(skip)) skip += 1; else skip = Math.floor(skip + 1);
  const start = localFields(Math.floor(startUs / US_PER_MS), tz);
  const startMicrosInSecond = startUs - Math.floor(startUs / US_PER_S) * US_PER_S;
  for (let k = skip; ; k++) {
    const total = interval * k;
    const days = Math.floor(total / DAY_US);
    const rest = total - days * DAY_US;
    // whole days in local wall-clock time (DST keeps the clock hour), the rest as elapsed time
    const shifted = new Date(Date.UTC(start.y, start.mo - 1, start.d + days));
    const wallMs = wallToInstantMs(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate(), start.h, start.mi, start.s, 0, tz);
    const t = wallMs * US_PER_MS + startMicrosInSecond + rest;
    if (endUs !== null && t > endUs) return;
    if (t > afterUs) yield t;
  }
}

function* datesEvents(clock, afterUs) {
  const dates = (clock.dates || []).map(parseDateTimeTz).sort((a, b) => a - b);
  for (const t of dates) if (t > afterUs) yield t;
}

/** The next `count` events of one clock strictly after afterUs: [{start, parameter_defaults, labels, clock}]. */
function clockEvents(clock, afterUs, count) {
  let gen;
  switch (clock.type) {
    case 'CronClock': gen = cronEvents(clock, afterUs); break;
    case 'IntervalClock': gen = intervalEvents(clock, afterUs); break;
    case 'DatesClock': gen = datesEvents(clock, afterUs); break;
    default: throw new UnsupportedClockError(`${clock.type || 'unknown clock'} cannot be evaluated by the sandbox`);
  }
  const out = [];
  for (const t of gen) { out.push({ start: t, parameter_defaults: clock.parameter_defaults || {}, labels: clock.labels || null, clock }); if (out.length >= count) break; }
  return out;
}

/**
 * Schedule.next(n, after): the clocks' events merged in time order (api-reference.md section 3, scheduler).
 * Clocks that cannot be evaluated are reported in `skipped` (the sandbox never guesses an RRule).
 */
function scheduleNext(schedule, afterUs, count) {
  const events = [];
  const skipped = [];
  for (const clock of (schedule && schedule.clocks) || []) {
    try { events.push(...clockEvents(clock, afterUs, count)); } catch (e) {
      if (e instanceof UnsupportedClockError) skipped.push({ clock, reason: e.message }); else throw e;
    }
  }
  events.sort((a, b) => a.start - b.start);
  return { events: events.slice(0, count), skipped };
}

/** Naive ISO (no offset) of an instant in tz, as pendulum's naive `dt` in DateTimeTZ ("2021-05-07T10:24:07.143675"). */
function naiveLocalIso(us, tz) {
  const f = localFields(Math.floor(us / US_PER_MS), tz);
  const micros = us - Math.floor(us / US_PER_S) * US_PER_S;
  const p = (n, w = 2) => String(n).padStart(w, '0');
  return `${p(f.y, 4)}-${p(f.mo)}-${p(f.d)}T${p(f.h)}:${p(f.mi)}:${p(f.s)}${micros ? '.' + p(micros, 6) : ''}`;
}

module.exports = {
  clockEvents, scheduleNext, parseCron, isValidCron, isValidTimeZone, parseDateTimeTz, wallToInstantMs, localFields,
  naiveLocalIso, UnsupportedClockError,
};
