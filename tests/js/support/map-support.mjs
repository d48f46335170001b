// Shared parts of the map's browser tests: a gadget's hub client (npm @microsoft/signalr, as the collector), event
// builders in Finesse's shape, sipp playing CUCM recording legs with real RTP, and the map page's readiness.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as signalR from '@microsoft/signalr';
import { repoRoot } from './gadget-modules.mjs';

export const screenshots = join(repoRoot, 'tests', 'js', 'screenshots');
mkdirSync(screenshots, { recursive: true });

const iso = (ms) => new Date(ms).toISOString();

/** A collector-like hub connection: publish(event) resolves with the server's ack. */
export async function gadgetClient(baseUrl, token) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(`${baseUrl}/hubs/agent`, token ? { accessTokenFactory: () => token } : {})
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  await connection.start();
  return {
    async publish(event) {
      const ack = await connection.invoke('Publish', { eventId: crypto.randomUUID(), clientTime: iso(Date.now()), clientDriftMs: 0, ...event });
      if (!ack.accepted) throw new Error(`event refused: ${JSON.stringify(ack)}`);
      return ack;
    },
    stop: () => connection.stop(),
  };
}

export const events = {
  login: (username, extension, { firstName = 'Bob', lastName = 'Bobster', teamId = '5002', teamName = 'Billing' } = {}) =>
    ({ action: 'login', username, extension, firstName, lastName, teamId, teamName }),
  state: (username, extension, state, at = Date.now()) => ({ action: 'state', username, extension, state, reasonCodeId: null, stateChangeTime: iso(at) }),
  heartbeat: (username, extension) => ({ action: 'heartbeat', username, extension }),
  /** A dialog snapshot: the agent's participant in agentState, the customer ACTIVE (DROPPED when the agent wraps up). */
  dialog: (username, extension, id, change, agentState, { customer = '+353858712345', at = Date.now(), callType = 'ACD_IN' } = {}) => ({
    action: 'dialog',
    username,
    extension,
    change,
    dialog: {
      id,
      state: agentState === 'WRAP_UP' || agentState === 'DROPPED' ? 'DROPPED' : agentState === 'ALERTING' ? 'ALERTING' : 'ACTIVE',
      fromAddress: customer,
      toAddress: extension,
      mediaProperties: { callType, DNIS: extension, queueName: 'Billing_SG', callVariable1: `ACCT-${id}` },
      participants: [
        { mediaAddress: extension, mediaAddressType: 'AGENT_DEVICE', state: agentState, stateCause: null, startTime: iso(at - 3000), stateChangeTime: iso(at) },
        { mediaAddress: customer, mediaAddressType: null, state: agentState === 'WRAP_UP' ? 'DROPPED' : 'ACTIVE', stateCause: null, startTime: iso(at - 5000), stateChangeTime: iso(at) },
      ],
    },
  }),
};

/** A port free on loopback for UDP and TCP (sipp's media port). */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * sipp playing CUCM Built-in-Bridge legs (scripts/sipp/cucm-bib-leg.xml: delayed offer, the ACK's answer, G.711
 * A-law RTP from a pcap, BYE) against the host's SIP TCP listener. Resolves { started, exit } at spawn.
 */
export async function sippCucmCall(backend) {
  const ready = await backend.api('/health/ready');
  const target = ready.sip.tcp;
  const dir = mkdtempSync(join(tmpdir(), 'ch-sipp-'));
  const args = [
    '-sf', join(repoRoot, 'scripts', 'sipp', 'cucm-bib-leg.xml'),
    '-inf', join(repoRoot, 'scripts', 'sipp', 'cucm-bib-legs.csv'),
    '-t', 't1', '-i', '127.0.0.1', '-p', String(await freePort()), '-mi', '127.0.0.1', '-mp', String(await freePort()),
    '-m', '2', '-l', '2', '-r', '10', '-nostdin', '-trace_err', '-timeout', '60s', target,
  ];
  const started = Date.now();
  const child = spawn('/usr/bin/sipp', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const exit = new Promise((resolve) => child.on('exit', (code) => {
    const errors = readdirSync(dir).filter((f) => f.endsWith('errors.log')).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
    rmSync(dir, { recursive: true, force: true });
    resolve({ code, output: `${output}\n${errors}` });
  }));
  return { started, exit };
}

/** Opens the map and waits until it is live (subscribed). */
export async function openMap(context, url, problems = []) {
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource: the server responded with a status of 404/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  await page.goto(url);
  await page.waitForSelector('#connection.connected', { timeout: 30000 });
  return page;
}

/** Milliseconds until the page shows selector (Playwright polls on animation frames), from since. */
export async function shownWithin(page, selector, since, timeout = 10000) {
  await page.waitForSelector(selector, { timeout });
  return Date.now() - since;
}
