// The simulator's gadget sidecar: publishes gadget events for many simulated agents the way the collector gadget does,
// through the npm SignalR client on /hubs/agent (one connection per agent desktop) or through the HTTP fallback
// POST /api/agent-events (agents behind the Finesse proxy). The .NET SignalR client is not available here.
//
// Usage: node gadget-bridge.mjs <baseUrl> [apiKey]
// stdin:  one JSON object per line: {"seq": n, "user": "012345", "channel": "hub"|"http", "event": {...}}
//         or {"close": true} to finish (waits for every pending publish, stops the connections).
// stdout: one JSON object per line: {"seq": n, "ok": true, "ms": 12} or {"seq": n, "ok": false, "error": "..."}
// Events of one agent are sent in order (a gadget's outbox is a queue); agents run concurrently.
// The SignalR client is loaded from SIGNALR_MODULE_DIR (default: ../../tests/js/node_modules).
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const moduleDir = process.env.SIGNALR_MODULE_DIR ?? path.resolve(here, '../../tests/js/node_modules');
const require = createRequire(path.join(moduleDir, 'noop.js'));
const signalR = await import(pathToFileURL(require.resolve('@microsoft/signalr')).href);

const [baseUrl, apiKey] = process.argv.slice(2);
const headers = apiKey ? { 'X-Api-Key': apiKey } : {};
const connections = new Map();
const queues = new Map();
let pending = 0;
let closing = false;

function write(line) {
  process.stdout.write(JSON.stringify(line) + '\n');
}

async function connectionFor(user) {
  let entry = connections.get(user);
  if (!entry) {
    const connection = new signalR.HubConnectionBuilder()
      .withUrl(`${baseUrl}/hubs/agent`, { headers })
      .withAutomaticReconnect([0, 500, 1000, 2000, 5000])
      .configureLogging(signalR.LogLevel.None)
      .build();
    entry = { connection, started: connection.start() };
    connections.set(user, entry);
  }
  await entry.started;
  return entry.connection;
}

async function publish(message) {
  const started = Date.now();
  if (message.channel === 'http') {
    const response = await fetch(`${baseUrl}/api/agent-events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(message.event),
    });
    const text = await response.text();
    if (response.status !== 202) {
      throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
    }
    return Date.now() - started;
  }
  const connection = await connectionFor(message.user);
  const ack = await connection.invoke('Publish', message.event);
  if (!ack || ack.accepted !== true) {
    throw new Error(`not accepted: ${JSON.stringify(ack)}`);
  }
  return Date.now() - started;
}

function enqueue(message) {
  pending++;
  const previous = queues.get(message.user) ?? Promise.resolve();
  const next = previous.then(async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        write({ seq: message.seq, ok: true, ms: await publish(message) });
        return;
      } catch (error) {
        // A refused event (400 / hub error naming the field) is final; a transport failure is retried, as the outbox does.
        const refused = /HTTP 400|Invalid event/.test(String(error?.message));
        if (refused || attempt >= 5) {
          write({ seq: message.seq, ok: false, error: String(error?.message ?? error) });
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
      }
    }
  }).finally(() => {
    pending--;
    maybeExit();
  });
  queues.set(message.user, next);
}

async function maybeExit() {
  if (!closing || pending > 0) {
    return;
  }
  await Promise.allSettled([...connections.values()].map((entry) => entry.connection.stop()));
  process.exit(0);
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (!line.trim()) {
    return;
  }
  const message = JSON.parse(line);
  if (message.close) {
    closing = true;
    maybeExit();
    return;
  }
  enqueue(message);
});
lines.on('close', () => {
  closing = true;
  maybeExit();
});
