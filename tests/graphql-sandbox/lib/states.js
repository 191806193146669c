'use strict';
// Prefect 1 state classes (api-reference.md section 4 "States"): name -> parent.
const PARENT = {
  Pending: 'State', Scheduled: 'Pending', Paused: 'Scheduled', Resume: 'Scheduled', Retrying: 'Scheduled',
  Running: 'State', Cancelling: 'Running',
  Finished: 'State', Success: 'Finished', Cached: 'Success', Mapped: 'Success', Skipped: 'Success',
  Failed: 'Finished', TimedOut: 'Failed', TriggerFailed: 'Failed', ValidationFailed: 'Failed', Cancelled: 'Finished', Looped: 'Finished',
  // meta states
  Submitted: '_MetaState', Queued: '_MetaState', ClientFailed: '_MetaState', _MetaState: 'State',
};
const isKnown = (t) => Object.prototype.hasOwnProperty.call(PARENT, t) && t !== '_MetaState';
function ancestors(t) { const out = []; let p = PARENT[t]; while (p && p !== 'State') { out.push(p); p = PARENT[p]; } return out; }
const isA = (t, cls) => t === cls || ancestors(t).includes(cls);
const isFinished = (t) => !!t && isA(t, 'Finished');
const isRunning = (t) => !!t && isA(t, 'Running');
const isScheduledFamily = (t) => !!t && isA(t, 'Scheduled');

// reference_data { state_hierarchy state_info } [inf: exact shape of the Server's answer]
function stateHierarchy() { const o = {}; for (const t of Object.keys(PARENT)) if (isKnown(t)) o[t] = ancestors(t); return o; }
function stateInfo() { const o = {}; for (const t of Object.keys(PARENT)) if (isKnown(t)) o[t] = { parent: PARENT[t] === '_MetaState' ? 'State' : PARENT[t] }; return o; }

module.exports = { PARENT, isKnown, isA, isFinished, isRunning, isScheduledFamily, ancestors, stateHierarchy, stateInfo };
