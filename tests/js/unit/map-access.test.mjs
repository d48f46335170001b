// The map gadget's token: read from the fragment once, taken away from the address bar, renewed only by the parent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapModule } from '../support/map-modules.mjs';

const { tokenFromHash, hashWithoutToken, renewedToken, withToken, signInUrl, TOKEN_MESSAGE } = await mapModule('access-core');
const { connectionView, STALE_AFTER_MS } = await mapModule('connection');
const { createRenderQueue } = await mapModule('render-queue');

test('the token comes from #access_token=, and leaves the rest of the fragment alone', () => {
  assert.equal(tokenFromHash('#access_token=abc%2Bdef'), 'abc+def');
  assert.equal(tokenFromHash('#view=search&access_token=t1'), 't1');
  assert.equal(tokenFromHash(''), null);
  assert.equal(tokenFromHash('#access_token='), null);
  assert.equal(hashWithoutToken('#access_token=t1'), '');
  assert.equal(hashWithoutToken('#view=search&access_token=t1'), '#view=search');
});

test('a renewal is accepted only from the parent window, with the agreed type and a token', () => {
  const parent = {};
  const own = {};
  const message = (source, data) => ({ source, data });
  assert.equal(renewedToken(message(parent, { type: TOKEN_MESSAGE, token: 'new' }), parent, own), 'new');
  assert.equal(renewedToken(message({}, { type: TOKEN_MESSAGE, token: 'evil' }), parent, own), null, 'another window');
  assert.equal(renewedToken(message(parent, { type: 'other', token: 'x' }), parent, own), null);
  assert.equal(renewedToken(message(parent, { type: TOKEN_MESSAGE, token: 42 }), parent, own), null);
  assert.equal(renewedToken(message(parent, 'correlationhub.token'), parent, own), null);
  assert.equal(renewedToken(message(own, { type: TOKEN_MESSAGE, token: 'x' }), own, own), null, 'a top-level page has no parent to trust');
});

test('audio URLs carry the token as access_token', () => {
  assert.equal(withToken('http://h/api/recordings/r1/audio?segment=2', 'a b'), 'http://h/api/recordings/r1/audio?segment=2&access_token=a%20b');
  assert.equal(withToken('/api/recordings/r1/audio', 't'), '/api/recordings/r1/audio?access_token=t');
  assert.equal(withToken('/x?segment=1', null), '/x?segment=1');
});

test('sign-in comes back to the same path and query', () => {
  assert.equal(signInUrl({ pathname: '/', search: '?team=5' }), 'signin.html?returnUrl=%2F%3Fteam%3D5');
});

test('the connection indicator: live, stale when nothing came for a while, reconnecting, disconnected', () => {
  const now = 1_000_000;
  assert.deepEqual([connectionView('live', now - 1000, now).className, connectionView('live', now - 1000, now).stale], ['connected', false]);
  const stale = connectionView('live', now - STALE_AFTER_MS - 1, now);
  assert.deepEqual([stale.className, stale.stale], ['stale', true]);
  assert.match(stale.text, /no update for 15 s/);
  assert.equal(connectionView('reconnecting', now - 5000, now).className, 'reconnecting');
  assert.match(connectionView('disconnected', now - 5000, now).text, /^Disconnected, retrying — data from /);
  assert.equal(connectionView('connecting', null, now).text, 'Connecting…');
});

test('renders coalesce: many marks before a frame make one render with every row and note', () => {
  const frames = [];
  const renders = [];
  const queue = createRenderQueue((batch) => renders.push(batch), (fn) => frames.push(fn));
  queue.mark({ agents: ['a1'] }, [{ serverTime: 't1', changedAt: [] }]);
  queue.mark({ agents: ['a2', 'a1'], unmatched: ['r#1'] }, [{ serverTime: 't2', changedAt: [] }]);
  assert.equal(frames.length, 1, 'one frame requested');
  assert.equal(renders.length, 0, 'nothing drawn before the frame');
  frames.shift()();
  assert.deepEqual([[...renders[0].agents], [...renders[0].unmatched], renders[0].notes.map((n) => n.serverTime), renders[0].full], [['a1', 'a2'], ['r#1'], ['t1', 't2'], false]);
  queue.mark({ full: true });
  frames.shift()();
  assert.equal(renders[1].full, true);
  assert.equal(renders[1].agents.size, 0, 'a new batch after the frame');
});
