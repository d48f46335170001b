// The durable outbox: in order, survives a reload (a new instance over the same storage), never taken from a
// live instance, bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gadget } from '../support/gadget-modules.mjs';

const { Outbox, MemoryStorage } = gadget('outbox');
const event = (n) => ({ action: 'state', eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, n });

function make(storage, id, clock, extra = {}) {
  return new Outbox({ storage, scope: '012345|61001', instanceId: id, now: () => clock.ms, leaseMs: 15000, ...extra });
}

test('events come out oldest first and leave only when removed', () => {
  const clock = { ms: 1000 };
  const outbox = make(new MemoryStorage(), 'a', clock);
  [1, 2, 3].forEach((n) => outbox.add(event(n)));
  assert.deepEqual(outbox.peek(2).map((e) => e.n), [1, 2]);
  outbox.remove([event(1).eventId, event(3).eventId]);
  assert.deepEqual(outbox.peek(10).map((e) => e.n), [2]);
});

test('a reloaded desktop adopts the released list of the previous one, and delivers it first', () => {
  const storage = new MemoryStorage();
  const clock = { ms: 1000 };
  const before = make(storage, 'before', clock);
  before.renew();
  before.add(event(1));
  before.add(event(2));
  before.release();
  const after = make(storage, 'after', clock);
  assert.equal(after.renew(), 2);
  after.add(event(3));
  assert.deepEqual(after.peek(10).map((e) => e.n), [1, 2, 3]);
  const third = make(storage, 'third', clock);
  assert.equal(third.renew(), 0, 'the adopted list now belongs to one instance only');
});

test('a live instance keeps its list; a crashed one (lease run out) is adopted later', () => {
  const storage = new MemoryStorage();
  const clock = { ms: 1000 };
  const crashed = make(storage, 'crashed', clock);
  crashed.renew();
  crashed.add(event(1));
  const next = make(storage, 'next', clock);
  assert.equal(next.renew(), 0);
  next.add(event(2));
  clock.ms += 15001;
  assert.equal(next.renew(), 1);
  assert.deepEqual(next.peek(10).map((e) => e.n), [1, 2]);
});

test('other agents or extensions on the same browser are not touched', () => {
  const storage = new MemoryStorage();
  const clock = { ms: 1000 };
  const other = new Outbox({ storage, scope: '099999|61009', instanceId: 'x', now: () => clock.ms });
  other.add(event(9));
  other.release();
  const mine = make(storage, 'mine', clock);
  assert.equal(mine.renew(), 0);
});

test('bounded: the oldest events go first when full, and the loss is reported', () => {
  const dropped = [];
  const outbox = make(new MemoryStorage(), 'a', { ms: 1 }, { maxEvents: 3, onDrop: (n, why) => dropped.push([n, why]) });
  [1, 2, 3, 4].forEach((n) => outbox.add(event(n)));
  assert.deepEqual(outbox.peek(10).map((e) => e.n), [2, 3, 4]);
  assert.deepEqual(dropped, [[1, 'outbox full']]);
});

test('storage that refuses writes (quota, privacy mode) keeps events in memory and says so', () => {
  const storage = new MemoryStorage();
  storage.setItem = () => { throw new Error('QuotaExceededError'); };
  const outbox = make(storage, 'a', { ms: 1 });
  outbox.add(event(1));
  assert.equal(outbox.durable, false);
  assert.equal(outbox.size(), 1);
});
