// The call detail's reading of the engine's match_reason, and its timeline layout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapModule } from '../support/map-modules.mjs';

const { parseReason } = await mapModule('reason');
const { timelineLanes, spanBox } = await mapModule('timeline');

test('a matched reason: the dialog and each observation', () => {
  const r = parseReason('dialog 16798406: starts 0.6 s from the agent connecting, agent connected for 100% of it, ends 0.4 s from the agent holding or hanging up, far end is the same number');
  assert.equal(r.kind, 'matched');
  assert.equal(r.summary, 'Dialog 16798406');
  assert.deepEqual(r.items, ['starts 0.6 s from the agent connecting', 'agent connected for 100% of it', 'ends 0.4 s from the agent holding or hanging up', 'far end is the same number']);
});

test('a consult chain', () => {
  const r = parseReason('spans dialogs 1 then 2 (consult chain): exact key refci equal, agent connected for 98% of it');
  assert.equal(r.summary, 'Spans dialogs 1 then 2 (consult chain)');
  assert.deepEqual(r.items, ['exact key refci equal', 'agent connected for 98% of it']);
});

test('an ambiguous reason: each candidate with its probability and observations', () => {
  const r = parseReason('ambiguous: dialog 1 (p=0.55: starts 0.2 s from the agent connecting, far end is the same number) or dialog 2 (p=0.41: starts 0.3 s from the agent connecting); the evidence cannot separate them');
  assert.equal(r.kind, 'ambiguous');
  assert.deepEqual(r.candidates, [
    { label: 'dialog 1', p: 0.55, items: ['starts 0.2 s from the agent connecting', 'far end is the same number'] },
    { label: 'dialog 2', p: 0.41, items: ['starts 0.3 s from the agent connecting'] },
  ]);
  assert.deepEqual(r.notes, ['the evidence cannot separate them']);
});

test('unmatched reasons', () => {
  const weak = parseReason('evidence too weak for dialog 7 (starts 9.0 s from the agent connecting, far end is a different number); agent 012345 was signed in on 61001');
  assert.deepEqual([weak.kind, weak.summary, weak.items, weak.notes], ['unmatched', 'Evidence too weak for dialog 7', ['starts 9.0 s from the agent connecting', 'far end is a different number'], ['agent 012345 was signed in on 61001']]);
  const none = parseReason('no voice dialog on extension 61001 near the recording');
  assert.deepEqual([none.kind, none.summary], ['text', 'no voice dialog on extension 61001 near the recording']);
});

test('timeline: a lane per participant with its states, a lane per segment, on one axis', () => {
  const participants = [
    { mediaAddress: '61001', state: 'ALERTING', at: '2026-04-20T08:00:00.000Z' },
    { mediaAddress: '61001', state: 'ACTIVE', at: '2026-04-20T08:00:05.000Z' },
    { mediaAddress: '61001', state: 'HELD', at: '2026-04-20T08:00:35.000Z' },
    { mediaAddress: '61001', state: 'DROPPED', at: '2026-04-20T08:01:05.000Z' },
  ];
  const segments = [{ recordingId: 'r', segmentIndex: 1, start: '2026-04-20T08:00:05.500Z', end: '2026-04-20T08:00:35.300Z' }];
  const { startMs, endMs, lanes } = timelineLanes(participants, segments, Date.parse('2026-04-20T09:00:00.000Z'));
  assert.equal(endMs - startMs, 65000, 'an ended call does not stretch to now');
  assert.deepEqual(lanes.map((l) => [l.label, l.kind, l.spans.map((s) => s.state)]), [
    ['61001', 'participant', ['ALERTING', 'ACTIVE', 'HELD', 'DROPPED']],
    ['Recording 1', 'segment', ['RECORDED']],
  ]);
  const held = lanes[0].spans[2];
  assert.deepEqual([held.toMs - held.fromMs], [30000]);
  const box = spanBox(lanes[1].spans[0], startMs, endMs);
  assert.ok(Math.abs(box.left - (5500 / 65000) * 100) < 1e-9);
  assert.ok(Math.abs(box.width - (29800 / 65000) * 100) < 1e-9);
});

test('timeline: a call still going runs to now', () => {
  const now = Date.parse('2026-04-20T08:02:00.000Z');
  const { endMs, lanes } = timelineLanes([{ mediaAddress: '61001', state: 'ACTIVE', at: '2026-04-20T08:00:00.000Z' }], [], now);
  assert.equal(endMs, now);
  assert.equal(lanes[0].spans[0].toMs, now);
});
