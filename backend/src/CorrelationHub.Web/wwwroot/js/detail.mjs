// The call detail: a dialog (GET api/dialogs/{id}) with its agents, participant timeline, recording segments, the
// evidence for each link and a player per segment; or a recording without a dialog (GET api/recordings/{id}).
import { h } from './dom.mjs';
import { callTypeLabel, dateTimeText, timeText, flagLabel, matchStatusLabel, confidenceText, secondsText, durationText } from './format.mjs';
import { flagLevel } from './status.mjs';
import { parseReason } from './reason.mjs';
import { timelineLanes, spanBox } from './timeline.mjs';

const STATUS_LEVEL = { matched: 'ok', ambiguous: 'warn', unmatched_recording: 'warn', no_recording: 'alarm' };

function properties(pairs) {
  return h('dl', { className: 'props' }, pairs.filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function evidence(link) {
  const reason = parseReason(link.reason);
  const list = (items) => (items.length ? h('ul', { className: 'evidence' }, items.map((i) => h('li', {}, i))) : null);
  return h('div', {},
    h('p', { className: 'reason-summary' }, reason.summary),
    list(reason.items),
    reason.candidates.map((c) => h('div', { className: 'candidate' },
      h('p', {}, `${c.label}${c.p !== null ? ` — probability ${Math.round(c.p * 100)} %` : ''}`),
      list(c.items))),
    reason.notes.length ? h('p', { className: 'sub' }, reason.notes.join('; ')) : null);
}

function linksTable(links, currentDialog) {
  if (!links || links.length === 0) return h('p', { className: 'sub' }, 'Not correlated yet.');
  return h('table', { className: 'links' },
    h('caption', {}, 'Links and their evidence'),
    h('thead', {}, h('tr', {}, ['Rank', 'Dialog', 'Agent', 'Status', 'Confidence', 'Evidence'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, links.map((l) => h('tr', { className: l.dialogId && l.dialogId === currentDialog ? 'current' : '' },
      h('td', {}, String(l.rank)),
      h('td', {}, l.dialogId || '—'),
      h('td', {}, l.username ? `${l.username}${l.extension ? ` (ext ${l.extension})` : ''}` : l.extension ? `ext ${l.extension}` : '—'),
      h('td', {}, h('span', { className: `badge lvl-${STATUS_LEVEL[l.status] || 'none'}` }, matchStatusLabel(l.status)), l.final ? h('span', { className: 'sub' }, ' final') : h('span', { className: 'sub' }, ' provisional')),
      h('td', {}, confidenceText(l.confidence)),
      h('td', {}, evidence(l))))));
}

function player(segment, access) {
  if (!segment.audioUrl) return h('p', { className: 'sub' }, segment.end ? 'No audio file.' : 'Still recording: the file plays once the segment ends.');
  const label = `Recording ${segment.recordingId} segment ${segment.segmentIndex}`;
  return h('div', { className: 'player' },
    h('audio', { controls: true, preload: 'metadata', src: access.audioUrl(segment.audioUrl), 'aria-label': label, dataset: { recordingId: segment.recordingId, segment: String(segment.segmentIndex) } }),
    h('a', { href: access.audioUrl(segment.audioUrl), download: `${segment.recordingId}-${segment.segmentIndex}.wav`, className: 'sub' }, 'Download WAV'));
}

function segmentSection(segment, access, currentDialog) {
  const flags = segment.flags || [];
  return h('section', { className: 'segment', dataset: { recordingId: segment.recordingId, segment: String(segment.segmentIndex) } },
    h('h3', {}, `Recording ${segment.recordingId}, segment ${segment.segmentIndex}`),
    properties([
      ['Start', dateTimeText(segment.start)],
      ['End', segment.end ? dateTimeText(segment.end) : 'still recording'],
      ['Length', secondsText(segment.seconds)],
      ['Extension', segment.extension || segment.agentExtension],
      ['Far end', segment.farEndAddress],
      ['CUCM call leg (x-refci)', segment.refci],
      ['End reason', segment.endReason],
    ]),
    flags.length ? h('p', {}, 'Alarms: ', flags.map((f) => h('span', { className: `badge lvl-${flagLevel(f)} flag flag-${f}` }, flagLabel(f)))) : null,
    player(segment, access),
    linksTable(segment.links, currentDialog));
}

function timeline(participants, segments, nowMs) {
  const { startMs, endMs, lanes } = timelineLanes(participants, segments, nowMs);
  if (lanes.length === 0) return null;
  const figure = h('figure', { className: 'timeline' },
    h('figcaption', {}, `Timeline ${timeText(new Date(startMs).toISOString())} to ${timeText(new Date(endMs).toISOString())} (${durationText(endMs - startMs)})`),
    lanes.map((lane) => h('div', { className: `lane lane-${lane.kind}` },
      h('span', { className: 'lane-label' }, lane.label),
      h('span', { className: 'lane-track', 'aria-hidden': 'true' }, lane.spans.map((span) => {
        const box = spanBox(span, startMs, endMs);
        return h('span', { className: `span span-${span.state}`, style: `left:${box.left}%;width:${box.width}%`, title: `${span.state} ${timeText(new Date(span.fromMs).toISOString())}` }, span.state);
      })))));
  return figure;
}

export function createDetail({ container, access, onBack }) {
  let token = 0;

  async function load(path) {
    const response = await access.fetch(path);
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return response.json();
  }

  function shell(title, ...content) {
    const heading = h('h2', { id: 'detail-heading', tabIndex: -1 }, title);
    container.replaceChildren(
      h('div', { className: 'detail-bar' }, h('button', { type: 'button', onclick: onBack }, '← Back'), heading),
      ...content.flat(Infinity).filter(Boolean));
    heading.focus();
  }

  function showDialog(id, dialog, nowMs) {
    if (!dialog) return shell(`Call ${id}`, h('p', {}, 'This call is not known, or not in your teams.'));
    const variables = dialog.callVariables && typeof dialog.callVariables === 'object' ? Object.entries(dialog.callVariables) : [];
    return shell(`Call ${dialog.dialogId}`,
      h('p', { className: 'sub' }, `${callTypeLabel(dialog.callType)} · ${dialog.fromAddress || '?'} → ${dialog.toAddress || '?'} · ${dialog.state || ''}`),
      properties([
        ['Queue', dialog.queueName], ['Call key', dialog.callKey], ['Dialled number', dialog.dialedNumber], ['DNIS', dialog.dnis],
        ['Consult of', dialog.associatedDialogId], ['Secondary id', dialog.secondaryId], ['First reported', dateTimeText(dialog.firstSeen)],
        ...variables.map(([k, v]) => [k, String(v)]),
      ]),
      h('h3', {}, 'Agents'),
      h('table', { className: 'legs' },
        h('thead', {}, h('tr', {}, ['Agent', 'Extension', 'Team', 'Call type', 'Connected', 'Ended'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, dialog.legs.map((l) => h('tr', {},
          h('td', {}, l.agentName ? `${l.agentName} (${l.username})` : l.username || '—'), h('td', {}, l.extension), h('td', {}, l.teamName || '—'),
          h('td', {}, callTypeLabel(l.callType)), h('td', {}, dateTimeText(l.start)), h('td', {}, l.end ? dateTimeText(l.end) : 'on the call'))))),
      timeline(dialog.participants, dialog.segments, nowMs),
      h('details', { className: 'states' },
        h('summary', {}, `Participant states (${dialog.participants.length})`),
        h('table', {},
          h('thead', {}, h('tr', {}, ['Time', 'Participant', 'State'].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, dialog.participants.map((p) => h('tr', {}, h('td', {}, timeText(p.at)), h('td', {}, `${p.mediaAddress}${p.mediaAddressType ? ` (${p.mediaAddressType})` : ''}`), h('td', {}, p.state)))))),
      h('h3', {}, `Recordings (${dialog.segments.length})`),
      dialog.segments.length ? dialog.segments.map((s) => segmentSection(s, access, dialog.dialogId)) : h('p', { className: 'alarm-text' }, 'No recording is linked to this call.'));
  }

  function showRecording(id, recording) {
    if (!recording) return shell(`Recording ${id}`, h('p', {}, 'This recording is not known, or not in your teams.'));
    return shell(`Recording ${recording.recordingId}`,
      h('p', { className: 'sub' }, `${recording.source} · extension ${recording.agentExtension || '?'} · far end ${recording.farEndAddress || '?'}`),
      properties([['Start', dateTimeText(recording.start)], ['End', recording.end ? dateTimeText(recording.end) : 'still recording'], ['CUCM call leg (x-refci)', recording.refci],
        ['Legal hold', recording.legalHold ? recording.legalHold.reason : null]]),
      recording.segments.map((s) => segmentSection({ ...s, recordingId: recording.recordingId, refci: recording.refci, extension: recording.agentExtension }, access, null)));
  }

  return {
    /** Shows { dialogId } or { recordingId }; a later call wins over a slower earlier one. */
    async open(target, nowMs = Date.now()) {
      const mine = ++token;
      container.replaceChildren(h('p', { role: 'status' }, 'Loading…'));
      try {
        const path = target.dialogId ? `api/dialogs/${encodeURIComponent(target.dialogId)}` : `api/recordings/${encodeURIComponent(target.recordingId)}`;
        const data = await load(path);
        if (mine !== token) return;
        if (target.dialogId) showDialog(target.dialogId, data, nowMs);
        else showRecording(target.recordingId, data);
      } catch (error) {
        if (mine === token) shell('Call detail', h('p', { className: 'alarm-text', role: 'alert' }, `Could not load: ${error.message}`));
      }
    },
  };
}

