// The map gadget in the supervisor layout: a map session for a Finesse supervisor carries the supervised teams;
// an agent without the Supervisor role is refused, and says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { FakeFinesse } from './finesse/fake-finesse.mjs';
import { startBackend, eventually } from './support/backend.mjs';
import { launchBrowser, openDesktop, gadgetFrame } from './support/desktop.mjs';

let finesse;
let backend;
let context;

before(async () => {
  finesse = await FakeFinesse.start();
  backend = await startBackend([`--Finesse:Servers:0=${finesse.url}`, '--Access:Mode=Open']);
  context = await launchBrowser();
});

after(async () => {
  await context?.close();
  await backend?.dispose();
  await finesse?.close();
});

const mapStatus = (frame) => frame.evaluate(() => {
  const status = document.getElementById('correlationhub-status');
  const map = document.getElementById('correlationhub-map');
  return { text: status.textContent, session: status.dataset.session, src: map.getAttribute('src') || '' };
});

test('a supervisor gets a map session with the supervised teams, and the map page in the gadget', async () => {
  const id = '012399';
  finesse.addUser({ id, password: 'pw-sup', extension: '61099', roles: ['Agent', 'Supervisor'], supervisedTeams: [{ id: '5002', name: 'Billing' }, { id: '5003', name: 'Collections' }] });
  const page = await openDesktop(context, finesse.desktopUrl(id, { password: 'pw-sup', gadgets: [`${backend.url}/gadget/CorrelationHubMap.xml`] }));
  const frame = await gadgetFrame(page);
  const shown = await eventually(() => mapStatus(frame), (s) => s.session === 'active', 'the map session');
  assert.equal(shown.text, 'CorrelationHub map for 2 team(s)');
  assert.ok(shown.src.startsWith(`${backend.url}/#access_token=`), shown.src);
  const token = decodeURIComponent(shown.src.split('#access_token=')[1]);

  const session = await (await fetch(`${backend.url}/api/agent-session`, { headers: { Authorization: `Bearer ${token}` } })).json();
  assert.deepEqual(
    [session.username, session.kind, session.authMode, session.roles, session.teamId, session.supervisedTeams],
    [id, 'supervisor', 'Finesse', ['Agent', 'Supervisor'], '5002', ['5002', '5003']]);
  const publish = await fetch(`${backend.url}/api/agent-events`, {
    method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ action: 'heartbeat', username: id, extension: '61099' }),
  });
  assert.equal(publish.status, 403, 'a map session cannot publish agent events');

  const mapFrame = await eventually(async () => page.frames().find((f) => f.url().startsWith(`${backend.url}/`)), Boolean, 'the map page frame');
  await mapFrame.waitForSelector('#connection.connected', { timeout: 30000 });
  await page.close();
});

test('an agent without the Supervisor role is refused the map, and the gadget says why', async () => {
  const id = '012351';
  finesse.addUser({ id, password: 'pw-agent', extension: '61007' });
  const page = await openDesktop(context, finesse.desktopUrl(id, { password: 'pw-agent', gadgets: [`${backend.url}/gadget/CorrelationHubMap.xml`] }));
  const frame = await gadgetFrame(page);
  const shown = await eventually(() => mapStatus(frame), (s) => s.session === 'refused', 'the refusal');
  assert.equal(shown.text, 'CorrelationHub map refused: The map gadget is for Finesse supervisors. (403)');
  assert.equal(shown.src, '');
  await page.close();
});
