// The map's feed state: snapshot, deltas that follow on, gaps, restarts, deltas that overtake the snapshot answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapModule } from '../support/map-modules.mjs';

const { createFeed, beginSubscribe, applySnapshot, applyDelta, applyTick, pruneUnmatched, serverNow } = await mapModule('feed');

const agent = (username, extra = {}) => ({ username, firstName: username, extension: '6100' + username.slice(-1), teamId: 't1', teamName: 'Billing', lastSeen: '2026-04-20T08:00:00.000Z', dialogs: [], segments: [], ...extra });
const snapshot = (version, agents, epoch = 'e1', unmatched = []) => ({ protocol: 1, epoch, version, serverTime: '2026-04-20T08:00:00.000Z', settings: { quietAfterSeconds: 70, recentMinutes: 30, maxUnmatched: 2 }, scope: { all: true, teams: [] }, agents, unmatched });
const delta = (from, to, agents = [], removed = [], epoch = 'e1', extra = {}) => ({ epoch, from, to, serverTime: '2026-04-20T08:00:01.000Z', agents, removed, unmatched: [], unmatchedRemoved: [], ...extra });

function subscribed(version = 5, agents = [agent('a1'), agent('a2')]) {
  const feed = createFeed();
  beginSubscribe(feed);
  applySnapshot(feed, snapshot(version, agents), Date.parse('2026-04-20T08:00:00.000Z'));
  return feed;
}

test('a snapshot replaces everything and reports every row as changed, and what it no longer has as removed', () => {
  const feed = subscribed();
  beginSubscribe(feed);
  const result = applySnapshot(feed, snapshot(9, [agent('a2'), agent('a3')]), 0);
  assert.equal(result.full, true);
  assert.deepEqual([...result.agents].sort(), ['a2', 'a3']);
  assert.deepEqual([...result.removed], ['a1']);
  assert.deepEqual([...feed.agents.keys()].sort(), ['a2', 'a3']);
  assert.equal(feed.version, 9);
});

test('a delta that follows on upserts whole rows, removes, and moves the version', () => {
  const feed = subscribed(5);
  const result = applyDelta(feed, delta(5, 6, [agent('a1', { state: 'TALKING', changedAt: '2026-04-20T08:00:00.900Z' }), agent('a9')], ['a2']), 0);
  assert.equal(result.resync, false);
  assert.equal(feed.version, 6);
  assert.equal(feed.agents.get('a1').state, 'TALKING');
  assert.ok(feed.agents.has('a9'));
  assert.ok(!feed.agents.has('a2'));
  assert.deepEqual([...result.agents].sort(), ['a1', 'a9']);
  assert.deepEqual([...result.removed], ['a2']);
  assert.deepEqual(result.deltas, [{ serverTime: '2026-04-20T08:00:01.000Z', changedAt: ['2026-04-20T08:00:00.900Z'] }]);
});

test('a gap, or a delta of another epoch (a restarted backend), asks for a resync and changes nothing', () => {
  const feed = subscribed(5);
  assert.equal(applyDelta(feed, delta(6, 7, [agent('a1', { state: 'X' })]), 0).resync, true);
  assert.equal(applyDelta(feed, delta(5, 6, [agent('a1', { state: 'X' })], [], 'e2'), 0).resync, true);
  assert.equal(feed.version, 5);
  assert.equal(feed.agents.get('a1').state, undefined);
});

test('a delta already covered by the snapshot (an earlier subscription\'s) is ignored, not a gap', () => {
  const feed = subscribed(5);
  const result = applyDelta(feed, delta(3, 4, [agent('a1', { state: 'OLD' })]), 0);
  assert.equal(result.resync, false);
  assert.equal(result.agents.size, 0);
  assert.equal(feed.agents.get('a1').state, undefined);
});

test('deltas that arrive before the snapshot answer are held, then those after its version are applied in order', () => {
  const feed = createFeed();
  beginSubscribe(feed);
  assert.equal(applyDelta(feed, delta(5, 6, [agent('a1', { state: 'TALKING' })]), 0).agents.size, 0, 'held, not applied');
  applyDelta(feed, delta(6, 7, [agent('a1', { state: 'HOLD' })]), 0);
  const result = applySnapshot(feed, snapshot(5, [agent('a1', { state: 'READY' })]), 0);
  assert.equal(result.resync, false);
  assert.equal(feed.version, 7);
  assert.equal(feed.agents.get('a1').state, 'HOLD');
  assert.equal(result.deltas.length, 2);
});

test('a held delta that does not follow on from the snapshot asks for another resync', () => {
  const feed = createFeed();
  beginSubscribe(feed);
  applyDelta(feed, delta(7, 8, [agent('a1')]), 0);
  assert.equal(applySnapshot(feed, snapshot(5, [agent('a1')]), 0).resync, true);
});

test('a tick ahead of our version means a lost delta; an older one is an earlier subscription\'s; the clock offset follows it', () => {
  const feed = subscribed(5);
  assert.equal(applyTick(feed, { epoch: 'e1', version: 5, serverTime: '2026-04-20T08:00:10.000Z' }, Date.parse('2026-04-20T08:00:09.750Z')).resync, false);
  assert.equal(feed.offsetMs, 250);
  assert.equal(serverNow(feed, 1000), 1250);
  assert.equal(applyTick(feed, { epoch: 'e1', version: 4, serverTime: '2026-04-20T08:00:10.000Z' }, 0).resync, false);
  assert.equal(applyTick(feed, { epoch: 'e1', version: 6, serverTime: '2026-04-20T08:00:10.000Z' }, 0).resync, true);
  assert.equal(applyTick(feed, { epoch: 'e2', version: 5, serverTime: '2026-04-20T08:00:10.000Z' }, 0).resync, true);
});

test('unmatched segments: upserted and removed by key, pruned once finished longer ago than the window', () => {
  const feed = subscribed(1);
  const seg = (key, start, end) => ({ key, recordingId: key.split('#')[0], segmentIndex: 1, start, end, status: 'unmatched_recording', flags: [] });
  applyDelta(feed, delta(1, 2, [], [], 'e1', { unmatched: [seg('r1#1', '2026-04-20T07:00:00.000Z', '2026-04-20T07:01:00.000Z'), seg('r2#1', '2026-04-20T07:59:00.000Z', null), seg('r3#1', '2026-04-20T07:58:00.000Z', '2026-04-20T07:59:00.000Z')] }), 0);
  const removed = applyDelta(feed, delta(2, 3, [], [], 'e1', { unmatchedRemoved: ['r3#1', 'nope#1'] }), 0);
  assert.deepEqual([...removed.unmatchedRemoved], ['r3#1']);
  assert.deepEqual(pruneUnmatched(feed, Date.parse('2026-04-20T08:00:00.000Z')), ['r1#1'], 'finished an hour ago: older than the 30-minute window');
  assert.deepEqual([...feed.unmatched.keys()], ['r2#1']);
});

test('the unmatched list keeps at most the newest maxUnmatched', () => {
  const feed = subscribed(1);
  const seg = (key, start) => ({ key, recordingId: key, segmentIndex: 1, start, end: null, status: 'unmatched_recording', flags: [] });
  applyDelta(feed, delta(1, 2, [], [], 'e1', { unmatched: [seg('new#1', '2026-04-20T07:59:00.000Z'), seg('old#1', '2026-04-20T07:50:00.000Z'), seg('mid#1', '2026-04-20T07:55:00.000Z')] }), 0);
  assert.deepEqual(pruneUnmatched(feed, Date.parse('2026-04-20T08:00:00.000Z')), ['old#1']);
  assert.deepEqual([...feed.unmatched.keys()].sort(), ['mid#1', 'new#1']);
});
