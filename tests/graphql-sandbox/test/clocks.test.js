'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { clockEvents, scheduleNext, parseCron, isValidCron, UnsupportedClockError } = require('../lib/clocks');

const us = (iso) => Date.parse(iso) * 1000;
const iso = (u) => new Date(u / 1000).toISOString();
const times = (clock, after, n) => clockEvents(clock, us(after), n).map((e) => iso(e.start));
const berlin = { dt: '2024-01-01T00:00:00', tz: 'Europe/Berlin' };

test('cron with a time zone keeps the local hour across DST (spring and autumn)', () => {
  const clock = { type: 'CronClock', cron: '0 9 * * *', start_date: berlin };
  assert.deepEqual(times(clock, '2024-03-29T12:00:00Z', 3), ['2024-03-30T08:00:00.000Z', '2024-03-31T07:00:00.000Z', '2024-04-01T07:00:00.000Z']);
  assert.deepEqual(times(clock, '2024-10-26T12:00:00Z', 2), ['2024-10-27T08:00:00.000Z', '2024-10-28T08:00:00.000Z']);
  const ny = { type: 'CronClock', cron: '30 1 * * *', start_date: { dt: '2024-01-01T00:00:00', tz: 'America/New_York' } };
  assert.deepEqual(times(ny, '2024-03-09T12:00:00Z', 2), ['2024-03-10T06:30:00.000Z', '2024-03-11T05:30:00.000Z']);
});

test('cron: a local time that does not exist moves forward; an ambiguous one fires once, the first time', () => {
  const clock = { type: 'CronClock', cron: '30 2 * * *', start_date: berlin };
  assert.deepEqual(times(clock, '2024-03-30T12:00:00Z', 2), ['2024-03-31T01:30:00.000Z', '2024-04-01T00:30:00.000Z']);
  assert.deepEqual(times(clock, '2024-10-26T12:00:00Z', 2), ['2024-10-27T00:30:00.000Z', '2024-10-28T01:30:00.000Z']);
  // hourly: "fires the first time 2am is reached", then 3am CET: a two-hour gap in UTC (CronClock docstring)
  const hourly = { type: 'CronClock', cron: '0 * * * *', start_date: berlin };
  assert.deepEqual(times(hourly, '2024-10-26T22:30:00Z', 3), ['2024-10-26T23:00:00.000Z', '2024-10-27T00:00:00.000Z', '2024-10-27T02:00:00.000Z']);
});

test('cron without start_date is UTC; start_date and end_date bound the events; day_or', () => {
  assert.deepEqual(times({ type: 'CronClock', cron: '0 2 * * *', start_date: null }, '2024-05-01T02:00:00Z', 2), ['2024-05-02T02:00:00.000Z', '2024-05-03T02:00:00.000Z']);
  const bounded = { type: 'CronClock', cron: '0 0 * * *', start_date: { dt: '2024-05-10T00:00:00', tz: 'UTC' }, end_date: { dt: '2024-05-11T00:00:00', tz: 'UTC' } };
  assert.deepEqual(times(bounded, '2024-05-01T00:00:00Z', 5), ['2024-05-10T00:00:00.000Z', '2024-05-11T00:00:00.000Z']);
  // 1st of the month OR a Monday (day_or true, the default) vs 1st AND Monday (day_or false)
  const or = { type: 'CronClock', cron: '0 0 1 * 1', start_date: null, day_or: true };
  assert.deepEqual(times(or, '2024-06-28T00:00:00Z', 2), ['2024-07-01T00:00:00.000Z', '2024-07-08T00:00:00.000Z']);
  const and = { ...or, day_or: false };
  assert.deepEqual(times(and, '2024-06-28T00:00:00Z', 2), ['2024-07-01T00:00:00.000Z', '2025-09-01T00:00:00.000Z']);
  assert.deepEqual([...parseCron('*/15 9-17 * jan-mar mon-fri').minutes], [0, 15, 30, 45]);
  assert.equal(isValidCron('0 2 * *'), false);
  assert.equal(isValidCron('@daily'), true);
});

test('interval in MICROSECONDS with its anchor; no anchor means 2019-01-01 UTC', () => {
  const clock = { type: 'IntervalClock', interval: 3600 * 1e6, start_date: { dt: '2024-01-01T00:15:00', tz: 'UTC' } };
  assert.deepEqual(times(clock, '2024-05-01T10:20:00Z', 2), ['2024-05-01T11:15:00.000Z', '2024-05-01T12:15:00.000Z']);
  // an event exactly at `after` is not repeated
  assert.deepEqual(times(clock, '2024-05-01T11:15:00Z', 1), ['2024-05-01T12:15:00.000Z']);
  // before the anchor: the anchor itself is the first event
  assert.deepEqual(times(clock, '2023-12-01T00:00:00Z', 1), ['2024-01-01T00:15:00.000Z']);
  assert.deepEqual(times({ type: 'IntervalClock', interval: 90 * 60 * 1e6, start_date: null }, '2019-01-01T01:00:00Z', 2), ['2019-01-01T01:30:00.000Z', '2019-01-01T03:00:00.000Z']);
  // microsecond anchors survive
  const fine = clockEvents({ type: 'IntervalClock', interval: 60 * 1e6, start_date: { dt: '2024-01-01T00:00:00.143675', tz: 'UTC' } }, us('2024-01-01T00:00:30Z'), 1);
  assert.equal(fine[0].start % 1000000, 143675);
  // whole days are added in local time (DST keeps the clock hour), like prefect's IntervalClock
  const daily = { type: 'IntervalClock', interval: 86400 * 1e6, start_date: { dt: '2024-01-01T09:00:00', tz: 'Europe/Berlin' } };
  assert.deepEqual(times(daily, '2024-03-30T12:00:00Z', 2), ['2024-03-31T07:00:00.000Z', '2024-04-01T07:00:00.000Z']);
});

test('dates clock, parameter defaults and labels, merged schedule, RRule not evaluated', () => {
  const clock = { type: 'DatesClock', dates: [{ dt: '2030-02-01T00:00:00', tz: 'UTC' }, { dt: '2030-01-01T00:00:00', tz: 'UTC' }, { dt: '2020-01-01T00:00:00', tz: 'UTC' }], parameter_defaults: { full: true }, labels: ['db'] };
  const ev = clockEvents(clock, us('2024-01-01T00:00:00Z'), 5);
  assert.deepEqual(ev.map((e) => iso(e.start)), ['2030-01-01T00:00:00.000Z', '2030-02-01T00:00:00.000Z']);
  assert.deepEqual(ev[0].parameter_defaults, { full: true });
  assert.deepEqual(ev[0].labels, ['db']);
  assert.throws(() => clockEvents({ type: 'RRuleClock', rrule_obj: {} }, 0, 1), UnsupportedClockError);
  const merged = scheduleNext({ clocks: [
    { type: 'CronClock', cron: '0 * * * *', start_date: null },
    { type: 'IntervalClock', interval: 1800 * 1e6, start_date: null },
    { type: 'RRuleClock', rrule_obj: {} },
  ] }, us('2024-01-01T00:10:00Z'), 3);
  assert.deepEqual(merged.events.map((e) => iso(e.start)), ['2024-01-01T00:30:00.000Z', '2024-01-01T01:00:00.000Z', '2024-01-01T01:00:00.000Z']);
  assert.equal(merged.skipped.length, 1);
});
