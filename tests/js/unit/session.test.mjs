// The gadget's session: a token from POST /api/agent-session, reused, renewed at 75 % of its life, forgotten on
// 401, and a refused credential shown and not hammered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gadget } from '../support/gadget-modules.mjs';

const { Session } = gadget('session');

function setup(answers) {
  const clock = { ms: 0 };
  const posts = [];
  let auth = 'Basic MDEyMzQ1OnNlY3JldA==';
  const states = [];
  const session = new Session({
    username: '012345', extension: '61001', now: () => clock.ms,
    authHeader: () => auth,
    post: (body, headers) => { posts.push({ body, headers }); return Promise.resolve(answers.shift()); },
    onState: (s, d) => states.push([s, d]),
  });
  return { clock, posts, states, session, setAuth: (a) => { auth = a; } };
}

const ok = (token) => ({ status: 200, json: { token, expiresInSeconds: 100, username: '012345', extension: '61001' } });

test('a token is asked for once, reused, and renewed at 75 % of its lifetime with the current credential', async () => {
  const s = setup([ok('t1'), ok('t2')]);
  assert.equal(await s.session.getToken(), 't1');
  assert.deepEqual(s.posts[0].body, { username: '012345', extension: '61001', purpose: 'collector' });
  assert.equal(s.posts[0].headers.Authorization, 'Basic MDEyMzQ1OnNlY3JldA==');
  s.clock.ms = 74999;
  assert.equal(await s.session.getToken(), 't1');
  s.setAuth('Bearer sso-token-renewed');
  s.clock.ms = 75000;
  assert.equal(await s.session.getToken(), 't2');
  assert.equal(s.posts[1].headers.Authorization, 'Bearer sso-token-renewed');
  assert.equal(s.session.state, 'active');
});

test('a 401 from the hub or the fallback makes the next call ask again', async () => {
  const s = setup([ok('t1'), ok('t2')]);
  await s.session.getToken();
  s.session.invalidate();
  assert.equal(await s.session.getToken(), 't2');
});

test('a refused credential is shown with the backend\'s reason and not retried for a minute', async () => {
  const s = setup([{ status: 401, json: { detail: "Finesse did not accept the agent's credential." } }, ok('t1')]);
  await assert.rejects(s.session.getToken(), (e) => e.refused === true);
  assert.equal(s.session.state, 'refused');
  assert.match(s.session.detail, /Finesse did not accept the agent's credential\. \(401\)/);
  s.clock.ms = 59000;
  await assert.rejects(s.session.getToken());
  assert.equal(s.posts.length, 1, 'no request while refused');
  s.clock.ms = 60001;
  assert.equal(await s.session.getToken(), 't1');
});
