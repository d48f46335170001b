// Where the backend is (layout URL, VPN-less preference, preference, the gadget's own URL), and how the Finesse
// proxy's answers become per-event results.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gadget } from '../support/gadget-modules.mjs';

const config = gadget('config');
const { ProxyTransport } = gadget('proxy');
const { HubTransport } = gadget('signalr');

const prefs = (values) => (name) => values[name] || '';

test('backend URL: the layout URL wins, then the VPN-less preference, then backendUrl, then the gadget\'s own origin', () => {
  const hosted = 'https://finesse-a.example:8445/3rdpartygadget/files/CorrelationHub/CorrelationHub.xml';
  assert.equal(config.resolve(prefs({}), hosted).backendUrl, '');
  assert.equal(config.resolve(prefs({ backendUrl: 'https://ch.example/' }), hosted).backendUrl, 'https://ch.example');
  assert.equal(config.resolve(prefs({ backendUrl: 'https://ch.example', externalServerHostAndPort_correlationhub: 'ch-ext.example:8443' }), hosted).backendUrl, 'https://ch-ext.example:8443');
  assert.equal(config.resolve(prefs({ backendUrl: 'https://ch.example' }), hosted + '?backendUrl=https%3A%2F%2Fch2.example&transport=proxy').backendUrl, 'https://ch2.example');
  const own = config.resolve(prefs({}), 'https://ch.example:5443/gadget/CorrelationHub.xml?transport=signalr');
  assert.deepEqual([own.backendUrl, own.transport, own.source], ['https://ch.example:5443', 'signalr', 'gadget-url']);
  assert.equal(config.resolve(prefs({ transport: 'carrier-pigeon' }), hosted).transport, 'auto');
});

test('proxy: a 202 acknowledges each event by id; a 400 refuses the named one and leaves the others for another try', async () => {
  const events = [{ eventId: 'A' }, { eventId: 'B' }, { eventId: 'C' }];
  const answer = (status, body) => new ProxyTransport({ url: 'https://ch', getToken: () => Promise.resolve('tok'), request: async (url, req) => {
    assert.equal(url, 'https://ch/api/agent-events');
    assert.equal(req.headers.Authorization, 'Bearer tok');
    assert.deepEqual(JSON.parse(req.body), events);
    return { status, text: JSON.stringify(body) };
  } }).send(events);
  const acked = await answer(202, [{ eventId: 'a', accepted: true }, { eventId: 'b' }, { eventId: 'c' }]);
  assert.deepEqual(acked.map((r) => r.ok), [true, true, true]);
  const refused = await answer(400, { field: '[1].dialog.id', detail: '[1].dialog.id: is required' });
  assert.deepEqual(refused.map((r) => r.rejected ?? (r.again ? 'again' : r.failed)), ['again', '[1].dialog.id: is required', 'again']);
});

test('proxy: a 401 forgets the token; an unreachable backend keeps every event', async () => {
  let forgotten = 0;
  const transport = (status) => new ProxyTransport({ url: 'https://ch', getToken: () => Promise.resolve('t'), onAuthFailure: () => forgotten++, request: async () => ({ status, text: '' }) });
  assert.ok((await transport(401).send([{ eventId: 'A' }]))[0].failed);
  assert.equal(forgotten, 1);
  assert.match((await transport(0).send([{ eventId: 'A' }]))[0].failed, /could not reach/);
});

test('hub errors: a HubException naming the field is final, a closed connection is not', () => {
  const invalid = HubTransport.classify(new Error("An unexpected error occurred invoking 'Publish' on the server. HubException: Invalid event: extension: is required"));
  assert.deepEqual(invalid, { rejected: 'Invalid event: extension: is required' });
  const refused = HubTransport.classify(new Error('An unexpected error occurred invoking \'Publish\' on the server. HubException: Refused event: username: does not match the session'));
  assert.ok(refused.rejected.startsWith('Refused event: username'));
  assert.ok(HubTransport.classify(new Error('Invocation canceled due to the underlying connection being closed.')).failed);
});
