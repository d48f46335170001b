// The map page: who is signed in, the live view over /hubs/map, today's compliance, search, call detail and export.
import { createAccess } from './access.mjs';
import { checkSession, signOut } from './auth.mjs';
import { createFeed, beginSubscribe, applySnapshot, applyDelta, applyTick, pruneUnmatched, serverNow } from './feed.mjs';
import { createRenderQueue } from './render-queue.mjs';
import { createLiveView } from './live-view.mjs';
import { createHub } from './hub.mjs';
import { connectionView } from './connection.mjs';
import { createTabs } from './tabs.mjs';
import { createSearch } from './search.mjs';
import { createDetail } from './detail.mjs';
import { createCompliance } from './compliance.mjs';
import { createLatency } from './latency.mjs';
import { announce } from './dom.mjs';
import { percent } from './format.mjs';

const $ = (id) => document.getElementById(id);
const access = createAccess(window);
const feed = createFeed();
const latency = createLatency(window);
let connectionState = 'connecting';
let lastMessageMs = null;
let hub = null;

/** Writes only what changed: a style-affecting attribute on <body> written every second would restyle the page. */
function setIfChanged(target, name, value) {
  if (target[name] !== value) target[name] = value;
}

function showConnection() {
  const view = connectionView(connectionState, lastMessageMs, Date.now());
  const element = $('connection');
  setIfChanged(element, 'textContent', view.text);
  setIfChanged(element, 'className', `connection ${view.className}`);
  setIfChanged(document.body.dataset, 'stale', String(view.stale));
  setIfChanged(document.body.dataset, 'connection', connectionState);
}

// New alarms are announced to screen readers at most every 5 s, gathered (a busy floor raises several a second).
const alarms = [];
setInterval(() => {
  if (alarms.length === 0) return;
  const shown = alarms.splice(0);
  announce($('alerts'), shown.length === 1 ? `New alarm: ${shown[0]}` : `${shown.length} new alarms: ${shown.slice(0, 3).join('; ')}${shown.length > 3 ? '; …' : ''}`);
}, 5000);

const live = createLiveView({
  tbody: $('agents').tBodies[0],
  unmatchedBody: $('unmatched').tBodies[0],
  emptyAgents: $('agents-empty'),
  emptyUnmatched: $('unmatched-empty'),
  summary: $('summary'),
  teamSelect: $('filter-team'),
  alerts: (text) => alarms.push(text),
  onDetail: (target) => openDetail(target),
});

const queue = createRenderQueue((batch) => {
  const begun = performance.now();
  live.render(feed, batch, serverNow(feed, Date.now()));
  latency.rendered(batch.notes, performance.now() - begun);
}, (flush) => window.requestAnimationFrame(flush));

function changed(result) {
  if (result.resync) {
    hub.resync();
    return;
  }
  queue.mark({ agents: [...result.agents, ...result.removed], unmatched: [...result.unmatched, ...result.unmatchedRemoved], full: result.full }, result.deltas);
}

const handlers = {
  onSubscribing: () => beginSubscribe(feed),
  onSnapshot: (snapshot) => {
    lastMessageMs = Date.now();
    changed(applySnapshot(feed, snapshot, Date.now()));
    const names = new Map(snapshot.agents.filter((a) => a.teamId && a.teamName).map((a) => [a.teamId, a.teamName]));
    $('scope').textContent = snapshot.scope.all ? 'All teams' : `Teams: ${snapshot.scope.teams.map((id) => names.get(id) || id).join(', ') || 'none'}`;
    document.body.dataset.epoch = snapshot.epoch;
  },
  onDelta: (delta) => {
    lastMessageMs = Date.now();
    changed(applyDelta(feed, delta, Date.now()));
  },
  onTick: (tick) => {
    lastMessageMs = Date.now();
    if (applyTick(feed, tick, Date.now()).resync) hub.resync();
  },
  onState: (state) => {
    connectionState = state;
    showConnection();
  },
};

// ------------------------------------------------------------------------------------------------ views
const detailPanel = $('view-detail');
const tabs = createTabs($('views'), (view) => {
  detailPanel.hidden = true;
  if (view === 'compliance') compliance.refresh();
});
let returnTo = null;
let returnView = 'live';
const detail = createDetail({
  container: $('detail'),
  access,
  onBack: () => {
    tabs.show(returnView);
    const back = returnTo?.();
    if (back) {
      if (back.tagName === 'TR') back.tabIndex = -1;
      back.focus();
    } else {
      document.getElementById(`tab-${returnView}`)?.focus();
    }
  },
});

/** Finds the control that opened the detail again, even if its row was redrawn meanwhile. */
function locator(element) {
  const row = element?.closest?.('tr');
  if (!row) return () => element;
  const [name, value] = Object.entries(row.dataset)[0] || [];
  const index = [...row.querySelectorAll('button')].indexOf(element);
  const selector = name ? `tr[data-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}="${CSS.escape(value)}"]` : null;
  return () => {
    if (document.contains(element)) return element;
    const again = selector && document.querySelector(selector);
    return again ? again.querySelectorAll('button')[index] || again : null;
  };
}

function openDetail(target) {
  returnTo = locator(document.activeElement);
  returnView = tabs.current || 'live';
  for (const panel of document.querySelectorAll('[role="tabpanel"]')) panel.hidden = true;
  detailPanel.hidden = false;
  detail.open(target, serverNow(feed, Date.now()));
}

const compliance = createCompliance({
  table: $('compliance-table'),
  status: $('compliance-status'),
  access,
  summary: (overall) => {
    $('today').textContent = overall.voiceDialogs === 0 && overall.recordings === 0
      ? 'Today: no calls yet'
      : `Today: ${percent(overall.recordingSuccessRate)} of calls recorded, ${percent(overall.metadataMatchRate)} of recordings matched`;
  },
});

$('compliance-refresh').addEventListener('click', () => compliance.refresh());

createSearch({
  form: $('search-form'),
  results: $('results'),
  status: $('search-status'),
  pager: { root: $('pager'), prev: $('page-prev'), next: $('page-next'), label: $('page-label') },
  exportBox: { root: $('export'), progress: $('export-progress'), text: $('export-text'), cancel: $('export-cancel'), csv: $('export-csv'), ndjson: $('export-ndjson'), live: $('export-live') },
  access,
  onDetail: (target) => openDetail(target),
});

for (const [id, apply] of [
  ['filter-text', (e) => live.setFilter({ text: e.target.value })],
  ['filter-team', (e) => live.setFilter({ team: e.target.value })],
  ['filter-problems', (e) => live.setFilter({ problems: e.target.checked })],
]) {
  $(id).addEventListener('input', apply);
}

// ------------------------------------------------------------------------------------------------ session
function showSession(session) {
  const user = $('user');
  const warning = $('open-warning');
  if (session.state === 'signed-in') {
    const me = session.me;
    $('user-name').textContent = me.displayName || me.username;
    $('user-detail').textContent = me.allTeams ? 'all teams' : `${(me.teams || []).length} team(s)`;
    user.hidden = false;
    // Only a cookie session can be signed out here (a map token is the gadget's, an API key or Open mode has none).
    $('sign-out').hidden = me.via !== 'account' || access.gadget;
    warning.hidden = !(me.openWarning || me.accessMode === 'Open');
  } else if (session.state === 'open') {
    user.hidden = true;
    warning.hidden = !(session.settings && session.settings.openWarning);
  } else if (session.state === 'expired') {
    $('session-note').textContent = 'The map session has expired; waiting for the gadget to renew it.';
    $('session-note').hidden = false;
  } else if (session.state === 'error') {
    $('session-note').textContent = `Cannot check who is signed in: ${session.message}`;
    $('session-note').hidden = false;
  }
}

$('sign-out').addEventListener('click', () => signOut(access));
access.onRenew(async () => {
  $('session-note').hidden = true;
  showSession(await checkSession(access));
});

async function start() {
  const session = await checkSession(access);
  if (session.state === 'redirect') return;
  showSession(session);
  hub = createHub({ signalR: window.signalR, access, handlers, log: (m) => console.warn(`CorrelationHub map: ${m}`) });
  await hub.start();
  compliance.start();
  setInterval(() => {
    const now = serverNow(feed, Date.now());
    const pruned = pruneUnmatched(feed, now);
    if (pruned.length) queue.mark({ unmatched: pruned });
    live.tick(now);
    showConnection();
  }, 1000);
}

start();
