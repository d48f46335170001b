// Pure status derivation: what a supervisor must notice about each recording segment, dialog and agent.
// Levels, worst last: none < ok < info < warn < alarm.
import { ms } from './format.mjs';

export const LEVELS = ['none', 'ok', 'info', 'warn', 'alarm'];

/** The worse of two levels. */
export function worse(a, b) {
  return LEVELS.indexOf(a) >= LEVELS.indexOf(b) ? a : b;
}

/** Recording alarms (segment flags and live MediaAlarm flags) and how loud each is. */
export const FLAG_LEVEL = {
  'no-audio': 'alarm', 'codec-mismatch': 'alarm', 'srtp-auth-failures': 'alarm', 'codec-failure': 'alarm', 'no-answer': 'alarm',
  'one-leg-missing': 'warn', 'metadata-invalid': 'warn', 'stream-mixup': 'warn', recovered: 'info', mixed: 'info',
};

/** An agent connected this long with no recording is "not recorded" (CUCM's INVITE comes a fraction of a second after the answer). */
export const RECORDING_GRACE_MS = 8000;

/** A live segment not yet linked is "linking" this long (the engine runs on each fact) before it counts as unmatched. */
export const LINK_GRACE_MS = 15000;

const CONNECTED = new Set(['ACTIVE', 'HELD']);
const ENDED = new Set(['WRAP_UP', 'DROPPED', 'FAILED']);

export function flagLevel(flag) {
  return FLAG_LEVEL[flag] || 'warn';
}

/** A segment's status: { key, label, level, live, flags: [{ flag, level }] }. */
export function segmentStatus(segment, nowMs) {
  const live = !segment.end;
  const flags = (segment.flags || []).map((flag) => ({ flag, level: flagLevel(flag) }));
  let base;
  if (segment.status === 'matched') base = { key: 'linked', label: live ? 'Recording, linked' : 'Recorded, linked', level: 'ok' };
  else if (segment.status === 'ambiguous') base = { key: 'ambiguous', label: live ? 'Recording, ambiguous' : 'Ambiguous', level: 'warn' };
  else if (live && nowMs - (ms(segment.start) ?? nowMs) < LINK_GRACE_MS) base = { key: 'linking', label: 'Recording, linking…', level: 'info' };
  else base = { key: 'unmatched', label: live ? 'Recording, not linked' : 'Not linked', level: 'warn' };
  const level = flags.reduce((acc, f) => worse(acc, f.level), base.level);
  return { ...base, level, live, flags };
}

/** The segments that belong to a dialog: linked to it, or ambiguous with it among the candidates. */
export function segmentsOfDialog(agent, dialogId) {
  return (agent.segments || []).filter((s) => s.dialogId === dialogId || (s.candidates || []).includes(dialogId));
}

/**
 * A current dialog's recording status: { key, label, level, segment } — recording and linked, ambiguous, not linked,
 * waiting, not recorded (alarm), on hold, ringing — with the worst alarm of its segments.
 */
export function dialogStatus(dialog, agent, nowMs) {
  const state = dialog.agentState || dialog.state;
  const started = ms(dialog.start);
  const segments = segmentsOfDialog(agent, dialog.dialogId);
  const live = segments.find((s) => !s.end);
  if (live || segments.length > 0) {
    const shown = live || segments[0];
    const status = segmentStatus(shown, nowMs);
    const level = segments.reduce((acc, s) => worse(acc, segmentStatus(s, nowMs).level), status.level);
    if (!live && state === 'HELD') return { key: 'held', label: 'On hold (recorded before)', level, segment: shown };
    return { key: status.key, label: status.label, level, segment: shown, flags: status.flags };
  }
  if (started === null) {
    return ENDED.has(state) ? { key: 'none', label: 'Not answered', level: 'none' } : { key: 'ringing', label: 'Ringing', level: 'none' };
  }
  const unlinked = (agent.segments || []).find((s) => !s.end && !s.dialogId && !(s.candidates || []).length);
  if (unlinked && CONNECTED.has(state)) {
    const status = segmentStatus(unlinked, nowMs);
    return { key: status.key === 'linking' ? 'linking' : 'recording-unlinked', label: status.label, level: status.level, segment: unlinked, flags: status.flags };
  }
  if (CONNECTED.has(state) && nowMs - started < RECORDING_GRACE_MS) return { key: 'waiting', label: 'Waiting for recording', level: 'info' };
  return { key: 'not-recorded', label: 'Not recorded', level: 'alarm' };
}

/** True when the agent's gadget has sent nothing (not even a heartbeat) for longer than the heartbeat period allows. */
export function gadgetQuiet(agent, nowMs, settings) {
  const seen = ms(agent.lastSeen);
  return seen !== null && nowMs - seen > (settings?.quietAfterSeconds ?? 70) * 1000;
}

/** Everything the row shows about an agent: { level, quiet, dialogs: [{ dialog, status }], key } (key changes when the view must). */
export function agentStatus(agent, nowMs, settings) {
  const quiet = gadgetQuiet(agent, nowMs, settings);
  const dialogs = (agent.dialogs || []).map((dialog) => ({ dialog, status: dialogStatus(dialog, agent, nowMs) }));
  let level = quiet ? 'warn' : 'none';
  for (const { status } of dialogs) level = worse(level, status.level);
  const key = `${quiet ? 'q' : '-'}|${dialogs.map((d) => `${d.status.key}:${d.status.level}`).join(',')}`;
  return { level, quiet, dialogs, key };
}

/**
 * The earliest moment after nowMs at which this agent's status can change with time alone (a gadget going quiet, a
 * call's grace for its recording ending, a live segment's linking grace ending); Infinity when none. The view
 * re-derives a row's status only then, not every second for every agent.
 */
export function nextStatusChange(agent, nowMs, settings) {
  const candidates = [];
  const seen = ms(agent.lastSeen);
  if (seen !== null) candidates.push(seen + (settings?.quietAfterSeconds ?? 70) * 1000 + 1);
  for (const dialog of agent.dialogs || []) {
    const start = ms(dialog.start);
    if (start !== null) candidates.push(start + RECORDING_GRACE_MS + 1);
  }
  for (const segment of agent.segments || []) {
    const start = ms(segment.start);
    if (!segment.end && start !== null) candidates.push(start + LINK_GRACE_MS + 1);
  }
  const future = candidates.filter((t) => t > nowMs);
  return future.length ? Math.min(...future) : Infinity;
}
