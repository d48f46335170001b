// What the map flags for each recording segment, current dialog and agent, at a given moment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapModule } from '../support/map-modules.mjs';

const { segmentStatus, dialogStatus, agentStatus, gadgetQuiet, worse, RECORDING_GRACE_MS, LINK_GRACE_MS } = await mapModule('status');

const T0 = Date.parse('2026-04-20T08:37:27.480Z');
const iso = (ms) => new Date(ms).toISOString();
const segment = (extra) => ({ key: 'r1#1', recordingId: 'r1', segmentIndex: 1, start: iso(T0 + 600), end: null, status: 'unmatched_recording', dialogId: null, candidates: [], flags: [], ...extra });
const dialog = (extra) => ({ dialogId: 'd1', callType: 'ACD_IN', fromAddress: '+353858712345', toAddress: '61001', state: 'ACTIVE', agentState: 'ACTIVE', start: iso(T0), firstSeen: iso(T0 - 5000), ...extra });
const agent = (extra) => ({ username: 'u1', extension: '61001', lastSeen: iso(T0), dialogs: [], segments: [], ...extra });

test('levels order none < ok < info < warn < alarm', () => {
  assert.equal(worse('ok', 'alarm'), 'alarm');
  assert.equal(worse('warn', 'info'), 'warn');
  assert.equal(worse('none', 'none'), 'none');
});

test('a segment: linked, ambiguous, linking while young and live, then not linked; alarms raise the level', () => {
  assert.deepEqual(pick(segmentStatus(segment({ status: 'matched', dialogId: 'd1' }), T0 + 1000)), ['linked', 'Recording, linked', 'ok']);
  assert.deepEqual(pick(segmentStatus(segment({ status: 'matched', end: iso(T0 + 60000) }), T0 + 70000)), ['linked', 'Recorded, linked', 'ok']);
  assert.deepEqual(pick(segmentStatus(segment({ status: 'ambiguous' }), T0 + 1000)), ['ambiguous', 'Recording, ambiguous', 'warn']);
  assert.deepEqual(pick(segmentStatus(segment(), T0 + 600 + LINK_GRACE_MS - 1)), ['linking', 'Recording, linking…', 'info']);
  assert.deepEqual(pick(segmentStatus(segment(), T0 + 600 + LINK_GRACE_MS + 1)), ['unmatched', 'Recording, not linked', 'warn']);
  const noAudio = segmentStatus(segment({ status: 'matched', flags: ['no-audio'] }), T0 + 1000);
  assert.equal(noAudio.level, 'alarm');
  assert.deepEqual(noAudio.flags, [{ flag: 'no-audio', level: 'alarm' }]);
  assert.equal(segmentStatus(segment({ status: 'matched', end: iso(T0 + 5000), flags: ['recovered'] }), T0).level, 'info', 'a file repaired after a restart is worth knowing, not an alarm');
  assert.equal(segmentStatus(segment({ status: 'matched', end: iso(T0 + 5000), flags: ['one-leg-missing'] }), T0).level, 'warn');
  for (const flag of ['codec-mismatch', 'srtp-auth-failures']) assert.equal(segmentStatus(segment({ status: 'matched', flags: [flag] }), T0).level, 'alarm', flag);
});

test('a dialog with its linked live segment is "recording, linked"; one among ambiguous candidates is ambiguous', () => {
  const linked = agent({ dialogs: [dialog()], segments: [segment({ status: 'matched', dialogId: 'd1' })] });
  assert.deepEqual(pick(dialogStatus(linked.dialogs[0], linked, T0 + 2000)), ['linked', 'Recording, linked', 'ok']);
  const ambiguous = agent({ dialogs: [dialog({ dialogId: 'd2' })], segments: [segment({ status: 'ambiguous', dialogId: 'd1', candidates: ['d1', 'd2'] })] });
  assert.deepEqual(pick(dialogStatus(ambiguous.dialogs[0], ambiguous, T0 + 2000)), ['ambiguous', 'Recording, ambiguous', 'warn']);
});

test('a connected dialog with no recording waits for the grace period, then is an alarm: not recorded', () => {
  const a = agent({ dialogs: [dialog()] });
  assert.deepEqual(pick(dialogStatus(a.dialogs[0], a, T0 + RECORDING_GRACE_MS - 1)), ['waiting', 'Waiting for recording', 'info']);
  assert.deepEqual(pick(dialogStatus(a.dialogs[0], a, T0 + RECORDING_GRACE_MS + 1)), ['not-recorded', 'Not recorded', 'alarm']);
  const ended = agent({ dialogs: [dialog({ agentState: 'WRAP_UP', state: 'DROPPED' })] });
  assert.equal(dialogStatus(ended.dialogs[0], ended, T0 + 1000).key, 'not-recorded', 'an answered call that ended unrecorded');
});

test('ringing is not a recording problem; an unanswered call that ended is nothing', () => {
  const ringing = agent({ dialogs: [dialog({ start: null, agentState: 'ALERTING', state: 'ALERTING' })] });
  assert.deepEqual(pick(dialogStatus(ringing.dialogs[0], ringing, T0 + 60000)), ['ringing', 'Ringing', 'none']);
  const missed = agent({ dialogs: [dialog({ start: null, agentState: 'DROPPED', state: 'DROPPED' })] });
  assert.equal(dialogStatus(missed.dialogs[0], missed, T0).key, 'none');
});

test('on hold after a linked segment ended is fine; a live segment on the extension not yet linked shows as such', () => {
  const held = agent({ dialogs: [dialog({ agentState: 'HELD' })], segments: [segment({ status: 'matched', dialogId: 'd1', end: iso(T0 + 30000) })] });
  assert.deepEqual(pick(dialogStatus(held.dialogs[0], held, T0 + 40000)), ['held', 'On hold (recorded before)', 'ok']);
  const unlinked = agent({ dialogs: [dialog()], segments: [segment()] });
  assert.equal(dialogStatus(unlinked.dialogs[0], unlinked, T0 + 2000).key, 'linking');
  assert.deepEqual(pick(dialogStatus(unlinked.dialogs[0], unlinked, T0 + 600 + LINK_GRACE_MS + 1)), ['recording-unlinked', 'Recording, not linked', 'warn']);
});

test('a gadget is quiet after quietAfterSeconds without any event; the agent row key changes when that happens', () => {
  const a = agent({ lastSeen: iso(T0) });
  const settings = { quietAfterSeconds: 70 };
  assert.equal(gadgetQuiet(a, T0 + 70000, settings), false);
  assert.equal(gadgetQuiet(a, T0 + 70001, settings), true);
  const before = agentStatus(a, T0 + 1000, settings);
  const after = agentStatus(a, T0 + 80000, settings);
  assert.deepEqual([before.level, after.level, after.quiet], ['none', 'warn', true]);
  assert.notEqual(before.key, after.key);
});

test('the agent takes the worst level of its dialogs', () => {
  const a = agent({ dialogs: [dialog(), dialog({ dialogId: 'd2' })], segments: [segment({ status: 'matched', dialogId: 'd1' })] });
  const status = agentStatus(a, T0 + RECORDING_GRACE_MS + 1, { quietAfterSeconds: 70 });
  assert.deepEqual(status.dialogs.map((d) => d.status.key), ['linked', 'not-recorded']);
  assert.equal(status.level, 'alarm');
});

function pick(status) {
  return [status.key, status.label, status.level];
}

test('the next moment a status can change with time alone: quiet gadget, recording grace, linking grace', async () => {
  const { nextStatusChange } = await mapModule('status');
  const settings = { quietAfterSeconds: 70 };
  const idle = agent({ lastSeen: iso(T0) });
  assert.equal(nextStatusChange(idle, T0 + 1000, settings), T0 + 70001);
  assert.equal(nextStatusChange(idle, T0 + 80000, settings), Infinity, 'already quiet: nothing more to wait for');
  const onCall = agent({ lastSeen: iso(T0 + 60000), dialogs: [dialog()], segments: [segment()] });
  assert.equal(nextStatusChange(onCall, T0 + 1000, settings), T0 + RECORDING_GRACE_MS + 1);
  assert.equal(nextStatusChange(onCall, T0 + RECORDING_GRACE_MS + 1, settings), T0 + 600 + LINK_GRACE_MS + 1);
  // At each such moment the status may indeed differ; between them it does not.
  for (const t of [T0 + 1000, T0 + 5000, T0 + RECORDING_GRACE_MS]) assert.equal(agentStatus(onCall, t, settings).key, agentStatus(onCall, T0 + 1000, settings).key);
});
