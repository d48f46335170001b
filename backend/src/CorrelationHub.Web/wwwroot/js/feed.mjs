// Pure state of the live feed from /hubs/map: a snapshot at a version, then deltas From -> To, whole rows keyed by
// username (agents) and recording#segment (unmatched). A delta that does not follow on (lost message, reconnect,
// restarted backend: a new epoch) asks for a resync, one already covered (an earlier subscription's) is ignored;
// deltas that arrive before the snapshot answer are held and applied after it. Every apply returns what changed, so
// the view renders only those rows.
import { ms } from './format.mjs';

export function createFeed() {
  return {
    epoch: null,
    version: null,
    synced: false,
    agents: new Map(),
    unmatched: new Map(),
    settings: null,
    scope: null,
    pending: [],
    /** Server clock minus the page's clock, from the last snapshot or tick (loopback: about 0). */
    offsetMs: 0,
  };
}

function changes() {
  return { full: false, resync: false, agents: new Set(), removed: new Set(), unmatched: new Set(), unmatchedRemoved: new Set(), deltas: [] };
}

/** A Subscribe() is on its way: deltas from now on wait for its answer. */
export function beginSubscribe(feed) {
  feed.synced = false;
  feed.pending = [];
}

export function applySnapshot(feed, snapshot, receivedAtMs) {
  const result = changes();
  result.full = true;
  for (const username of feed.agents.keys()) result.removed.add(username);
  for (const key of feed.unmatched.keys()) result.unmatchedRemoved.add(key);
  feed.epoch = snapshot.epoch;
  feed.version = snapshot.version;
  feed.settings = snapshot.settings;
  feed.scope = snapshot.scope;
  feed.agents = new Map(snapshot.agents.map((a) => [a.username, a]));
  feed.unmatched = new Map(snapshot.unmatched.map((s) => [s.key, s]));
  for (const username of feed.agents.keys()) {
    result.removed.delete(username);
    result.agents.add(username);
  }
  for (const key of feed.unmatched.keys()) {
    result.unmatchedRemoved.delete(key);
    result.unmatched.add(key);
  }
  noteClock(feed, snapshot.serverTime, receivedAtMs);
  feed.synced = true;
  const held = feed.pending;
  feed.pending = [];
  for (const delta of held) {
    const next = applyDelta(feed, delta, receivedAtMs);
    if (next.resync) {
      result.resync = true;
      break;
    }
    merge(result, next);
  }
  return result;
}

export function applyDelta(feed, delta, receivedAtMs) {
  const result = changes();
  if (!feed.synced) {
    feed.pending.push(delta);
    return result;
  }
  if (delta.epoch === feed.epoch && delta.to <= feed.version) return result; // already covered (an earlier subscription's)
  if (delta.epoch !== feed.epoch || delta.from !== feed.version) {
    result.resync = true;
    return result;
  }
  for (const agent of delta.agents) {
    feed.agents.set(agent.username, agent);
    result.agents.add(agent.username);
    result.removed.delete(agent.username);
  }
  for (const username of delta.removed) {
    if (feed.agents.delete(username)) {
      result.removed.add(username);
      result.agents.delete(username);
    }
  }
  for (const segment of delta.unmatched) {
    feed.unmatched.set(segment.key, segment);
    result.unmatched.add(segment.key);
  }
  for (const key of delta.unmatchedRemoved) {
    if (feed.unmatched.delete(key)) result.unmatchedRemoved.add(key);
  }
  feed.version = delta.to;
  result.deltas.push({ serverTime: delta.serverTime, changedAt: delta.agents.map((a) => a.changedAt).concat(delta.unmatched.map((s) => s.changedAt)).filter(Boolean) });
  return result;
}

/** A tick: the version the server last sent us. Returns { resync } when we are behind or on another epoch. */
export function applyTick(feed, tick, receivedAtMs) {
  if (!feed.synced) return { resync: false };
  noteClock(feed, tick.serverTime, receivedAtMs);
  // Behind the server's last message to us means one was lost; an older version is an earlier subscription's tick.
  return { resync: tick.epoch !== feed.epoch || tick.version > feed.version };
}

/** Drops unmatched segments that are no longer recent (finished more than the window ago), and keeps at most max. */
export function pruneUnmatched(feed, nowMs) {
  const removed = [];
  const windowMs = (feed.settings?.recentMinutes ?? 30) * 60000;
  for (const [key, segment] of feed.unmatched) {
    if (segment.end && nowMs - (ms(segment.start) ?? nowMs) > windowMs) {
      feed.unmatched.delete(key);
      removed.push(key);
    }
  }
  const max = feed.settings?.maxUnmatched ?? 300;
  if (feed.unmatched.size > max) {
    const oldest = [...feed.unmatched.values()].sort((a, b) => (ms(a.start) ?? 0) - (ms(b.start) ?? 0)).slice(0, feed.unmatched.size - max);
    for (const segment of oldest) {
      feed.unmatched.delete(segment.key);
      removed.push(segment.key);
    }
  }
  return removed;
}

/** The page's best estimate of the server's clock now. */
export function serverNow(feed, localNowMs) {
  return localNowMs + feed.offsetMs;
}

function noteClock(feed, serverTime, receivedAtMs) {
  const server = ms(serverTime);
  if (server !== null && Number.isFinite(receivedAtMs)) feed.offsetMs = server - receivedAtMs;
}

function merge(into, from) {
  for (const key of from.agents) {
    into.agents.add(key);
    into.removed.delete(key);
  }
  for (const key of from.removed) {
    into.removed.add(key);
    into.agents.delete(key);
  }
  for (const key of from.unmatched) into.unmatched.add(key);
  for (const key of from.unmatchedRemoved) into.unmatchedRemoved.add(key);
  into.deltas.push(...from.deltas);
}
