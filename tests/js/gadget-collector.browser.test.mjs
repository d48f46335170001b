// The collector gadget in real Chromium, inside the Finesse stand-in desktop, against the real CorrelationHub host
// (Auth:Mode=Finesse, verifying against the fake Finesse node). Asserts on what the backend stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { FakeFinesse } from './finesse/fake-finesse.mjs';
import { startBackend, eventually } from './support/backend.mjs';
import { launchBrowser, openDesktop, gadgetFrame, status, delivered } from './support/desktop.mjs';

let finesse;
let backend;
let context;

before(async () => {
  finesse = await FakeFinesse.start();
  backend = await startBackend([`--Finesse:Servers:0=${finesse.url}`]);
  context = await launchBrowser();
});

after(async () => {
  await context?.close();
  await backend?.dispose();
  await finesse?.close();
});

const participantStates = (dialogId, extension) => backend.query(
  `SELECT state FROM dialog_participant_states WHERE dialog_id = '${dialogId}' AND media_address = '${extension}' ORDER BY state_change_ms`).map((r) => r.state);

test('login, an inbound call with hold and resume, and logout reach the backend in order, once each', async () => {
  const id = '012345';
  finesse.addUser({ id, password: 'pw-012345', extension: '61001', firstName: 'Bob', lastName: 'Bobster', teamId: '5002', teamName: 'Billing' });
  const problems = [];
  const page = await openDesktop(context, finesse.desktopUrl(id, { password: 'pw-012345', gadgets: [`${backend.url}/gadget/CorrelationHub.xml`] }), problems);
  const frame = await gadgetFrame(page);
  await eventually(() => status(frame), (s) => s?.hub === 'connected' && s.session === 'active', 'the collector to connect');
  assert.match((await status(frame)).text, /CorrelationHub connected \(websocket\)/);

  await delivered(frame, 2, 'login and first state');
  const agent = await backend.agent(id);
  assert.deepEqual([agent.firstName, agent.lastName, agent.extension, agent.teamId, agent.teamName, agent.loggedIn, agent.state], ['Bob', 'Bobster', '61001', '5002', 'Billing', true, 'NOT_READY']);

  const steps = [
    () => finesse.setUserState(id, 'READY'),
    () => finesse.setUserState(id, 'RESERVED'),
    () => finesse.offerCall(id, { dialogId: '16798406' }),
    () => finesse.callData(id, '16798406'),
    () => finesse.answer(id, '16798406'),
    () => finesse.setUserState(id, 'TALKING'),
    () => finesse.hold(id, '16798406'),
    () => finesse.setUserState(id, 'HOLD'),
    () => finesse.retrieve(id, '16798406'),
    () => finesse.setUserState(id, 'TALKING'),
    () => finesse.hangUp(id, '16798406'),
    () => finesse.setUserState(id, 'WORK_READY'),
    () => finesse.setUserState(id, 'READY'),
  ];
  let raised = 2;
  for (const step of steps) {
    step();
    raised += step === steps[10] ? 2 : 1; // the hang-up is a change (DROPPED) and a removal
    await delivered(frame, raised);
  }
  assert.deepEqual(participantStates('16798406', '61001'), ['ALERTING', 'ACTIVE', 'HELD', 'ACTIVE', 'DROPPED']);
  const csv = await backend.api('/api/calls/export?format=csv&username=012345');
  const row = csv.split('\r\n').find((line) => line.startsWith('16798406,'));
  assert.ok(row, csv);
  assert.match(row, /^16798406,012345,Bob Bobster,61001,PREROUTE_ACD_IN,\+353858712345,61001,\d{4}-\d\d-\d\dT[^,]+Z,\d{4}-\d\d-\d\dT[^,]+Z,/);

  finesse.signOut(id);
  await delivered(frame, raised + 2);
  const gone = await backend.agent(id);
  assert.deepEqual([gone.loggedIn, gone.state, gone.dialogs.length], [false, 'LOGOUT', 0]);

  const stored = backend.query(`SELECT event_id, action, payload FROM agent_events WHERE username = '${id}' ORDER BY id`);
  const summary = stored.map((e) => {
    const p = JSON.parse(e.payload);
    return p.action === 'state' ? `state:${p.state}` : p.action === 'dialog' ? `dialog:${p.change}:${p.dialog.participants.find((x) => x.mediaAddress === '61001').state}` : p.action;
  });
  assert.deepEqual(summary, [
    'login', 'state:NOT_READY', 'state:READY', 'state:RESERVED', 'dialog:added:ALERTING', 'dialog:updated:ALERTING',
    'dialog:updated:ACTIVE', 'state:TALKING', 'dialog:updated:HELD', 'state:HOLD', 'dialog:updated:ACTIVE', 'state:TALKING',
    'dialog:updated:DROPPED', 'dialog:removed:DROPPED', 'state:WORK_READY', 'state:READY', 'state:LOGOUT', 'logout',
  ]);
  assert.equal(new Set(stored.map((e) => e.event_id)).size, stored.length);
  const ringing = JSON.parse(stored[4].payload).dialog;
  assert.deepEqual(ringing.participants.find((p) => p.mediaAddress === '61001').actions, ['ANSWER'], 'one action: a string in finesse.js');
  assert.equal(ringing.mediaProperties.callVariable1, undefined, 'call data not there yet when the call is offered');
  const withData = JSON.parse(stored[5].payload);
  assert.deepEqual([withData.dialog.mediaProperties.callVariable1, withData.dialog.mediaProperties.callVariable2, withData.dialog.mediaProperties['user.CustomerTier']], ['ACCT-778812', null, 'GOLD']);
  assert.deepEqual([withData.clientDriftMs, typeof withData.clientTime], [-250, 'string']);
  const login = JSON.parse(stored[0].payload);
  assert.deepEqual([login.teamId, login.teamName, login.extension], ['5002', 'Billing', '61001']);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a desktop reload during a call: the new collector reports the existing dialog, which fires no add', async () => {
  const id = '012346';
  finesse.addUser({ id, password: 'pw-012346', extension: '61002', firstName: 'Ann', lastName: 'Other' });
  const url = finesse.desktopUrl(id, { password: 'pw-012346', gadgets: [`${backend.url}/gadget/CorrelationHub.xml`] });
  const page = await openDesktop(context, url);
  let frame = await gadgetFrame(page);
  await delivered(frame, 2);
  finesse.setUserState(id, 'READY');
  finesse.offerCall(id, { dialogId: '16798501', callVariables: 'one' });
  await delivered(frame, 4);
  finesse.answer(id, '16798501');
  finesse.setUserState(id, 'TALKING');
  await delivered(frame, 6);
  const before = backend.query(`SELECT COUNT(*) AS n FROM agent_events WHERE username = '${id}'`)[0].n;

  await page.reload();
  frame = await gadgetFrame(page);
  await eventually(() => status(frame), (s) => s?.hub === 'connected', 'the reloaded collector to connect');
  await delivered(frame, 3, 'login, state and the existing dialog from the reloaded desktop');
  const after = backend.query(`SELECT payload FROM agent_events WHERE username = '${id}' ORDER BY id`).slice(before).map((e) => JSON.parse(e.payload));
  assert.deepEqual(after.map((e) => e.action === 'dialog' ? `dialog:${e.change}:${e.dialog.id}:${e.dialog.state}` : e.action === 'state' ? `state:${e.state}` : e.action),
    ['login', 'state:TALKING', 'dialog:added:16798501:ACTIVE']);
  assert.equal(after[2].dialog.mediaProperties.callVariable1, 'ACCT-778812', 'one CallVariable (an object in finesse.js) still flattened');
  assert.equal((await backend.agent(id)).dialogs.map((d) => d.dialogId).join(), '16798501');

  finesse.hangUp(id, '16798501');
  await delivered(frame, 5);
  assert.deepEqual(participantStates('16798501', '61002'), ['ALERTING', 'ACTIVE', 'DROPPED']);
  assert.equal((await backend.agent(id)).dialogs.length, 0);
  await page.close();
});

test('a wrong password: the session is refused, the status says why, nothing is stored', async () => {
  const id = '012348';
  finesse.addUser({ id, password: 'changed-in-active-directory', extension: '61004' });
  const page = await openDesktop(context, finesse.desktopUrl(id, { password: 'the-old-password', gadgets: [`${backend.url}/gadget/CorrelationHub.xml`] }));
  const frame = await gadgetFrame(page);
  const refused = await eventually(() => status(frame), (s) => s?.session === 'refused', 'the refusal to show');
  assert.match(refused.text, /CorrelationHub refused the session: Finesse did not accept the agent's credential\. \(401\)/);
  assert.equal(await backend.agent(id), undefined);
  assert.equal(backend.query(`SELECT COUNT(*) AS n FROM agent_events WHERE username = '${id}'`)[0].n, 0);
  await page.close();
});

test('Finesse fails over during a call: notifications are lost, the refresh after recovery is reported', async () => {
  const id = '012350';
  finesse.addUser({ id, password: 'pw-012350', extension: '61006' });
  const page = await openDesktop(context, finesse.desktopUrl(id, { password: 'pw-012350', gadgets: [`${backend.url}/gadget/CorrelationHub.xml`] }));
  const frame = await gadgetFrame(page);
  await delivered(frame, 2);
  finesse.setUserState(id, 'READY');
  finesse.offerCall(id, { dialogId: '16798503', callVariables: 'all' });
  finesse.answer(id, '16798503');
  finesse.setUserState(id, 'TALKING');
  await delivered(frame, 6);

  finesse.connection(id, 'failing');
  await eventually(() => status(frame), (s) => /Finesse disconnected/.test(s.text), 'the status to show Finesse failing');
  finesse.hangUp(id, '16798503');
  finesse.setUserState(id, 'READY');
  finesse.offerCall(id, { dialogId: '16798504', callVariables: 'all' });
  finesse.answer(id, '16798504');
  finesse.setUserState(id, 'TALKING');
  const raised = await frame.evaluate(() => window.CorrelationHub.running.collector.raised);
  assert.equal(raised, 6, 'nothing reaches the gadget while Finesse is failing');

  finesse.connection(id, 'recovered');
  await delivered(frame, 9, 'the refreshed state and dialogs');
  const last = backend.query(`SELECT payload FROM agent_events WHERE username = '${id}' ORDER BY id`).slice(6).map((e) => JSON.parse(e.payload));
  assert.deepEqual(last.map((e) => e.action === 'dialog' ? `dialog:${e.change}:${e.dialog.id}` : `${e.action}:${e.state}`).sort(),
    ['dialog:added:16798504', 'dialog:removed:16798503', 'state:TALKING']);
  const agent = await backend.agent(id);
  assert.deepEqual(agent.dialogs.map((d) => d.dialogId), ['16798504']);
  assert.doesNotMatch((await status(frame)).text, /Finesse disconnected/);
  await page.close();
});
