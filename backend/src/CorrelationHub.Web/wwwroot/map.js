// The live map: agents, their current calls and recordings; refreshed on every change pushed over /hubs/map.
const tbody = document.querySelector('#agents tbody');
const connection = document.getElementById('connection');
let refreshPending = false;
let refreshRunning = false;

function text(value) {
  return value === null || value === undefined ? '' : String(value);
}

function element(tag, className, content) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (content !== undefined) node.textContent = content;
  return node;
}

function renderAgents(agents) {
  document.getElementById('empty').hidden = agents.length > 0;
  const rows = agents.map((agent) => {
    const tr = document.createElement('tr');
    tr.dataset.username = agent.username;
    const name = [agent.firstName, agent.lastName].filter(Boolean).join(' ') || agent.username;
    tr.append(element('td', 'agent', `${name} (${agent.username})`));
    tr.append(element('td', 'extension', text(agent.extension)));
    tr.append(element('td', 'state', agent.loggedIn ? text(agent.state || 'LOGGED_IN') : 'LOGGED OUT'));
    const call = element('td', 'dialogs');
    for (const dialog of agent.dialogs) {
      const div = element('div', 'dialog', `${text(dialog.callType)} ${text(dialog.fromAddress)} → ${text(dialog.toAddress)} (${text(dialog.state)})`);
      div.dataset.dialogId = dialog.dialogId;
      call.append(div);
    }
    tr.append(call);
    const recordings = element('td', 'recordings');
    for (const recording of agent.recordings) {
      const div = element('div', 'recording');
      div.dataset.recordingId = recording.recordingId;
      const live = recording.end === null;
      div.append(element('span', `badge ${live ? 'recording' : recording.status}`, live ? 'recording' : recording.status.replace('_', ' ')));
      for (const flag of recording.flags) div.append(element('span', 'badge alarm', flag));
      if (!live) {
        const link = element('a', '', `segment ${recording.segmentIndex}`);
        link.href = recording.audioUrl;
        div.append(link);
      }
      if (recording.dialogId) div.append(element('span', 'linked', ` dialog ${recording.dialogId}`));
      recordings.append(div);
    }
    tr.append(recordings);
    return tr;
  });
  tbody.replaceChildren(...rows);
}

async function refresh() {
  if (refreshRunning) {
    refreshPending = true;
    return;
  }
  refreshRunning = true;
  try {
    do {
      refreshPending = false;
      const response = await fetch('/api/agents', { credentials: 'same-origin' });
      if (!response.ok) {
        connection.textContent = `cannot read agents (${response.status})`;
        connection.className = 'connection disconnected';
        return;
      }
      renderAgents(await response.json());
      document.body.dataset.renderedAt = String(performance.now());
    } while (refreshPending);
  } finally {
    refreshRunning = false;
  }
}

function setConnection(state) {
  connection.textContent = state;
  connection.className = `connection ${state === 'live' ? 'connected' : 'disconnected'}`;
}

async function start() {
  fetch('/api/settings').then((r) => (r.ok ? r.json() : null)).then((settings) => {
    if (settings && settings.openWarning) document.getElementById('open-warning').hidden = false;
  });
  const hub = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/map')
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => Math.min(10000, 500 * 2 ** Math.min(ctx.previousRetryCount, 5)) })
    .build();
  hub.on('Changed', () => refresh());
  hub.onreconnecting(() => setConnection('reconnecting…'));
  hub.onreconnected(() => { setConnection('live'); refresh(); });
  hub.onclose(() => { setConnection('disconnected'); setTimeout(connect, 2000); });
  async function connect() {
    try {
      await hub.start();
      setConnection('live');
      await refresh();
    } catch {
      setConnection('disconnected');
      setTimeout(connect, 2000);
    }
  }
  await connect();
}

start();
