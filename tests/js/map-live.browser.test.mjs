// The map page in Debian's Chromium against the real host process: a gadget event and a SIP call (sipp, real RTP)
// appear within a second, the recording plays and seeks, the export downloads a CSV with the contract's columns,
// keyboard use, and a backend restart is survived with the view resynchronised.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBackend, eventually } from './support/backend.mjs';
import { launchBrowser } from './tools/browser.mjs';
import { gadgetClient, events, sippCucmCall, openMap, shownWithin, screenshots } from './support/map-support.mjs';

const CONTRACT_COLUMNS = ['dialog_id', 'agent_username', 'agent_name', 'extension', 'call_type', 'from_address', 'to_address',
  'dialog_start_utc', 'dialog_end_utc', 'recording_id', 'segment_index', 'refci', 'far_end_address', 'recording_start_utc',
  'recording_end_utc', 'recording_seconds', 'audio_url', 'match_status', 'match_confidence', 'match_reason'];

let backend;
let context;
let page;
let gadget;
const problems = [];

before(async () => {
  backend = await startBackend(['--Auth:Mode=Open', '--Access:Mode=Open']);
  context = await launchBrowser();
  page = await openMap(context, `${backend.url}/`, problems);
  gadget = await gadgetClient(backend.url);
  // The first event after a start pays for .NET's JIT on the whole path (event writer, projections, the map's
  // queries, serialisers); a running site has paid it long ago. One warm-up agent, signed in and out, before measuring.
  await gadget.publish(events.login('warmup', '69999'));
  await page.waitForSelector('tr[data-username="warmup"]', { timeout: 20000 });
  await gadget.publish({ action: 'logout', username: 'warmup' });
  await page.waitForSelector('tr[data-username="warmup"]', { state: 'detached', timeout: 20000 });
});

after(async () => {
  await gadget?.stop();
  await context?.close();
  await backend?.dispose();
});

test('a gadget event appears on the map within one second, and so does the next change of that agent', async (t) => {
  let started = Date.now();
  await gadget.publish(events.login('012345', '61001'));
  const loginMs = await shownWithin(page, 'tr[data-username="012345"]', started);
  t.diagnostic(`login shown after ${loginMs} ms`);
  assert.ok(loginMs < 1000, `login shown after ${loginMs} ms`);
  assert.match(await page.textContent('tr[data-username="012345"]'), /Bob Bobster.*012345 · ext 61001.*Billing/);

  started = Date.now();
  await gadget.publish(events.state('012345', '61001', 'READY'));
  const stateMs = await shownWithin(page, 'tr[data-username="012345"] .state-READY', started);
  t.diagnostic(`state change shown after ${stateMs} ms`);
  assert.ok(stateMs < 1000, `state shown after ${stateMs} ms`);
  assert.equal(await page.textContent('#summary [data-count="agents"] strong'), '1');
  assert.deepEqual(problems, []);
});

test('a SIP call recorded from CUCM legs (sipp, real RTP) shows within one second, is linked, and plays with seeking', async (t) => {
  await gadget.publish(events.state('012345', '61001', 'TALKING'));
  await gadget.publish(events.dialog('012345', '61001', '16798406', 'added', 'ACTIVE'));
  await page.waitForSelector('tr[data-username="012345"] .call[data-dialog-id="16798406"]');

  const call = await sippCucmCall(backend);
  const recordingMs = await page.waitForFunction(
    () => [...document.querySelectorAll('tr[data-username="012345"] .rec .badge')].some((b) => b.textContent.startsWith('Recording')),
    null,
    { timeout: 10000, polling: 'raf' },
  ).then(() => Date.now() - call.started);
  t.diagnostic(`recording shown ${recordingMs} ms after sipp started`);
  assert.ok(recordingMs < 1000, `recording shown ${recordingMs} ms after sipp started`);
  await page.screenshot({ path: join(screenshots, 'map-live-1366x768.png') });

  const { code, output } = await call.exit;
  assert.equal(code, 0, output);
  await page.waitForSelector('tr[data-username="012345"] .rec[data-dialog-id="16798406"][data-status="linked"]', { timeout: 30000 });
  await page.waitForFunction(() => document.querySelector('tr[data-username="012345"] .rec[data-dialog-id="16798406"] .badge').textContent === 'Recorded, linked', null, { timeout: 20000 });

  await page.click('tr[data-username="012345"] .rec[data-dialog-id="16798406"] button');
  await page.waitForSelector('#detail .segment audio', { state: 'attached' });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'detail-heading', 'focus moves to the detail');
  const detail = await page.textContent('#detail');
  assert.match(detail, /Call 16798406/);
  assert.match(detail, /Bob Bobster \(012345\)/);
  assert.match(detail, /Matched/);
  assert.match(detail, /starts [\d.]+ s from the agent connecting/, 'the evidence is listed');
  assert.ok(await page.$('#detail .timeline .lane-segment'), 'the segment is on the timeline');

  const played = await page.evaluate(async () => {
    const audio = document.querySelector('#detail .segment audio');
    const once = (name) => new Promise((resolve, reject) => {
      audio.addEventListener(name, resolve, { once: true });
      audio.addEventListener('error', () => reject(new Error(`audio error ${audio.error && audio.error.code}`)), { once: true });
    });
    if (audio.readyState < 1) await once('loadedmetadata');
    const duration = audio.duration;
    audio.muted = true;
    await audio.play();
    await new Promise((resolve) => {
      const check = () => (audio.currentTime > 0.2 ? resolve() : setTimeout(check, 20));
      check();
    });
    const target = duration / 2;
    const seeked = once('seeked');
    audio.currentTime = target;
    await seeked;
    const at = audio.currentTime;
    audio.pause();
    return { duration, target, at, seekableEnd: audio.seekable.length ? audio.seekable.end(0) : 0 };
  });
  assert.ok(played.duration > 2 && played.duration < 12, `duration ${played.duration} s (the legs last about 3 s)`);
  assert.ok(Math.abs(played.at - played.target) < 0.5, `seeked to ${played.at} for ${played.target}`);
  assert.ok(played.seekableEnd >= played.duration - 0.1, `seekable to ${played.seekableEnd}`);
  await page.screenshot({ path: join(screenshots, 'map-detail.png'), fullPage: true });

  await page.click('#detail .detail-bar button');
  assert.equal(await page.evaluate(() => document.activeElement.closest('tr')?.dataset.username), '012345', 'Back returns focus to the row');
  assert.deepEqual(problems, []);
});

test('the search finds the call by number in another dialled form, and the export downloads a CSV with the contract columns', async () => {
  await page.click('#tab-search');
  await page.fill('#search-form input[name="number"]', '0858712345');
  await page.click('#search-form button[type="submit"]');
  await page.waitForSelector('#results tbody tr[data-dialog-id="16798406"]');
  // The status is announced 20 ms after the rows (a fresh text node, so screen readers speak it again).
  await page.waitForFunction(() => document.getElementById('search-status').textContent !== '', null, { timeout: 5000 });
  assert.match(await page.textContent('#search-status'), /Calls 1–1/);

  const download = page.waitForEvent('download');
  await page.click('#export-csv');
  const file = await download;
  const text = readFileSync(await file.path(), 'utf8');
  const [header, ...rows] = text.trim().split('\r\n');
  assert.deepEqual(header.split(',').slice(0, CONTRACT_COLUMNS.length), CONTRACT_COLUMNS);
  assert.equal(rows.length, 1);
  assert.match(rows[0], /^16798406,012345,Bob Bobster,61001,ACD_IN,/);
  assert.match(file.suggestedFilename(), /^correlationhub-calls-\d{8}T\d{6}Z\.csv$/);
  await page.waitForSelector('#export[data-state="done"]');
  assert.match(await page.textContent('#export-text'), /Saved correlationhub-calls-.*\.csv: 1 rows\./);

  await page.fill('#search-form input[name="number"]', '0851111111');
  await page.click('#search-form button[type="submit"]');
  await page.waitForFunction(() => document.getElementById('search-status').textContent === 'No calls match.');

  await page.fill('#search-form input[name="number"]', '12');
  await page.click('#search-form button[type="submit"]');
  await page.waitForFunction(() => document.getElementById('search-status').textContent === 'number: must contain at least 3 digits');
  assert.equal(await page.getAttribute('#search-form input[name="number"]', 'aria-invalid'), 'true');
  await page.screenshot({ path: join(screenshots, 'map-search.png') });
  await page.click('#tab-live');
});

test('a large export shows its progress against the count and can be cancelled; the next one completes', async () => {
  // 2,000 answered calls on another agent, none recorded: 2,000 export rows.
  const batch = [events.login('exporter', '61050', { firstName: 'Eve', lastName: 'Export' })];
  const at = Date.now() - 3_600_000;
  for (let i = 0; i < 2000; i += 1) {
    const id = String(20_000_000 + i);
    const customer = `+3531${String(7_000_000 + i)}`;
    batch.push(events.dialog('exporter', '61050', id, 'added', 'ACTIVE', { customer, at: at + i * 1000 }));
    batch.push({ ...events.dialog('exporter', '61050', id, 'removed', 'WRAP_UP', { customer, at: at + i * 1000 + 500 }) });
  }
  for (let k = 0; k < batch.length; k += 500) {
    const response = await fetch(`${backend.url}/api/agent-events`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(batch.slice(k, k + 500).map((e) => ({ eventId: crypto.randomUUID(), ...e }))) });
    assert.equal(response.status, 202);
  }
  await eventually(async () => (await backend.api('/api/calls/count?username=exporter')).count, (n) => n === 2000, 'the 2,000 rows');

  await page.click('#tab-search');
  await page.fill('#search-form input[name="number"]', '');
  await page.fill('#search-form input[name="username"]', 'exporter');
  await page.fill('#search-form input[name="from"]', '');
  await page.click('#search-form button[type="submit"]');
  await page.waitForFunction(() => /^Calls 1–50, more on the next page/.test(document.getElementById('search-status').textContent));
  await page.click('#page-next');
  await page.waitForFunction(() => /^Calls 51–100/.test(document.getElementById('search-status').textContent));

  // A slow link (CDP network emulation, about 60 KB/s) makes the stream last long enough to watch and cancel.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: 60_000, uploadThroughput: 60_000 });
  let downloaded = false;
  page.on('download', () => { downloaded = true; });
  await page.click('#export-csv');
  await page.waitForFunction(() => {
    const m = /^([\d,]+) of 2,000 rows/.exec(document.getElementById('export-text').textContent);
    return m && Number(m[1].replace(/,/g, '')) > 0;
  }, null, { timeout: 30000 });
  const partway = await page.evaluate(() => ({ value: document.getElementById('export-progress').value, max: document.getElementById('export-progress').max, text: document.getElementById('export-text').textContent }));
  assert.equal(partway.max, 2000);
  assert.ok(partway.value > 0 && partway.value < 2000, JSON.stringify(partway));
  await page.screenshot({ path: join(screenshots, 'map-export-progress.png') });
  await page.click('#export-cancel');
  await page.waitForSelector('#export[data-state="cancelled"]');
  assert.equal(await page.textContent('#export-text'), 'Export cancelled.');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  assert.equal(downloaded, false, 'a cancelled export saves nothing');

  const download = page.waitForEvent('download');
  await page.click('#export-ndjson');
  const file = await download;
  const lines = readFileSync(await file.path(), 'utf8').trim().split('\n');
  assert.equal(lines.length, 2000);
  assert.ok(lines.every((line) => JSON.parse(line).agent_username === 'exporter' && JSON.parse(line).match_status === 'no_recording'));
  await page.waitForSelector('#export[data-state="done"]');
  assert.match(await page.textContent('#export-text'), /: 2,000 rows\.$/);
  assert.equal(await page.evaluate(() => document.getElementById('export-progress').value), 2000);
  await page.click('#tab-live');
});

test('the page is usable by keyboard: skip link, tabs by arrow keys, visible focus, the detail and back', async () => {
  await page.reload();
  await page.waitForSelector('#connection.connected');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-live');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.equal(outline, 'solid', 'focus is visible');
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await page.evaluate(() => [document.activeElement.id, document.getElementById('view-compliance').hidden]), ['tab-compliance', false]);
  await page.keyboard.press('End');
  assert.deepEqual(await page.evaluate(() => [document.activeElement.id, document.getElementById('view-search').hidden]), ['tab-search', false]);
  await page.keyboard.press('Home');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'filter-text', 'the live view\'s first control follows the tabs');
  await page.keyboard.type('nobody');
  assert.equal(await page.evaluate(() => document.querySelector('tr[data-username="012345"]').hidden), true, 'the filter hides rows');
  await page.fill('#filter-text', '');
  await page.dispatchEvent('#filter-text', 'input');
  await page.focus('tr[data-username="012345"] .rec button');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#detail .segment');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'detail-heading');
});

test('a backend restart: the page says so, reconnects by itself, resubscribes to the new epoch and shows what changed', async (t) => {
  if (await page.isVisible('#detail .detail-bar button')) await page.click('#detail .detail-bar button');
  const epoch = await page.evaluate(() => document.body.dataset.epoch);
  assert.deepEqual(problems, []);
  await gadget.stop();
  await backend.kill();
  await page.waitForFunction(() => !document.getElementById('connection').classList.contains('connected'), null, { timeout: 30000 });
  assert.match(await page.textContent('#connection'), /Reconnecting|Disconnected/);
  assert.equal(await page.evaluate(() => document.body.dataset.stale), 'true');
  await page.screenshot({ path: join(screenshots, 'map-reconnecting.png') });

  await backend.start();
  // A change made while the page is away: it arrives with the new snapshot.
  gadget = await gadgetClient(backend.url);
  await gadget.publish(events.login('012346', '61002', { firstName: 'Alice', lastName: 'Ames', teamId: '5003', teamName: 'Collections' }));
  await page.waitForSelector('#connection.connected', { timeout: 30000 });
  // While the host was away the SignalR client logged its failed attempts (and the browser its refused requests).
  const outage = problems.splice(0);
  assert.ok(outage.every((p) => /^console: (\[[^\]]+\] Error: |Failed to load resource: net::ERR_CONNECTION_(REFUSED|RESET))/.test(p)), JSON.stringify(outage));
  const resubscribed = await eventually(() => page.evaluate(() => document.body.dataset.epoch), (e) => e && e !== epoch, 'a new epoch');
  assert.notEqual(resubscribed, epoch);
  await page.waitForSelector('tr[data-username="012346"]', { timeout: 5000 });
  assert.ok(await page.$('tr[data-username="012345"]'), 'the agent from before the restart is still signed in');

  const started = Date.now();
  await gadget.publish(events.state('012346', '61002', 'NOT_READY'));
  const ms = await shownWithin(page, 'tr[data-username="012346"] .state-NOT_READY', started);
  t.diagnostic(`a change after the restart shown after ${ms} ms`);
  assert.ok(ms < 1000, `a change after the restart shown after ${ms} ms`);
  assert.deepEqual(problems, []);
});
