// Team scoping of /hubs/map with Access:Mode=Accounts and Finesse identity (a fake Finesse node): a supervisor's map
// token receives only its teams' agents (snapshot and deltas), an agent leaving the team is removed from its view,
// an API key sees every team, a collector's token may not read; and the map page inside a gadget frame takes the
// token from the fragment, drops it from the URL, sends it on audio, and takes renewals only from its parent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as signalR from '@microsoft/signalr';
import { FakeFinesse } from './finesse/fake-finesse.mjs';
import { startBackend, eventually, API_KEY } from './support/backend.mjs';
import { launchBrowser } from './tools/browser.mjs';
import { events, sippCucmCall, screenshots } from './support/map-support.mjs';

let finesse;
let backend;
let context;
const readers = [];

async function publish(...list) {
  const response = await fetch(`${backend.url}/api/agent-events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Api-Key': API_KEY },
    body: JSON.stringify(list.map((e) => ({ eventId: crypto.randomUUID(), clientTime: new Date().toISOString(), clientDriftMs: 0, ...e }))),
  });
  if (response.status !== 202) assert.fail(`agent events: ${response.status} ${await response.text()}`);
}

async function sessionToken(id, password, purpose) {
  const response = await fetch(`${backend.url}/api/agent-session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Basic ${Buffer.from(`${id}:${password}`).toString('base64')}` },
    body: JSON.stringify(purpose === 'map' ? { username: id, purpose } : { username: id, extension: '61007', purpose }),
  });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return JSON.parse(text).token;
}

/** A map reader over the npm SignalR client: its snapshot and every delta it receives. */
async function mapReader(options) {
  const connection = new signalR.HubConnectionBuilder().withUrl(`${backend.url}/hubs/map`, options).configureLogging(signalR.LogLevel.None).build();
  const deltas = [];
  connection.on('Delta', (delta) => deltas.push(delta));
  connection.on('Tick', () => {});
  await connection.start();
  readers.push(connection);
  const snapshot = await connection.invoke('Subscribe');
  return { snapshot, deltas, connection };
}

const usernames = (agents) => agents.map((a) => a.username).sort();

before(async () => {
  finesse = await FakeFinesse.start();
  finesse.addUser({ id: 'sup1', password: 'pw-sup1', extension: '61090', roles: ['Agent', 'Supervisor'], teamId: '5002', teamName: 'Billing', supervisedTeams: [{ id: '5002', name: 'Billing' }] });
  finesse.addUser({ id: 'agent7', password: 'pw-agent7', extension: '61007' });
  backend = await startBackend([`--Finesse:Servers:0=${finesse.url}`]);
  context = await launchBrowser();
  await publish(
    events.login('a1', '61001', { firstName: 'Ann', lastName: 'Able', teamId: '5002', teamName: 'Billing' }),
    events.login('a2', '61002', { firstName: 'Art', lastName: 'Apple', teamId: '5002', teamName: 'Billing' }),
    events.login('b1', '61003', { firstName: 'Ben', lastName: 'Baker', teamId: '5003', teamName: 'Collections' }));
  await eventually(async () => (await backend.api('/api/agents')).length, (n) => n === 3, 'three agents signed in');
});

after(async () => {
  for (const reader of readers) await reader.stop();
  await context?.close();
  await backend?.dispose();
  await finesse?.close();
});

test('a supervisor\'s map token sees only its team: in the snapshot, in the deltas, and an agent who leaves it is removed', async () => {
  const token = await sessionToken('sup1', 'pw-sup1', 'map');
  const reader = await mapReader({ accessTokenFactory: () => token });
  assert.deepEqual(reader.snapshot.scope, { all: false, teams: ['5002'] });
  assert.deepEqual(usernames(reader.snapshot.agents), ['a1', 'a2']);

  await publish(events.state('b1', '61003', 'READY'));
  await publish(events.state('a1', '61001', 'READY'));
  await eventually(async () => reader.deltas, (d) => d.some((x) => x.agents.some((a) => a.username === 'a1' && a.state === 'READY')), 'the delta for a1');
  assert.ok(reader.deltas.every((d) => d.agents.every((a) => a.teamId === '5002')), JSON.stringify(reader.deltas));
  assert.ok(reader.deltas.every((d, i) => i === 0 ? d.from === reader.snapshot.version : d.from === reader.deltas[i - 1].to), 'deltas follow on');

  await publish(events.login('a2', '61002', { firstName: 'Art', lastName: 'Apple', teamId: '5003', teamName: 'Collections' }));
  await eventually(async () => reader.deltas, (d) => d.some((x) => x.removed.includes('a2')), 'a2 removed from the team view');
  assert.ok(!reader.deltas.some((d) => d.agents.some((a) => a.username === 'a2' && a.teamId === '5003')), 'the moved agent\'s new row is not sent');
});

test('an API key sees every team; a collector\'s agent token may not read the map', async () => {
  const machine = await mapReader({ headers: { 'X-Api-Key': API_KEY }, transport: signalR.HttpTransportType.LongPolling });
  assert.equal(machine.snapshot.scope.all, true);
  assert.deepEqual(usernames(machine.snapshot.agents), ['a1', 'a2', 'b1']);

  const agentToken = await sessionToken('agent7', 'pw-agent7', 'collector');
  await assert.rejects(mapReader({ accessTokenFactory: () => agentToken }), /403/);
  await assert.rejects(mapReader({}), /401/);
});

test('in the gadget frame: the token leaves the URL, only the team shows, audio carries the token, renewals only from the parent', async () => {
  const token = await sessionToken('sup1', 'pw-sup1', 'map');
  const page = await context.newPage();
  await page.setViewportSize({ width: 800, height: 640 });
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const api = [];
  page.on('request', (request) => {
    if (request.url().startsWith(`${backend.url}/api/`)) api.push({ url: request.url(), auth: request.headers().authorization, marker: request.headers()['x-correlationhub-request'] });
  });
  const bearer = (value) => `Bearer ${value}`;
  // The parent is a page of the Finesse node, as in the desktop: the map's frame-ancestors policy names that origin.
  await page.goto(`${finesse.url}/`);
  await page.setContent(`<iframe id="map" title="map" src="${backend.url}/#access_token=${encodeURIComponent(token)}" style="border:0;width:100%;height:620px"></iframe>`);
  const frame = await eventually(async () => page.frames().find((f) => f.url().startsWith(backend.url)), Boolean, 'the map frame');
  await frame.waitForSelector('#connection.connected', { timeout: 30000 });
  assert.equal(await frame.evaluate(() => location.hash), '', 'the token is gone from the address');
  const first = api.find((r) => r.url.includes('/api/auth/me'));
  assert.deepEqual([first.auth, first.marker], [bearer(token), '1'], 'the first request already carries the token and the marker header');
  assert.ok(api.every((r) => r.auth === bearer(token) && r.marker === '1' && !r.url.includes('access_token')), JSON.stringify(api));
  assert.deepEqual(await frame.evaluate(() => [...document.querySelectorAll('#agents tbody tr')].map((r) => r.dataset.username)), ['a1']);
  assert.equal(await frame.textContent('#scope'), 'Teams: Billing');

  // A call of a1, recorded by sipp, in the frame's detail: the audio URL carries the token and the file loads.
  await publish(events.state('a1', '61001', 'TALKING'), events.dialog('a1', '61001', '16798410', 'added', 'ACTIVE'));
  await frame.waitForSelector('tr[data-username="a1"] .call[data-dialog-id="16798410"]');
  const call = await sippCucmCall(backend);
  assert.equal((await call.exit).code, 0);
  await frame.waitForSelector('tr[data-username="a1"] .rec[data-dialog-id="16798410"][data-status="linked"]', { timeout: 30000 });
  await page.screenshot({ path: join(screenshots, 'map-gadget-800x640.png') });
  await frame.click('tr[data-username="a1"] .rec[data-dialog-id="16798410"] button');
  await frame.waitForSelector('#detail .segment audio', { state: 'attached' });
  const audio = await frame.evaluate(async () => {
    const element = document.querySelector('#detail .segment audio');
    if (element.readyState < 1) await new Promise((resolve, reject) => { element.onloadedmetadata = resolve; element.onerror = () => reject(new Error('audio error')); });
    return { src: element.src, duration: element.duration };
  });
  assert.ok(new URL(audio.src).searchParams.get('access_token') === token, audio.src);
  assert.ok(audio.duration > 2, `duration ${audio.duration}`);
  const withoutToken = await fetch(audio.src.replace(/[?&]access_token=[^&]+/, ''));
  assert.equal(withoutToken.status, 401, 'the audio is not served without the token');

  // A message the frame posts to itself is refused: the next request still carries the first token. The parent's
  // renewal is taken: the requests after it carry the new one.
  const renewed = await sessionToken('sup1', 'pw-sup1', 'map');
  assert.notEqual(renewed, token);
  await frame.evaluate(() => window.postMessage({ type: 'correlationhub.token', token: 'forged-by-the-frame-itself' }, '*'));
  const afterForged = api.length;
  await frame.click('#tab-compliance');
  const [refused] = await eventually(async () => api.slice(afterForged).filter((r) => r.url.includes('/api/metrics/compliance')), (list) => list.length > 0, 'a request after the forged message');
  assert.equal(refused.auth, bearer(token));
  const before = api.length;
  await page.evaluate(({ value, origin }) => document.getElementById('map').contentWindow.postMessage({ type: 'correlationhub.token', token: value }, origin), { value: renewed, origin: backend.url });
  await eventually(async () => api.slice(before), (list) => list.some((r) => r.auth === bearer(renewed)), 'a request with the renewed token');
  await frame.click('#compliance-refresh');
  await eventually(async () => api.slice(before).filter((r) => r.url.includes('/api/metrics/compliance')), (list) => list.length > 0 && list.every((r) => r.auth === bearer(renewed)), 'the figures read with the renewed token');
  await frame.waitForFunction(() => /Billing/.test(document.querySelector('#compliance-table tbody').textContent), null, { timeout: 10000 });
  assert.deepEqual(problems, []);
  await page.close();
});
