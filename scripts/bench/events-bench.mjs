// Event ingestion benchmark: many concurrent gadgets (npm @microsoft/signalr, as the real gadget) publish a
// realistic stream of events to /hubs/agent and time each acknowledgement (an ack means "stored").
// Usage: node events-bench.mjs <baseUrl> <clients> <seconds> [warmupSeconds] [workers] [ackedIdsFile]
// The clients are spread over `workers` worker threads (default 2; each its own event loop, as gadgets are separate
// browsers), each client one hub connection with one invocation in flight; latency is measured per invocation from
// send to ack. Prints one JSON line: acked in the measured window, errors, events/s, p50/p99/max ack latency in ms,
// and the client's own CPU time. With ackedIdsFile, writes the eventId of every acknowledged event (warm-up included),
// one per line, so the caller can check that each is in the database.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', '..', 'tests', 'js', 'package.json'));
const BUCKETS = 100_000; // 0.01 ms buckets up to 1 s; the last bucket takes the rest

if (isMainThread) {
  const [baseUrl, clientsArg, secondsArg, warmupArg, workersArg, idsFile] = process.argv.slice(2);
  const clients = Number(clientsArg ?? 100);
  const seconds = Number(secondsArg ?? 20);
  const warmup = Number(warmupArg ?? 3);
  const workers = Math.max(1, Math.min(clients, Number(workersArg ?? 2)));
  const cpuBefore = process.cpuUsage();
  const threads = Array.from({ length: workers }, (_, w) => {
    const first = Math.floor((w * clients) / workers);
    const last = Math.floor(((w + 1) * clients) / workers);
    const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { baseUrl, first, last, keepIds: Boolean(idsFile) } });
    const result = new Promise((resolve, reject) => {
      worker.on('message', (m) => { if (m.type === 'done') resolve(m); });
      worker.on('error', reject);
    });
    const ready = new Promise((resolve) => worker.on('message', (m) => { if (m.type === 'ready') resolve(); }));
    return { worker, result, ready };
  });
  await Promise.all(threads.map((t) => t.ready));
  await new Promise((resolve) => setTimeout(resolve, warmup * 1000));
  threads.forEach((t) => t.worker.postMessage({ type: 'measure' }));
  const windowStart = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  threads.forEach((t) => t.worker.postMessage({ type: 'stop' }));
  const windowSeconds = (performance.now() - windowStart) / 1000;
  const results = await Promise.all(threads.map((t) => t.result));
  const cpu = process.cpuUsage(cpuBefore); // the whole process: every worker thread included

  const histogram = new Uint32Array(BUCKETS);
  let measured = 0;
  let errors = 0;
  let max = 0;
  for (const r of results) {
    r.histogram.forEach((count, i) => { histogram[i] += count; });
    measured += r.measured;
    errors += r.errors;
    max = Math.max(max, r.max);
  }

  if (idsFile) {
    writeFileSync(idsFile, results.flatMap((r) => r.ids).join('\n') + '\n');
  }

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
    clients, workers, warmupSeconds: warmup, seconds: Number(windowSeconds.toFixed(1)), acked: measured, errors,
    eventsPerSecond: Math.round(measured / windowSeconds), p50Ms: percentile(0.5), p99Ms: percentile(0.99), maxMs: Number(max.toFixed(2)),
    ackedTotal: results.reduce((a, r) => a + r.ackedTotal, 0), clientCpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
  }) + '\n');
  process.exit(0);
} else {
  const signalR = require('@microsoft/signalr');
  const { baseUrl, first, last, keepIds } = workerData;
  const iso = (ms) => new Date(ms).toISOString();
  const uuid = () => crypto.randomUUID();

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

  const histogram = new Uint32Array(BUCKETS);
  const ids = [];
  let measured = 0;
  let ackedTotal = 0;
  let errors = 0;
  let measuring = false;
  let stop = false;
  let max = 0;

  async function runClient(index, connection) {
    const stream = agentStream(index);
    while (!stop) {
      const event = stream.next().value;
      const started = performance.now();
      try {
        const ack = await connection.invoke('Publish', event);
        if (ack.accepted) {
          ackedTotal += 1;
          if (keepIds) ids.push(event.eventId);
        } else {
          errors += 1;
        }
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

  const connections = [];
  for (let i = first; i < last; i += 1) {
    const connection = new signalR.HubConnectionBuilder().withUrl(`${baseUrl}/hubs/agent`).configureLogging(signalR.LogLevel.None).build();
    await connection.start();
    connections.push([i, connection]);
  }
  const running = connections.map(([i, c]) => runClient(i, c));
  parentPort.on('message', async (m) => {
    if (m.type === 'measure') {
      measuring = true;
    } else if (m.type === 'stop') {
      measuring = false;
      stop = true;
      await Promise.all(running);
      parentPort.postMessage({ type: 'done', histogram, measured, errors, max, ackedTotal, ids });
    }
  });
  parentPort.postMessage({ type: 'ready' });
}
