// The collector when the way to the backend breaks: the backend killed mid-call and restarted (with a desktop
// reload while it is down), and a browser that cannot reach the backend at all (WebSockets and direct HTTP blocked),
// where the gadget's files come from the Finesse node (3rdpartygadget) and events go through the Finesse proxy.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { FakeFinesse } from './finesse/fake-finesse.mjs';
import { startBackend, eventually } from './support/backend.mjs';
import { launchBrowser, openDesktop, gadgetFrame, status, delivered } from './support/desktop.mjs';

const cleanup = [];
after(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

const running = (frame) => frame.evaluate(() => {
  const r = window.CorrelationHub.running;
  return { raised: r.collector.raised, waiting: r.outbox.size(), ids: r.outbox.peek(100).map((e) => e.eventId) };
});

test('backend killed mid-call, desktop reloaded while it is down, backend restarted: nothing lost, nothing doubled', async () => {
  const finesse = await FakeFinesse.start();
  cleanup.push(() => finesse.close());
  const backend = await startBackend([`--Finesse:Servers:0=${finesse.url}`]);
  cleanup.push(() => backend.dispose());
  const context = await launchBrowser();
  cleanup.push(() => context.close());
  const id = '012347';
  finesse.addUser({ id, password: 'pw-012347', extension: '61003' });
  // Hosted on the Finesse node, so the gadget still loads while the backend is down.
  const gadget = finesse.hostedGadgetUrl('CorrelationHub.xml', `?backendUrl=${encodeURIComponent(backend.url)}`);
  const page = await openDesktop(context, finesse.desktopUrl(id, { password: 'pw-012347', gadgets: [gadget] }));
  let frame = await gadgetFrame(page);
  await delivered(frame, 2);
  finesse.setUserState(id, 'READY');
  finesse.offerCall(id, { dialogId: '16798502', callVariables: 'all' });
  finesse.answer(id, '16798502');
  finesse.setUserState(id, 'TALKING');
  await delivered(frame, 6);

  await backend.kill();
  finesse.hold(id, '16798502');
  finesse.setUserState(id, 'HOLD');
  const queued = await eventually(() => running(frame), (r) => r.waiting === 2, 'the hold to wait in the outbox');
  const firstRaised = queued.raised;
  assert.match((await status(frame)).text, /2 event\(s\) waiting/);

  await page.reload();
  frame = await gadgetFrame(page);
  // The reloaded collector adopts the two waiting events and queues its own snapshots after them.
  const adopted = await eventually(() => running(frame), (r) => r.waiting >= 5, 'the reloaded desktop to queue its snapshots after the adopted events');
  assert.deepEqual(adopted.ids.slice(0, 2), queued.ids, 'the events from before the reload come first');
  finesse.retrieve(id, '16798502');
  finesse.setUserState(id, 'TALKING');
  const secondRaised = (await eventually(() => running(frame), (r) => r.raised === 5, 'the resume to be raised')).raised;

  await backend.start();
  await delivered(frame, secondRaised, 'everything delivered after the restart', 60000);
  await eventually(() => status(frame), (s) => s.hub === 'connected', 'the hub to reconnect', 60000);

  const stored = backend.query(`SELECT event_id, payload FROM agent_events WHERE username = '${id}' ORDER BY id`);
  assert.equal(stored.length, firstRaised + secondRaised, 'every event raised by both desktops stored once');
  assert.equal(new Set(stored.map((e) => e.event_id)).size, stored.length);
  for (const eventId of queued.ids) assert.equal(stored.filter((e) => e.event_id === eventId).length, 1);
  const order = stored.map((e) => JSON.parse(e.payload)).map((e) => e.action === 'dialog' ? `dialog:${e.dialog.participants.find((p) => p.mediaAddress === '61003').state}` : e.action === 'state' ? `state:${e.state}` : e.action);
  assert.deepEqual(order.slice(6), ['dialog:HELD', 'state:HOLD', 'login', 'state:HOLD', 'dialog:HELD', 'dialog:ACTIVE', 'state:TALKING']);
  const states = backend.query(`SELECT state FROM dialog_participant_states WHERE dialog_id = '16798502' AND media_address = '61003' ORDER BY state_change_ms`).map((r) => r.state);
  assert.deepEqual(states, ['ALERTING', 'ACTIVE', 'HELD', 'ACTIVE']);

  finesse.hangUp(id, '16798502');
  await delivered(frame, secondRaised + 2);
  const csv = await backend.api('/api/calls/export?format=csv&username=012347');
  assert.equal(csv.split('\r\n').filter((line) => line.startsWith('16798502,')).length, 1, csv);
});

const blockWebSockets = () => {
  // A proxy on the way refuses WebSocket upgrades: every WebSocket fails as it opens.
  window.WebSocket = class BlockedWebSocket {
    constructor(url) {
      this.url = url;
      this.readyState = 0;
      setTimeout(() => {
        this.readyState = 3;
        if (this.onerror) this.onerror(new Event('error'));
        if (this.onclose) this.onclose({ code: 1006, reason: '', wasClean: false });
      }, 5);
    }
    send() { throw new Error('WebSocket is closed'); }
    close() {}
  };
  Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
};

test('WebSockets and direct traffic blocked: the gadget, hosted on Finesse, delivers through the Finesse proxy', async () => {
  const finesse = await FakeFinesse.start();
  cleanup.push(() => finesse.close());
  const backend = await startBackend([`--Finesse:Servers:0=${finesse.url}`]);
  cleanup.push(() => backend.dispose());
  const context = await launchBrowser();
  cleanup.push(() => context.close());
  await context.addInitScript(blockWebSockets);
  const directToBackend = [];
  await context.route(`${backend.url}/**`, (route) => {
    directToBackend.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  const id = '012349';
  finesse.addUser({ id, password: 'pw-012349', extension: '61005' });
  const gadget = finesse.hostedGadgetUrl('CorrelationHub.xml', `?backendUrl=${encodeURIComponent(backend.url)}&fallbackAfterSeconds=1`);
  const page = await openDesktop(context, finesse.desktopUrl(id, { password: 'pw-012349', gadgets: [gadget] }));
  const frame = await gadgetFrame(page);
  await delivered(frame, 2, 'login and state through the proxy');
  finesse.setUserState(id, 'READY');
  finesse.offerCall(id, { dialogId: '16798505', callVariables: 'all' });
  finesse.answer(id, '16798505');
  finesse.setUserState(id, 'TALKING');
  finesse.hangUp(id, '16798505');
  await delivered(frame, 8);

  const current = await status(frame);
  assert.equal(current.via, 'proxy');
  assert.match(current.text, /through the Finesse proxy/);
  assert.ok(directToBackend.some((u) => u.endsWith('/api/agent-session')), 'the direct session request was tried first');
  const proxied = finesse.proxied.map((p) => `${p.method} ${new URL(p.url).pathname}`);
  assert.ok(proxied.includes('POST /api/agent-session'), proxied.join());
  assert.ok(proxied.includes('POST /api/agent-events'), proxied.join());
  const states = backend.query(`SELECT state FROM dialog_participant_states WHERE dialog_id = '16798505' AND media_address = '61005' ORDER BY state_change_ms`).map((r) => r.state);
  assert.deepEqual(states, ['ALERTING', 'ACTIVE', 'DROPPED']);
  assert.equal(backend.query(`SELECT COUNT(*) AS n FROM agent_events WHERE username = '${id}'`)[0].n, 8);
});
