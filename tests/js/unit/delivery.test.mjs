// Delivery: in order, over the hub when it is up, over the Finesse proxy when the hub stays down ('auto'), an event
// removed only when acknowledged or refused for good, transport failures retried with backoff.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gadget } from '../support/gadget-modules.mjs';
import { FakeClock, settle } from '../support/fake-clock.mjs';

const { Deliverer } = gadget('delivery');
const { Outbox } = gadget('outbox');

class FakeTransport {
  constructor(name, connected = true) {
    this.name = name;
    this.batchSize = 2;
    this.connected = connected;
    this.sent = [];
    this.answer = (e) => ({ eventId: e.eventId, ok: true, ack: { eventId: e.eventId } });
  }
  isConnected() { return this.connected; }
  send(events) {
    this.sent.push(...events.map((e) => e.n));
    return Promise.resolve(events.map((e) => this.answer(e)));
  }
}

function setup(mode, hubConnected) {
  const clock = new FakeClock();
  const outbox = new Outbox({ scope: 'u|x', instanceId: 'i', now: clock.now });
  const hub = new FakeTransport('websocket', hubConnected);
  const proxy = new FakeTransport('proxy');
  const delivered = [];
  const deliverer = new Deliverer({
    outbox, hub, proxy, mode, fallbackAfterMs: 10000, now: clock.now, setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout,
    random: () => 0, onDelivered: (r) => delivered.push(r),
  });
  const add = (...ns) => ns.forEach((n) => outbox.add({ eventId: `e${n}`, n }));
  return { clock, outbox, hub, proxy, deliverer, delivered, add };
}

test('the hub delivers in order, in batches, and the outbox empties', async () => {
  const s = setup('auto', true);
  s.add(1, 2, 3, 4, 5);
  await s.deliverer.kick();
  assert.deepEqual(s.hub.sent, [1, 2, 3, 4, 5]);
  assert.equal(s.outbox.size(), 0);
  assert.equal(s.deliverer.via, 'websocket');
});

test("'auto': while the hub is down events wait, then go through the Finesse proxy after the fallback delay", async () => {
  const s = setup('auto', false);
  s.add(1, 2);
  await s.deliverer.kick();
  assert.deepEqual(s.proxy.sent, []);
  await s.clock.advance(9999);
  assert.deepEqual(s.proxy.sent, []);
  await s.clock.advance(1);
  assert.deepEqual(s.proxy.sent, [1, 2]);
  s.hub.connected = true;
  s.deliverer.hubState(true);
  s.add(3);
  await s.deliverer.kick();
  await settle();
  assert.deepEqual(s.hub.sent, [3], 'back on the hub as soon as it is up');
});

test("'signalr': never the proxy; delivery resumes when the hub reconnects", async () => {
  const s = setup('signalr', false);
  s.add(1);
  await s.clock.advance(60000);
  assert.deepEqual(s.proxy.sent, []);
  s.hub.connected = true;
  s.deliverer.hubState(true);
  await settle();
  assert.deepEqual(s.hub.sent, [1]);
});

test('a transport failure keeps the events, retries with backoff, and never reorders', async () => {
  const s = setup('auto', true);
  let fail = true;
  s.hub.answer = (e) => (fail ? { eventId: e.eventId, failed: 'Invocation canceled due to the underlying connection being closed.' } : { eventId: e.eventId, ok: true });
  s.add(1, 2, 3);
  await s.deliverer.kick();
  assert.equal(s.outbox.size(), 3);
  assert.equal(s.deliverer.via, 'retrying');
  fail = false;
  await s.clock.advance(1000);
  assert.equal(s.outbox.size(), 0);
  assert.deepEqual(s.hub.sent, [1, 2, 1, 2, 3]);
});

test('an event refused for good (an error naming the field) is dropped and reported, the rest delivered', async () => {
  const s = setup('auto', true);
  s.hub.answer = (e) => (e.n === 2 ? { eventId: e.eventId, rejected: 'Invalid event: dialog.id: is required' } : { eventId: e.eventId, ok: true });
  s.add(1, 2, 3);
  await s.deliverer.kick();
  assert.equal(s.outbox.size(), 0);
  assert.equal(s.deliverer.rejected, 1);
  assert.deepEqual(s.delivered.flatMap((d) => d.rejected.map((r) => r.reason)), ['Invalid event: dialog.id: is required']);
});

test('a heartbeat is sent only over a live transport, and through the proxy only when allowed', async () => {
  const s = setup('auto', false);
  assert.equal(await s.deliverer.sendTransient({ eventId: 'h', n: 'h' }, true), false, 'hub down and fallback not yet due');
  await s.clock.advance(10000);
  assert.equal(await s.deliverer.sendTransient({ eventId: 'h', n: 'h' }, false), false);
  assert.equal(await s.deliverer.sendTransient({ eventId: 'h', n: 'h' }, true), true);
  assert.equal(s.outbox.size(), 0);
});
