// Pure formatting for the map page: durations, times, names, labels. No DOM.

/** "4:05", "1:02:03"; negative or unknown durations show as 0:00. */
export function durationText(ms) {
  const total = Number.isFinite(ms) && ms > 0 ? Math.floor(ms / 1000) : 0;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (n) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${minutes}:${two(seconds)}`;
}

/** Milliseconds of an ISO-8601 time, or null. */
export function ms(iso) {
  if (!iso) return null;
  const value = Date.parse(iso);
  return Number.isNaN(value) ? null : value;
}

/** The agent's display name: first and last name, else the username. */
export function agentName(agent) {
  const name = [agent.firstName, agent.lastName].filter((part) => part && String(part).trim()).join(' ');
  return name || agent.username;
}

/** The other party of a dialog, seen from the agent's extension. */
export function farEnd(dialog, extension) {
  const from = dialog.fromAddress || null;
  const to = dialog.toAddress || null;
  if (extension && from === extension) return to || from;
  if (extension && to === extension) return from || to;
  return from || to;
}

const CALL_TYPES = {
  ACD_IN: 'Inbound', PREROUTE_ACD_IN: 'Inbound', PREROUTE_DIRECT_AGENT: 'Inbound (direct)', OTHER_IN: 'Inbound', TRANSFER: 'Transfer',
  CONSULT: 'Consult', CONSULT_OFFERED: 'Consult', CONFERENCE: 'Conference', OUT: 'Outbound', AGENT_OUT: 'Outbound', AGENT_INSIDE: 'Internal',
  OUTBOUND: 'Outbound campaign', OUTBOUND_PREVIEW: 'Outbound preview', OUTBOUND_CALLBACK: 'Callback', SUPERVISOR_MONITOR: 'Monitoring',
  SUPERVISOR_BARGE_IN: 'Barge-in', SUPERVISOR_INTERCEPT: 'Intercept', AGENT_SPECIAL: 'Internal',
};

export function callTypeLabel(callType) {
  if (!callType) return 'Call';
  return CALL_TYPES[callType] || callType.replace(/_/g, ' ').toLowerCase().replace(/^\w/, (c) => c.toUpperCase());
}

const STATES = {
  LOGOUT: 'Signed out', NOT_READY: 'Not ready', READY: 'Ready', RESERVED: 'Reserved', RESERVED_OUTBOUND: 'Reserved (outbound)',
  RESERVED_OUTBOUND_PREVIEW: 'Reserved (preview)', TALKING: 'Talking', HOLD: 'On hold', WORK: 'Wrap-up', WORK_READY: 'Wrap-up',
  UNKNOWN: 'Unknown',
};

export function stateLabel(state) {
  if (!state) return 'Signed in';
  return STATES[state] || state;
}

const FLAGS = {
  'no-audio': 'No audio', 'codec-mismatch': 'Codec mismatch', 'srtp-auth-failures': 'SRTP failures', 'one-leg-missing': 'One leg missing', 'stream-mixup': 'Streams mixed up',
  recovered: 'Recovered after restart', 'codec-failure': 'Codec failure', 'no-answer': 'No media answer', mixed: 'Mixed stream',
  'metadata-invalid': 'Bad metadata',
};

export function flagLabel(flag) {
  return FLAGS[flag] || flag;
}

const STATUSES = { matched: 'Matched', ambiguous: 'Ambiguous', unmatched_recording: 'Unmatched recording', no_recording: 'Not recorded' };

export function matchStatusLabel(status) {
  return STATUSES[status] || status || '';
}

/** "98.5 %" from 0.985; "—" when unknown. */
export function percent(rate) {
  return Number.isFinite(rate) ? `${(Math.round(rate * 1000) / 10).toFixed(1)} %` : '—';
}

export function secondsText(seconds) {
  return Number.isFinite(seconds) ? `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s` : '—';
}

/** Rounded down, as the engine rounds it: 0.997 is "99.7 %", never "100 %". */
export function confidenceText(confidence) {
  return Number.isFinite(confidence) ? `${(Math.floor(confidence * 1000) / 10).toFixed(1)} %` : '—';
}

/** Local wall-clock time (HH:MM:SS) of an ISO time. */
export function timeText(iso, locale) {
  const value = ms(iso);
  return value === null ? '—' : new Date(value).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** Local date and time of an ISO time (YYYY-MM-DD HH:MM:SS). */
export function dateTimeText(iso) {
  const value = ms(iso);
  if (value === null) return '—';
  const d = new Date(value);
  const two = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}
