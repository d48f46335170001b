// The live view's DOM: one table row per signed-in agent (sorted by team, then name) and one per unmatched
// recording. Only rows that changed are rebuilt; timers tick in the rows on screen; a status that changes with time
// alone (waiting -> not recorded, a gadget going quiet) rebuilds its row at the next tick.
import { h } from './dom.mjs';
import { agentName, farEnd, callTypeLabel, stateLabel, flagLabel, durationText, ms, timeText, confidenceText, secondsText } from './format.mjs';
import { agentStatus, segmentStatus, worse, nextStatusChange } from './status.mjs';

function badge(level, text, extra) {
  return h('span', { className: `badge lvl-${level}${extra ? ` ${extra}` : ''}` }, text);
}

function timer(sinceIso, nowMs, timers) {
  const since = ms(sinceIso);
  const node = h('span', { className: 'timer' }, since === null ? '' : durationText(nowMs - since));
  if (since !== null) timers.push({ node, since });
  return node;
}

function sortKey(agent) {
  return `${(agent.teamName || '\uffff').toLowerCase()}\u0000${agentName(agent).toLowerCase()}\u0000${agent.username}`;
}

export function createLiveView({ tbody, unmatchedBody, emptyAgents, emptyUnmatched, summary, teamSelect, alerts, onDetail }) {
  const rows = new Map(); // username -> { tr, key, agent, status, timers }
  const order = []; // ascending [{ key, username }]
  const unmatchedRows = new Map(); // key -> { tr, segment, status, timers, start }
  const visible = new Set();
  const teams = new Set();
  let filter = { text: '', team: '', problems: false };
  let settings = null;
  let summaryKey = '';
  // Rows off screen are skipped by content-visibility; the browser says when a row starts or stops being drawn, so
  // the timers tick only in rows on screen (without the event, every row's timers tick: still cheap, skipped rows
  // are not laid out).
  const tracksVisibility = typeof window !== 'undefined' && 'oncontentvisibilityautostatechange' in window;
  const watch = (tr) => {
    if (!tracksVisibility) return;
    tr.addEventListener('contentvisibilityautostatechange', (event) => {
      if (event.skipped) visible.delete(tr);
      else visible.add(tr);
    });
  };

  function position(key) {
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (order[mid].key < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  function place(username, key, tr) {
    const at = position(key);
    order.splice(at, 0, { key, username });
    const next = order[at + 1];
    tbody.insertBefore(tr, next ? rows.get(next.username)?.tr ?? null : null);
  }

  function unplace(username, key) {
    const at = position(key);
    if (order[at] && order[at].username === username) order.splice(at, 1);
  }

  function matches(agent, status) {
    if (filter.problems && status.level !== 'warn' && status.level !== 'alarm') return false;
    if (filter.team && (agent.teamName || '') !== filter.team) return false;
    if (filter.text) {
      const haystack = `${agentName(agent)} ${agent.username} ${agent.extension || ''} ${agent.teamName || ''}`.toLowerCase();
      if (!haystack.includes(filter.text)) return false;
    }
    return true;
  }

  function cells(agent, status, nowMs, timers) {
    const name = agentName(agent);
    const agentCell = h('th', { scope: 'row', role: 'rowheader', className: 'agent' },
      h('span', { className: 'name' }, name),
      h('span', { className: 'sub' }, `${agent.username}${agent.extension ? ` · ext ${agent.extension}` : ''}`),
      status.quiet ? h('span', { className: 'badge lvl-warn quiet' }, 'Gadget quiet ', timer(agent.lastSeen, nowMs, timers)) : null);
    const stateCell = h('td', { role: 'cell', className: 'state' },
      h('span', { className: `state-name state-${agent.state || 'NONE'}` }, stateLabel(agent.state)),
      ' ',
      agent.stateSince ? timer(agent.stateSince, nowMs, timers) : null,
      agent.reasonCodeId ? h('span', { className: 'sub' }, `reason ${agent.reasonCodeId}`) : null);
    const callCell = h('td', { role: 'cell', className: 'calls' });
    const recordingCell = h('td', { role: 'cell', className: 'recording' });
    for (const { dialog, status: ds } of status.dialogs) {
      const other = farEnd(dialog, agent.extension);
      const held = (dialog.agentState || dialog.state) === 'HELD';
      callCell.append(h('div', { className: 'call', dataset: { dialogId: dialog.dialogId } },
        h('span', { className: 'calltype' }, callTypeLabel(dialog.callType)), ' ',
        h('span', { className: 'farend' }, other || 'unknown number'), ' ',
        dialog.start ? timer(dialog.start, nowMs, timers) : h('span', { className: 'sub' }, 'ringing'),
        held ? h('span', { className: 'sub' }, ' on hold') : null));
      const segment = ds.segment;
      recordingCell.append(h('div', { className: 'rec', dataset: { dialogId: dialog.dialogId, status: ds.key } },
        badge(ds.level, ds.label, `status-${ds.key}`),
        segment && segment.status !== 'unmatched_recording' && Number.isFinite(segment.confidence) ? h('span', { className: 'sub' }, ` ${confidenceText(segment.confidence)}`) : null,
        (ds.flags || []).map((f) => badge(f.level, flagLabel(f.flag), `flag flag-${f.flag}`)),
        h('button', { type: 'button', className: 'link', onclick: () => onDetail({ dialogId: dialog.dialogId }), 'aria-label': `Details of the call with ${other || 'unknown number'} (${name})` }, 'Details')));
    }
    if (status.dialogs.length === 0) {
      const last = (agent.segments || []).find((s) => s.end);
      if (last) {
        const ls = segmentStatus(last, nowMs);
        recordingCell.append(h('div', { className: 'rec last', dataset: { status: ls.key } },
          h('span', { className: 'sub' }, `Last call ${timeText(last.start)}: `),
          badge(ls.level, ls.label, `status-${ls.key}`),
          ls.flags.map((f) => badge(f.level, flagLabel(f.flag), `flag flag-${f.flag}`)),
          h('button', { type: 'button', className: 'link', onclick: () => onDetail(last.dialogId ? { dialogId: last.dialogId } : { recordingId: last.recordingId }), 'aria-label': `Details of ${name}'s last call` }, 'Details')));
      } else {
        callCell.append(h('span', { className: 'sub' }, 'No call'));
      }
    }
    return [agentCell, h('td', { role: 'cell', className: 'team' }, agent.teamName || '—'), stateCell, callCell, recordingCell];
  }

  function upsertAgent(agent, nowMs) {
    const key = sortKey(agent);
    const status = agentStatus(agent, nowMs, settings);
    let row = rows.get(agent.username);
    if (!row) {
      const tr = h('tr', { role: 'row', dataset: { username: agent.username } });
      row = { tr, key, agent, status, timers: [] };
      rows.set(agent.username, row);
      place(agent.username, key, tr);
      watch(tr);
    } else if (row.key !== key) {
      unplace(agent.username, row.key);
      row.key = key;
      place(agent.username, key, row.tr);
    }
    if (status.level === 'alarm' && row.status.level !== 'alarm' && alerts) {
      alerts(`${agentName(agent)}: ${status.dialogs.find((d) => d.status.level === 'alarm')?.status.label || 'alarm'}`);
    }
    row.agent = agent;
    row.status = status;
    row.nextChange = nextStatusChange(agent, nowMs, settings);
    row.timers = [];
    if (row.tr.dataset.level !== status.level) row.tr.dataset.level = status.level;
    row.tr.replaceChildren(...cells(agent, status, nowMs, row.timers));
    const hidden = !matches(agent, status);
    if (row.tr.hidden !== hidden) row.tr.hidden = hidden;
    if (agent.teamName && !teams.has(agent.teamName)) {
      teams.add(agent.teamName);
      refreshTeams();
    }
  }

  function removeAgent(username) {
    const row = rows.get(username);
    if (!row) return;
    unplace(username, row.key);
    visible.delete(row.tr);
    row.tr.remove();
    rows.delete(username);
  }

  function refreshTeams() {
    if (!teamSelect) return;
    const current = teamSelect.value;
    const options = [h('option', { value: '' }, 'All teams'), ...[...teams].sort().map((t) => h('option', { value: t }, t))];
    teamSelect.replaceChildren(...options);
    teamSelect.value = teams.has(current) ? current : '';
  }

  function unmatchedCells(segment, status, nowMs, timers) {
    return [
      h('td', {}, timeText(segment.start)),
      h('td', {}, segment.extension || '—'),
      h('td', {}, segment.farEndAddress || '—'),
      h('td', {}, segment.end ? secondsText(segment.seconds) : timer(segment.start, nowMs, timers)),
      h('td', {}, badge(status.level, status.label, `status-${status.key}`), status.flags.map((f) => badge(f.level, flagLabel(f.flag), `flag flag-${f.flag}`))),
      h('td', {}, segment.username ? `${segment.username}${segment.teamName ? ` (${segment.teamName})` : ''}` : '—'),
      h('td', {}, h('button', { type: 'button', className: 'link', onclick: () => onDetail({ recordingId: segment.recordingId }), 'aria-label': `Details of the recording on ${segment.extension || 'no extension'} at ${timeText(segment.start)}` }, 'Details')),
    ];
  }

  function upsertUnmatched(segment, nowMs) {
    const status = segmentStatus(segment, nowMs);
    let row = unmatchedRows.get(segment.key);
    const start = ms(segment.start) ?? 0;
    if (!row) {
      const tr = h('tr', { dataset: { key: segment.key, recordingId: segment.recordingId } });
      row = { tr, segment, status, timers: [], start };
      unmatchedRows.set(segment.key, row);
      // Newest first.
      let before = null;
      for (const other of unmatchedRows.values()) {
        if (other !== row && other.start <= start && (!before || other.start > before.start)) before = other;
      }
      unmatchedBody.insertBefore(tr, before ? before.tr : null);
    }
    row.segment = segment;
    row.status = status;
    row.timers = [];
    row.tr.dataset.level = status.level;
    row.tr.replaceChildren(...unmatchedCells(segment, status, nowMs, row.timers));
    // A live segment is unlinked for a moment while the engine runs: listed only once that moment has passed.
    row.tr.hidden = status.key === 'linking';
  }

  function removeUnmatched(key) {
    const row = unmatchedRows.get(key);
    if (!row) return;
    row.tr.remove();
    unmatchedRows.delete(key);
  }

  function renderSummary() {
    const counts = { agents: rows.size, onCall: 0, alarms: 0, warnings: 0, quiet: 0, unmatched: 0 };
    for (const { status } of rows.values()) {
      if (status.dialogs.some((d) => d.status.key !== 'ringing' && d.status.key !== 'none')) counts.onCall += 1;
      if (status.level === 'alarm') counts.alarms += 1;
      else if (status.level === 'warn') counts.warnings += 1;
      if (status.quiet) counts.quiet += 1;
    }
    let unmatchedLevel = 'none';
    for (const { status } of unmatchedRows.values()) {
      if (status.key === 'unmatched') counts.unmatched += 1;
      unmatchedLevel = worse(unmatchedLevel, status.level);
    }
    const key = JSON.stringify(counts) + unmatchedLevel;
    if (key !== summaryKey) {
      summaryKey = key;
      drawSummary(counts, unmatchedLevel);
    }
    emptyAgents.hidden = rows.size > 0;
    emptyUnmatched.hidden = [...unmatchedRows.values()].some((r) => !r.tr.hidden);
  }

  function drawSummary(counts, unmatchedLevel) {
    const item = (name, value, label, level) => h('li', { className: `count lvl-${value > 0 ? level : 'none'}`, dataset: { count: name } }, h('strong', {}, String(value)), ` ${label}`);
    summary.replaceChildren(
      item('agents', counts.agents, 'signed in', 'none'),
      item('onCall', counts.onCall, 'on a call', 'none'),
      item('alarms', counts.alarms, counts.alarms === 1 ? 'alarm' : 'alarms', 'alarm'),
      item('warnings', counts.warnings, counts.warnings === 1 ? 'warning' : 'warnings', 'warn'),
      item('quiet', counts.quiet, counts.quiet === 1 ? 'gadget quiet' : 'gadgets quiet', 'warn'),
      item('unmatched', counts.unmatched, counts.unmatched === 1 ? 'unmatched recording' : 'unmatched recordings', unmatchedLevel === 'alarm' ? 'alarm' : 'warn'));
  }

  return {
    /** Draws what a batch of feed changes touched (everything when batch.full). */
    render(feed, batch, nowMs) {
      settings = feed.settings;
      if (batch.full) {
        for (const username of [...rows.keys()]) if (!feed.agents.has(username)) removeAgent(username);
        for (const key of [...unmatchedRows.keys()]) if (!feed.unmatched.has(key)) removeUnmatched(key);
        for (const agent of feed.agents.values()) upsertAgent(agent, nowMs);
        for (const segment of feed.unmatched.values()) upsertUnmatched(segment, nowMs);
      } else {
        for (const username of batch.agents) {
          const agent = feed.agents.get(username);
          if (agent) upsertAgent(agent, nowMs);
          else removeAgent(username);
        }
        for (const key of batch.unmatched) {
          const segment = feed.unmatched.get(key);
          if (segment) upsertUnmatched(segment, nowMs);
          else removeUnmatched(key);
        }
      }
      renderSummary();
    },

    /** Once a second: timers of the rows on screen; rows whose status changed with time alone are rebuilt. */
    tick(nowMs) {
      for (const row of rows.values()) {
        if (row.nextChange <= nowMs) {
          const status = agentStatus(row.agent, nowMs, settings);
          if (status.key !== row.status.key) {
            upsertAgent(row.agent, nowMs);
            continue;
          }
          row.nextChange = nextStatusChange(row.agent, nowMs, settings);
        }
        if (!tracksVisibility || visible.has(row.tr)) for (const t of row.timers) t.node.textContent = durationText(nowMs - t.since);
      }
      for (const row of unmatchedRows.values()) {
        const status = segmentStatus(row.segment, nowMs);
        if (status.key !== row.status.key || status.level !== row.status.level) upsertUnmatched(row.segment, nowMs);
        else for (const t of row.timers) t.node.textContent = durationText(nowMs - t.since);
      }
      renderSummary();
    },

    setFilter(next) {
      filter = { ...filter, ...next, text: (next.text ?? filter.text).trim().toLowerCase() };
      for (const row of rows.values()) {
        const hidden = !matches(row.agent, row.status);
        if (row.tr.hidden !== hidden) row.tr.hidden = hidden;
      }
    },
  };
}
