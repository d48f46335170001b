#!/usr/bin/env node
// Benchmark of the gadget side of the host: how fast POST /api/agent-session issues tokens when each needs a Finesse
// check (cold: a fake Finesse node on loopback answers) and when the check is cached (warm, a desktop reload), and
// how many events one collector's hub connection gets acknowledged per second (each stored before its ack).
// Needs a built host (dotnet build CorrelationHub.sln -c Release) and tests/js/node_modules (npm ci in tests/js).
// Usage: node scripts/bench/gadget-sessions.mjs [agents=200] [events=2000]
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const js = join(root, 'tests', 'js');
const signalR = createRequire(join(js, 'package.json'))('@microsoft/signalr');
const { FakeFinesse } = await import(pathToFileURL(join(js, 'finesse', 'fake-finesse.mjs')));
const { startBackend } = await import(pathToFileURL(join(js, 'support', 'backend.mjs')));

const agents = Number(process.argv[2] || 200);
const eventsPerRun = Number(process.argv[3] || 2000);
const finesse = await FakeFinesse.start();
const backend = await startBackend([`--Finesse:Servers:0=${finesse.url}`, '--Logging:LogLevel:CorrelationHub.Web.Security=Warning']);
try {
  const ids = Array.from({ length: agents }, (_, i) => String(100000 + i));
  ids.forEach((id, i) => finesse.addUser({ id, password: `pw-${id}`, extension: String(70000 + i) }));
  const ask = (id, i) => fetch(`${backend.url}/api/agent-session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Basic ${Buffer.from(`${id}:pw-${id}`).toString('base64')}` },
    body: JSON.stringify({ username: id, extension: String(70000 + i) }),
  }).then(async (r) => { if (r.status !== 200) throw new Error(`HTTP ${r.status}`); return (await r.json()).token; });
  const round = async (label) => {
    const started = performance.now();
    const tokens = [];
    for (let i = 0; i < ids.length; i += 20) tokens.push(...await Promise.all(ids.slice(i, i + 20).map((id, k) => ask(id, i + k))));
    const seconds = (performance.now() - started) / 1000;
    console.log(`${label}: ${agents} sessions in ${seconds.toFixed(2)} s = ${(agents / seconds).toFixed(0)} sessions/s (20 in flight)`);
    return tokens;
  };
  const before = finesse.userGets;
  await round('cold (each checked against Finesse)');
  const tokens = await round('warm (cached check, e.g. desktop reloads)');
  console.log(`Finesse User requests: ${finesse.userGets - before} for ${2 * agents} sessions`);

  const connection = new signalR.HubConnectionBuilder()
    .withUrl(`${backend.url}/hubs/agent`, { accessTokenFactory: () => tokens[0], transport: signalR.HttpTransportType.WebSockets })
    .configureLogging(signalR.LogLevel.None).build();
  await connection.start();
  const started = performance.now();
  const pending = [];
  for (let n = 0; n < eventsPerRun; n++) {
    pending.push(connection.invoke('Publish', { action: 'state', username: ids[0], extension: '70000', eventId: crypto.randomUUID(), state: n % 2 ? 'READY' : 'NOT_READY', stateChangeTime: new Date(Date.now() + n).toISOString() }));
    if (pending.length === 20) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  const seconds = (performance.now() - started) / 1000;
  console.log(`hub: ${eventsPerRun} state events acknowledged on one connection in ${seconds.toFixed(2)} s = ${(eventsPerRun / seconds).toFixed(0)} events/s (20 in flight)`);
  await connection.stop();
} finally {
  await backend.dispose();
  await finesse.close();
}
