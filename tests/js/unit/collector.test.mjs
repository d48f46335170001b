// The collector's logic: which events a sequence of Finesse snapshots produces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gadget } from '../support/gadget-modules.mjs';

const { Collector } = gadget('collector');
const { Outbox } = gadget('outbox');

function setup() {
  const outbox = new Outbox({ scope: 'u|x', instanceId: 'i', now: () => 0 });
  let kicks = 0;
  const collector = new Collector({
    outbox, deliverer: { kick: () => { kicks++; } }, username: '012345', extension: '61001', driftMs: '-250',
    now: () => Date.parse('2026-04-20T08:37:00.000Z'),
  });
  return { outbox, collector, kicks: () => kicks };
}

const user = (state, extra = {}) => ({ id: '012345', state, reasonCodeId: '-1', stateChangeTime: '2026-04-20T08:36:00.000Z', firstName: 'Bob', lastName: 'Bobster', teamId: '5002', teamName: 'Billing', ...extra });

test('sign-in, state changes and sign-out become login, state and logout events', () => {
  const { outbox, collector, kicks } = setup();
  collector.user(user('NOT_READY'));
  collector.user(user('NOT_READY'));
  collector.user(user('READY', { stateChangeTime: '2026-04-20T08:36:05.000Z' }));
  collector.user(user('LOGOUT', { stateChangeTime: '2026-04-20T08:50:00.000Z' }));
  const events = outbox.peek(100);
  assert.deepEqual(events.map((e) => `${e.action}:${e.state ?? ''}`), ['login:', 'state:NOT_READY', 'state:READY', 'state:LOGOUT', 'logout:']);
  assert.deepEqual([events[0].teamId, events[0].teamName, events[0].firstName], ['5002', 'Billing', 'Bob']);
  for (const e of events) {
    assert.match(e.eventId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(e.username, '012345');
    assert.equal(e.extension, '61001');
    assert.equal(e.clientTime, '2026-04-20T08:37:00.000Z');
    assert.equal(e.clientDriftMs, -250);
  }
  assert.equal(new Set(events.map((e) => e.eventId)).size, events.length);
  assert.equal(kicks(), events.length, 'every event is handed to delivery at once');
});

test('a dialog snapshot that did not change (a refresh after failover) is not sent again', () => {
  const { outbox, collector } = setup();
  const dialog = { id: '16798406', state: 'ACTIVE', participants: [{ mediaAddress: '61001', state: 'ACTIVE' }] };
  collector.dialog('added', dialog);
  collector.dialog('updated', { ...dialog });
  collector.dialog('updated', { ...dialog, participants: [{ mediaAddress: '61001', state: 'HELD' }] });
  collector.dialog('removed', dialog);
  assert.deepEqual(outbox.peek(10).map((e) => e.change), ['added', 'updated', 'removed']);
});

test('heartbeats only while signed in, and never stored', () => {
  const { outbox, collector } = setup();
  assert.equal(collector.heartbeat(), null);
  collector.user(user('READY'));
  collector.finesseConnection('disconnected');
  const beat = collector.heartbeat({ outbox: 2 });
  assert.equal(beat.action, 'heartbeat');
  assert.equal(beat.finesseConnection, 'disconnected');
  assert.equal(outbox.peek(10).filter((e) => e.action === 'heartbeat').length, 0);
});
