// Gadget identity on the real host: POST /api/agent-session in Finesse mode (each node tried, fast timeouts, a
// brief cache, a wrong password not multiplied), tokens bound to username and extension on the hub and the
// fallback, CORS for the Finesse origins only, SharedSecret mode.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import * as signalR from '@microsoft/signalr';
import { FakeFinesse } from './finesse/fake-finesse.mjs';
import { startBackend } from './support/backend.mjs';

let nodeA;
let nodeB;
let blackHole;
let closedPort;
let backend;
const sockets = [];

const basic = (id, password) => `Basic ${Buffer.from(`${id}:${password}`).toString('base64')}`;

async function session(body, authorization, extraHeaders = {}, base = backend.url) {
  const response = await fetch(`${base}/api/agent-session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(authorization ? { Authorization: authorization } : {}), ...extraHeaders },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json(), headers: response.headers };
}

before(async () => {
  nodeA = await FakeFinesse.start();
  nodeB = await FakeFinesse.start();
  for (const node of [nodeA, nodeB]) {
    node.addUser({ id: '012345', password: 'pw', extension: '61001', teamId: '5002' });
    node.addUser({ id: 'jdoe', password: 'pw2', extension: '61010', ssoToken: 'sso-access-token-1' });
  }
  // A node that accepts connections and never answers, and a port where nothing listens.
  blackHole = createServer((socket) => sockets.push(socket));
  await new Promise((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = probe.address().port;
  await new Promise((resolve) => probe.close(resolve));
  backend = await startBackend([
    `--Finesse:Servers:0=http://127.0.0.1:${closedPort}`,
    `--Finesse:Servers:1=http://127.0.0.1:${blackHole.address().port}`,
    `--Finesse:Servers:2=${nodeA.url}`,
    `--Finesse:Servers:3=${nodeB.url}`,
    '--Finesse:VerifyTimeout=00:00:00.500',
  ]);
});

after(async () => {
  await backend?.dispose();
  sockets.forEach((s) => s.destroy());
  blackHole?.close();
  await nodeA?.close();
  await nodeB?.close();
});

test('Finesse mode: dead and silent nodes are skipped quickly; the first node that answers proves the agent', async () => {
  const started = Date.now();
  const answer = await session({ username: '012345', extension: '61001' }, basic('012345', 'pw'));
  assert.equal(answer.status, 200, JSON.stringify(answer.json));
  assert.ok(Date.now() - started < 4000, `took ${Date.now() - started} ms`);
  assert.deepEqual([answer.json.username, answer.json.extension, answer.json.kind, answer.json.authMode, answer.json.teamId], ['012345', '61001', 'agent', 'Finesse', '5002']);
  assert.ok(answer.json.token.length > 40);
  assert.ok(answer.json.expiresInSeconds > 1700 && answer.json.expiresInSeconds <= 1800);
  assert.equal(answer.headers.get('cache-control'), 'no-store');
  assert.equal(nodeA.userGets, 1);
  assert.equal(nodeB.userGets, 0);
});

test('a repeated check within the cache time costs Finesse nothing; another credential is checked again', async () => {
  const before = nodeA.userGets;
  assert.equal((await session({ username: '012345', extension: '61001' }, basic('012345', 'pw'))).status, 200);
  assert.equal(nodeA.userGets, before);
  assert.equal((await session({ username: '012345', extension: '61001' }, basic('012345', 'wrong'))).status, 401);
  assert.equal(nodeA.userGets, before + 1);
});

test('a wrong password is refused after one Finesse request (no lockout multiplied across nodes)', async () => {
  const [a, b] = [nodeA.userGets, nodeB.userGets];
  const answer = await session({ username: '012345', extension: '61001' }, basic('012345', 'nope'));
  assert.equal(answer.status, 401);
  assert.deepEqual([answer.json.reason, answer.json.detail], ['credential_refused', "Finesse did not accept the agent's credential."]);
  assert.deepEqual([nodeA.userGets - a, nodeB.userGets - b], [1, 0]);
});

test('the credential must be the agent\'s own, on the extension it signed in with; SSO bearer tokens work too', async () => {
  assert.equal((await session({ username: '012345', extension: '61099' }, basic('012345', 'pw'))).json.reason, 'extension_mismatch');
  assert.equal((await session({ username: '012345', extension: '61001' }, basic('jdoe', 'pw2'))).status, 401, 'another agent\'s credential');
  assert.equal((await session({ username: '012345', extension: '61001' })).json.reason, 'credential_missing');
  assert.equal((await session({ username: 'jdoe', extension: '61010' }, 'Bearer sso-access-token-1')).status, 200);
  const invalid = await session({ username: '012345' }, basic('012345', 'pw'));
  assert.deepEqual([invalid.status, invalid.json.field], [400, 'extension']);
});

async function hub(token) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(`${backend.url}/hubs/agent`, { accessTokenFactory: () => token, transport: signalR.HttpTransportType.WebSockets })
    .configureLogging(signalR.LogLevel.None)
    .build();
  await connection.start();
  return connection;
}

const heartbeat = (username, extension) => ({ action: 'heartbeat', username, extension, eventId: crypto.randomUUID() });

test('the hub takes a collector token and refuses events for another agent or extension', async () => {
  const { json } = await session({ username: '012345', extension: '61001' }, basic('012345', 'pw'));
  const connection = await hub(json.token);
  try {
    const welcome = await connection.invoke('Register', { username: '012345', extension: '61001' });
    assert.equal(welcome.heartbeatSeconds, 30);
    const ack = await connection.invoke('Publish', heartbeat('012345', '61001'));
    assert.equal(ack.accepted, true);
    await assert.rejects(connection.invoke('Publish', heartbeat('099999', '61001')), /Refused event: username: does not match the session/);
    await assert.rejects(connection.invoke('Publish', heartbeat('012345', '61002')), /Refused event: extension: does not match the session/);
    await assert.rejects(connection.invoke('Register', { username: '099999', extension: '61001' }), /Refused registration: username/);
  } finally {
    await connection.stop();
  }
  await assert.rejects(hub('not-a-token'), /401/);
  await assert.rejects(hub(''), /401/);
});

test('the fallback takes the token as Authorization: Bearer and refuses another agent with 403 naming the field', async () => {
  const { json } = await session({ username: '012345', extension: '61001' }, basic('012345', 'pw'));
  const post = (body, token) => fetch(`${backend.url}/api/agent-events`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body),
  });
  assert.equal((await post([heartbeat('012345', '61001')], json.token)).status, 202);
  const refused = await post([heartbeat('012345', '61001'), heartbeat('012345', '61777')], json.token);
  assert.equal(refused.status, 403);
  assert.equal((await refused.json()).field, '[1].extension');
  assert.equal((await post([heartbeat('012345', '61001')])).status, 401);
  assert.equal((await post([heartbeat('012345', '61001')], `${json.token}x`)).status, 401);
});

test('CORS answers the Finesse nodes\' origins only', async () => {
  const preflight = (origin) => fetch(`${backend.url}/api/agent-session`, {
    method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
  });
  const allowed = await preflight(nodeA.url);
  assert.equal(allowed.headers.get('access-control-allow-origin'), nodeA.url);
  assert.equal(allowed.headers.get('access-control-allow-credentials'), null);
  const other = await preflight('http://127.0.0.9:8445');
  assert.equal(other.headers.get('access-control-allow-origin'), null);
  const negotiate = await fetch(`${backend.url}/hubs/agent/negotiate?negotiateVersion=1`, { method: 'OPTIONS', headers: { Origin: nodeB.url, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,x-requested-with,x-signalr-user-agent' } });
  assert.equal(negotiate.headers.get('access-control-allow-origin'), nodeB.url);
});

test('no Finesse node answering: 503 with Retry-After, the gadget retries', async () => {
  const lonely = await startBackend([`--Finesse:Servers:0=http://127.0.0.1:${closedPort}`]);
  try {
    const answer = await session({ username: '012345', extension: '61001' }, basic('012345', 'pw'), {}, lonely.url);
    assert.deepEqual([answer.status, answer.json.reason, answer.headers.get('retry-after')], [503, 'finesse_unavailable', '10']);
  } finally {
    await lonely.dispose();
  }
});

test('SharedSecret mode: the configured secret buys a bound token; no secret, no token; no map sessions', async () => {
  const shared = await startBackend(['--Auth:Mode=SharedSecret', '--Auth:SharedSecret=correct horse battery staple']);
  try {
    const ok = await session({ username: '012345', extension: '61001' }, basic('012345', 'pw'), { 'X-CorrelationHub-Secret': 'correct horse battery staple' }, shared.url);
    assert.deepEqual([ok.status, ok.json.authMode, ok.json.kind], [200, 'SharedSecret', 'agent']);
    const wrong = await session({ username: '012345', extension: '61001' }, 'Bearer guessed', {}, shared.url);
    assert.deepEqual([wrong.status, wrong.json.reason], [401, 'secret_refused']);
    const map = await session({ username: '012345', purpose: 'map' }, 'Bearer correct horse battery staple', {}, shared.url);
    assert.deepEqual([map.status, map.json.reason], [403, 'not_supervisor']);
  } finally {
    await shared.dispose();
  }
});
