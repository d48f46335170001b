// Access in real Chromium against the real host (Access:Mode=Accounts): an unauthenticated visitor is sent to the
// sign-in page; accounts made with the product's command line sign in through signin.html (keyboard only); a
// supervisor of another team gets no agents; a Finesse supervisor's map token from the map gadget reads only the
// supervised teams, and the map page loads inside the Finesse desktop's frame.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { FakeFinesse } from './finesse/fake-finesse.mjs';
import { startBackend, eventually, API_KEY } from './support/backend.mjs';
import { launchBrowser, openDesktop, gadgetFrame } from './support/desktop.mjs';
import { repoRoot } from './support/gadget-modules.mjs';

let finesse;
let backend;
let context;

async function account(username, password, ...options) {
  const result = await backend.cli(['accounts', 'add', username, ...options], `${password}\n`);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
}

async function publish(events) {
  const response = await fetch(`${backend.url}/api/agent-events`, {
    method: 'POST', headers: { 'X-Api-Key': API_KEY, 'Content-Type': 'application/json' }, body: JSON.stringify(events),
  });
  assert.equal(response.status, 202, await response.text());
}

before(async () => {
  finesse = await FakeFinesse.start();
  backend = await startBackend([`--Finesse:Servers:0=${finesse.url}`]);
  context = await launchBrowser();
  const login = (username, extension, teamId, teamName) => ({ action: 'login', username, extension, firstName: 'Agent', lastName: username, teamId, teamName, eventId: crypto.randomUUID() });
  await publish([login('012345', '61001', '5002', 'Billing'), login('012346', '61002', '5003', 'Collections')]);
  await eventually(() => backend.api('/api/agents'), (agents) => agents.length === 2, 'both agents');
  await account('sup.billing', 'staple of the billing team', '--role', 'supervisor', '--teams', '5002', '--name', 'Ann Billing');
  await account('sup.elsewhere', 'a supervisor of team 5099', '--role', 'supervisor', '--teams', '5099');
});

after(async () => {
  await context?.close();
  await backend?.dispose();
  await finesse?.close();
});

const agentsSeenByPage = (page) => page.evaluate(async () => {
  const response = await fetch('/api/agents', { credentials: 'same-origin' });
  return { status: response.status, usernames: response.ok ? (await response.json()).map((a) => a.username) : null };
});

async function signIn(page, username, password) {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.keyboard.press('Enter');
}

test('an unauthenticated visitor is sent to sign-in, and a supervisor signs in through the page and sees their team only', async () => {
  const page = await context.newPage();
  await page.goto(`${backend.url}/`);
  assert.equal(page.url(), `${backend.url}/signin.html?returnUrl=%2F`);
  assert.equal(await page.title(), 'CorrelationHub — sign in');
  assert.deepEqual(await agentsSeenByPage(page), { status: 401, usernames: null });
  mkdirSync(join(repoRoot, 'tests', 'js', 'screenshots'), { recursive: true });
  await page.screenshot({ path: join(repoRoot, 'tests', 'js', 'screenshots', 'signin.png') });

  await signIn(page, 'sup.billing', 'not the password at all');
  await page.getByRole('alert').filter({ hasText: 'Unknown username or wrong password.' }).waitFor();
  assert.equal(await page.getByLabel('Password').inputValue(), '');
  assert.ok(page.url().includes('/signin.html'));

  await signIn(page, 'sup.billing', 'staple of the billing team');
  await page.waitForURL(`${backend.url}/`);
  assert.deepEqual(await agentsSeenByPage(page), { status: 200, usernames: ['012345'] });
  const me = await page.evaluate(async () => (await fetch('/api/auth/me')).json());
  assert.deepEqual([me.username, me.displayName, me.via, me.teams, me.allTeams], ['sup.billing', 'Ann Billing', 'account', ['5002'], false]);
  const cookies = await context.cookies(backend.url);
  const session = cookies.find((c) => c.name === 'CorrelationHub.Session');
  assert.deepEqual([session.httpOnly, session.sameSite], [true, 'Strict']);
  assert.equal(await page.evaluate(() => document.cookie.includes('CorrelationHub.Session')), false, 'scripts cannot read the cookie');

  const signOut = await page.evaluate(async () => (await fetch('/api/auth/sign-out', { method: 'POST', headers: { 'X-CorrelationHub-Request': '1' } })).status);
  assert.equal(signOut, 204);
  assert.deepEqual(await agentsSeenByPage(page), { status: 401, usernames: null });
  await page.close();
});

test('a supervisor of another team gets no agents, and the return address stays on this server', async () => {
  const page = await context.newPage();
  await page.goto(`${backend.url}/signin.html?returnUrl=${encodeURIComponent('https://evil.example/steal')}`);
  await signIn(page, 'sup.elsewhere', 'a supervisor of team 5099');
  await page.waitForURL(`${backend.url}/`);
  assert.deepEqual(await agentsSeenByPage(page), { status: 200, usernames: [] });
  const calls = await page.evaluate(async () => (await fetch('/api/calls')).json());
  assert.deepEqual(calls, []);
  // Signed in already: the sign-in page goes straight on to a local return address.
  await page.goto(`${backend.url}/signin.html?returnUrl=${encodeURIComponent('/index.html?x=1')}`);
  await page.waitForURL(`${backend.url}/index.html?x=1`);
  await page.close();
});

test('the map gadget\'s Finesse supervisor token reads only the supervised teams, and the map page loads in the desktop frame', async () => {
  const id = '012399';
  finesse.addUser({ id, password: 'pw-sup', extension: '61099', roles: ['Agent', 'Supervisor'], supervisedTeams: [{ id: '5003', name: 'Collections' }] });
  const page = await openDesktop(context, finesse.desktopUrl(id, { password: 'pw-sup', gadgets: [`${backend.url}/gadget/CorrelationHubMap.xml`] }));
  const frame = await gadgetFrame(page);
  const src = await eventually(() => frame.evaluate(() => document.getElementById('correlationhub-map').getAttribute('src') || ''), (s) => s.includes('#access_token='), 'the map session');
  const token = decodeURIComponent(src.split('#access_token=')[1]);

  const agents = await (await fetch(`${backend.url}/api/agents`, { headers: { Authorization: `Bearer ${token}` } })).json();
  assert.deepEqual(agents.map((a) => a.username), ['012346']);
  const me = await (await fetch(`${backend.url}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } })).json();
  assert.deepEqual([me.username, me.via, me.roles, me.teams], [id, 'finesse', ['supervisor'], ['5003']]);
  const negotiate = await fetch(`${backend.url}/hubs/map/negotiate?negotiateVersion=1&access_token=${encodeURIComponent(token)}`, { method: 'POST' });
  assert.equal(negotiate.status, 200);
  assert.equal((await fetch(`${backend.url}/api/agents?access_token=${encodeURIComponent(token)}`)).status, 401, 'no token in the URL outside /hubs and audio');

  // frame-ancestors names the Finesse node, so Chromium renders the page inside the desktop's gadget frame.
  const mapFrame = await eventually(async () => page.frames().find((f) => f.url().startsWith(`${backend.url}/`)), Boolean, 'the map page frame');
  await mapFrame.waitForSelector('#agents', { timeout: 30000 });
  assert.equal(await mapFrame.title(), 'CorrelationHub — live map');
  await page.close();
});
