// Live map benchmark: N agents signed in through npm @microsoft/signalr gadget connections, the map page open in
// Debian's Chromium (playwright-core), then steady gadget traffic spread over the agents. The page measures, for
// every delta it draws, update-to-render: from the server's timestamp in the delta to the frame after the DOM
// update (same clock on loopback); and change-to-render: from when the server received the change (the delta's
// changedAt) to that frame, which adds the coalescing wait (at most one flush per 200 ms).
// Usage: node map-bench.mjs <baseUrl> <agents> <eventsPerSecond> <seconds> [clients]
// Prints one JSON line.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const tests = path.join(here, '..', '..', 'tests', 'js');
const require = createRequire(path.join(tests, 'package.json'));
const signalR = require('@microsoft/signalr');
const { launchBrowser } = await import(path.join(tests, 'tools', 'browser.mjs'));

const [baseUrl, agentsArg, rateArg, secondsArg, clientsArg] = process.argv.slice(2);
const agents = Number(agentsArg ?? 2000);
const rate = Number(rateArg ?? 150);
const seconds = Number(secondsArg ?? 30);
const clients = Number(clientsArg ?? 20);
const TEAMS = 20;

const iso = (ms) => new Date(ms).toISOString();
const user = (i) => `map${String(i).padStart(5, '0')}`;
const extension = (i) => String(60000 + i);

// One agent's working cycle, one event per step: reserved, offered, answered, talking, heartbeat, wrap-up, removed, ready.
function* agentStream(i) {
  const username = user(i);
  const ext = extension(i);
  let call = 0;
  for (;;) {
    call += 1;
    const id = String(50_000_000 + i * 10_000 + call);
    const customer = `+3538${String(10_000_000 + ((i * 7919 + call) % 89_999_999))}`;
    const dialog = (change, agentState) => {
      const now = Date.now();
      return {
        action: 'dialog', username, extension: ext, change,
        dialog: {
          id, state: agentState === 'WRAP_UP' ? 'DROPPED' : agentState, fromAddress: customer, toAddress: ext,
          mediaProperties: { callType: 'ACD_IN', DNIS: ext, queueName: 'Billing_SG', callVariable1: `ACCT-${id}` },
          participants: [
            { mediaAddress: ext, mediaAddressType: 'AGENT_DEVICE', state: agentState, stateCause: null, startTime: iso(now - 4000), stateChangeTime: iso(now) },
            { mediaAddress: customer, mediaAddressType: null, state: agentState === 'WRAP_UP' ? 'DROPPED' : 'ACTIVE', stateCause: null, startTime: iso(now - 6000), stateChangeTime: iso(now) },
          ],
        },
      };
    };
    const state = (s) => ({ action: 'state', username, extension: ext, state: s, reasonCodeId: null, stateChangeTime: iso(Date.now()) });
    yield state('RESERVED');
    yield dialog('added', 'ALERTING');
    yield dialog('updated', 'ACTIVE');
    yield state('TALKING');
    yield { action: 'heartbeat', username, extension: ext };
    yield dialog('updated', 'WRAP_UP');
    yield state('WORK');
    yield dialog('removed', 'WRAP_UP');
    yield state('READY');
  }
}

let errors = 0;
let published = 0;
const stamp = (event) => ({ eventId: crypto.randomUUID(), clientTime: iso(Date.now()), clientDriftMs: 0, ...event });

const connections = await Promise.all(Array.from({ length: clients }, async () => {
  const connection = new signalR.HubConnectionBuilder().withUrl(`${baseUrl}/hubs/agent`).configureLogging(signalR.LogLevel.None).build();
  await connection.start();
  return connection;
}));
const mine = (c) => Array.from({ length: agents }, (_, i) => i).filter((i) => i % clients === c);

// Sign everyone in (and READY), then open the page and wait until it shows them all.
await Promise.all(connections.map(async (connection, c) => {
  for (const i of mine(c)) {
    await connection.invoke('Publish', stamp({ action: 'login', username: user(i), extension: extension(i), firstName: 'Agent', lastName: String(i), teamId: `t${i % TEAMS}`, teamName: `Team ${String(i % TEAMS).padStart(2, '0')}` }));
    await connection.invoke('Publish', stamp({ action: 'state', username: user(i), extension: extension(i), state: 'READY', stateChangeTime: iso(Date.now()) }));
  }
}));

const context = await launchBrowser();
const page = await context.newPage();
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(e.message));
const opened = performance.now();
await page.goto(`${baseUrl}/`);
await page.waitForSelector('#connection.connected', { timeout: 120000 });
await page.waitForFunction((n) => document.querySelectorAll('#agents tbody tr').length >= n, agents, { timeout: 120000, polling: 500 });
const snapshotMs = Math.round(performance.now() - opened);
await page.evaluate(() => {
  for (const list of Object.values(window.__mapLatency)) list.length = 0;
  // Long animation frames (over 50 ms): where the main thread's time went (script, style and layout, the rest).
  window.__frames = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const script = e.scripts.reduce((a, s) => a + s.duration, 0);
      const styleLayout = e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0;
      window.__frames.push({ duration: e.duration, script, styleLayout, scripts: e.scripts.map((s) => `${s.invoker}:${Math.round(s.duration)}`).slice(0, 4) });
    }
  }).observe({ type: 'long-animation-frame' });
});

// Steady traffic: every 100 ms each client sends its share, its agents taking turns.
const streams = new Map();
const next = (i) => {
  if (!streams.has(i)) streams.set(i, agentStream(i));
  return streams.get(i).next().value;
};
let stop = false;
const perTick = rate / clients / 10;
const started = performance.now();
await Promise.all(connections.map(async (connection, c) => {
  const list = mine(c);
  let turn = 0;
  let owed = 0;
  let inFlight = 0;
  for (let tick = 0; !stop; tick += 1) {
    owed += perTick;
    while (owed >= 1) {
      owed -= 1;
      const i = list[turn % list.length];
      turn += 1;
      if (inFlight > 100) {
        errors += 1; // the host fell behind: counted, not queued without bound
        continue;
      }
      inFlight += 1;
      connection.invoke('Publish', stamp(next(i))).then(() => { published += 1; }, () => { errors += 1; }).finally(() => { inFlight -= 1; });
    }
    const due = started + (tick + 1) * 100;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    if (performance.now() - started >= seconds * 1000) stop = true;
  }
}));
const trafficSeconds = (performance.now() - started) / 1000;

// Let the last deltas land: until no new sample for a second (bounded).
let last = -1;
for (let waited = 0; waited < 10000; waited += 500) {
  const n = await page.evaluate(() => window.__mapLatency.update.length);
  if (n === last) break;
  last = n;
  await new Promise((resolve) => setTimeout(resolve, 500));
}
const samples = await page.evaluate(() => ({ frames: window.__frames, update: window.__mapLatency.update, change: window.__mapLatency.change, render: window.__mapLatency.render, paint: window.__mapLatency.paint, rows: document.querySelectorAll('#agents tbody tr').length, connection: document.getElementById('connection').textContent }));
await context.close();
await Promise.all(connections.map((c) => c.stop()));

const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => (sorted.length ? Number(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)].toFixed(1)) : null);
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.length ? Number(sorted[sorted.length - 1].toFixed(1)) : null };
};
process.stdout.write(JSON.stringify({
  agents, rows: samples.rows, clients, offeredPerSecond: rate, publishedPerSecond: Math.round(published / trafficSeconds), errors, seconds: Number(trafficSeconds.toFixed(1)),
  snapshotToRowsMs: snapshotMs, updateToRenderMs: stats(samples.update), changeToRenderMs: stats(samples.change), renderScriptMs: stats(samples.render), renderToFrameMs: stats(samples.paint), connection: samples.connection, pageErrors, longFrames: { count: samples.frames.length, totalMs: Math.round(samples.frames.reduce((a, f) => a + f.duration, 0)), scriptMs: Math.round(samples.frames.reduce((a, f) => a + f.script, 0)), styleLayoutMs: Math.round(samples.frames.reduce((a, f) => a + f.styleLayout, 0)), worst: samples.frames.sort((a, b) => b.duration - a.duration).slice(0, 3) },
}) + '\n');
