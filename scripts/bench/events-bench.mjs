// Event ingestion benchmark: many concurrent gadgets (npm @microsoft/signalr, as the real gadget) publish a
// realistic stream of events to /hubs/agent and time each acknowledgement (an ack means "stored").
// Usage: node events-bench.mjs <baseUrl> <clients> <seconds> [warmupSeconds]
// Prints one JSON line: acked, errors, events/s (measured window), p50/p99/max ack latency in ms.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', '..', 'tests', 'js', 'package.json'));
const signalR = require('@microsoft/signalr');

const [baseUrl, clientsArg, secondsArg, warmupArg] = process.argv.slice(2);
const clients = Number(clientsArg ?? 100);
const seconds = Number(secondsArg ?? 20);
const warmup = Number(warmupArg ?? 3);

const iso = (ms) => new Date(ms).toISOString();
let seq = 0;
const uuid = () => {
  seq += 1;
  const hex = (seq.toString(16) + process.pid.toString(16)).padStart(12, '0').slice(-12);
  return `${crypto.randomUUID().slice(0, 24)}${hex}`;
};

// One agent's working cycle: reserved, call offered, answered, talking, (heartbeat), wrap-up, removed, ready.
function* agentStream(index) {
  const username = `bench${String(index).padStart(4, '0')}`;
  const extension = String(70000 + index);
  const common = () => ({ username, extension, eventId: uuid(), clientTime: iso(Date.now()), clientDriftMs: 0 });
  yield { ...common(), action: 'login', firstName: 'Bench', lastName: `Agent ${index}`, teamName: `Team ${index % 20}` };
  let call = 0;
  for (;;) {
    call += 1;
    const id = String(30_000_000 + index * 100_000 + call);
    const customer = `+3538${String(10_000_000 + ((index * 7919 + call) % 89_999_999))}`;
    const dialog = (change, agentState, dialogState) => ({
      ...common(),
      action: 'dialog',
      change,
      dialog: {
        id, state: dialogState, fromAddress: customer, toAddress: extension,
        mediaProperties: { callType: 'ACD_IN', DNIS: extension, dialedNumber: '5576111147', queueName: 'Billing_SG', queueNumber: '5031',
          callKeyCallId: String(100000 + call), callKeySequenceNum: '1', callKeyPrefix: '155432', callVariable1: `ACCT-${id}`, 'user.CustomerTier': 'GOLD' },
        participants: [
          { mediaAddress: extension, mediaAddressType: 'AGENT_DEVICE', state: agentState, stateCause: null, startTime: iso(Date.now() - 5000), stateChangeTime: iso(Date.now()) },
          { mediaAddress: customer, mediaAddressType: null, state: dialogState === 'DROPPED' ? 'DROPPED' : 'ACTIVE', stateCause: null, startTime: iso(Date.now() - 9000), stateChangeTime: iso(Date.now()) },
        ],
      },
    });
    const state = (s) => ({ ...common(), action: 'state', state: s, reasonCodeId: null, stateChangeTime: iso(Date.now()) });
    yield state('RESERVED');
    yield dialog('added', 'ALERTING', 'ALERTING');
    yield dialog('updated', 'ACTIVE', 'ACTIVE');
    yield state('TALKING');
    yield { ...common(), action: 'heartbeat' };
    yield dialog('updated', 'WRAP_UP', 'DROPPED');
    yield dialog('removed', 'WRAP_UP', 'DROPPED');
    yield state('READY');
  }
}

const histogram = new Uint32Array(100_000); // 0.01 ms buckets up to 1 s; the last bucket takes the rest
let measured = 0;
let errors = 0;
let measuring = false;
let stop = false;
let max = 0;

async function runClient(index) {
  const connection = new signalR.HubConnectionBuilder().withUrl(`${baseUrl}/hubs/agent`).configureLogging(signalR.LogLevel.None).build();
  await connection.start();
  const stream = agentStream(index);
  while (!stop) {
    const event = stream.next().value;
    const started = performance.now();
    try {
      const ack = await connection.invoke('Publish', event);
      if (!ack.accepted) errors += 1;
    } catch {
      errors += 1;
    }
    if (measuring) {
      const ms = performance.now() - started;
      histogram[Math.min(histogram.length - 1, Math.floor(ms * 100))] += 1;
      max = Math.max(max, ms);
      measured += 1;
    }
  }
  await connection.stop();
}

const running = Array.from({ length: clients }, (_, i) => runClient(i));
await new Promise((resolve) => setTimeout(resolve, warmup * 1000));
measuring = true;
const windowStart = performance.now();
await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
measuring = false;
const windowSeconds = (performance.now() - windowStart) / 1000;
stop = true;
await Promise.all(running);

const percentile = (p) => {
  const target = Math.ceil(p * measured);
  let seen = 0;
  for (let i = 0; i < histogram.length; i += 1) {
    seen += histogram[i];
    if (seen >= target) return (i + 1) / 100;
  }
  return max;
};
process.stdout.write(JSON.stringify({
  clients, seconds: Number(windowSeconds.toFixed(1)), acked: measured, errors,
  eventsPerSecond: Math.round(measured / windowSeconds), p50Ms: percentile(0.5), p99Ms: percentile(0.99), maxMs: Number(max.toFixed(2)),
}) + '\n');
