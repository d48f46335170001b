// Pure layout of the call detail's timeline: one lane per participant (its states between changes) and one per
// recording segment, on a common time axis.
import { ms } from './format.mjs';

const ENDING = new Set(['DROPPED', 'WRAP_UP', 'FAILED']);

/**
 * participants: [{ mediaAddress, state, at }] in time order; segments: [{ recordingId, segmentIndex, start, end }].
 * Returns { startMs, endMs, lanes: [{ label, kind: 'participant'|'segment', spans: [{ fromMs, toMs, state }] }] }.
 * A participant's last state lasts to the end of the axis unless it is an ending state (DROPPED, WRAP_UP, FAILED),
 * which is drawn as a short mark.
 */
export function timelineLanes(participants, segments, nowMs) {
  const times = [];
  for (const p of participants) if (ms(p.at) !== null) times.push(ms(p.at));
  for (const s of segments) {
    if (ms(s.start) !== null) times.push(ms(s.start));
    if (ms(s.end) !== null) times.push(ms(s.end));
  }
  if (times.length === 0) return { startMs: nowMs, endMs: nowMs, lanes: [] };
  const byAddress = new Map();
  for (const p of participants) {
    if (ms(p.at) === null) continue;
    if (!byAddress.has(p.mediaAddress)) byAddress.set(p.mediaAddress, []);
    byAddress.get(p.mediaAddress).push({ at: ms(p.at), state: p.state });
  }
  // Still going: a segment still recording, or a participant whose latest state is not an ending one.
  const going = segments.some((s) => !s.end) || [...byAddress.values()].some((changes) => !ENDING.has(changes.reduce((a, b) => (b.at >= a.at ? b : a)).state));
  const startMs = Math.min(...times);
  const endMs = Math.max(...times, going ? nowMs : -Infinity, startMs + 1000);
  const lanes = [];
  for (const [address, changes] of byAddress) {
    changes.sort((a, b) => a.at - b.at);
    const spans = changes.map((change, i) => {
      const next = changes[i + 1];
      const ending = ENDING.has(change.state);
      const toMs = next ? next.at : ending ? change.at : endMs;
      return { fromMs: change.at, toMs, state: change.state };
    });
    lanes.push({ label: address, kind: 'participant', spans });
  }
  for (const s of segments) {
    const from = ms(s.start);
    if (from === null) continue;
    lanes.push({ label: `Recording ${s.segmentIndex}`, kind: 'segment', spans: [{ fromMs: from, toMs: ms(s.end) ?? nowMs, state: s.end ? 'RECORDED' : 'RECORDING' }] });
  }
  return { startMs, endMs, lanes };
}

/** Left and width in percent of the axis, at least a sliver wide so a short span stays visible. */
export function spanBox(span, startMs, endMs) {
  const total = Math.max(1, endMs - startMs);
  const left = ((span.fromMs - startMs) / total) * 100;
  const width = Math.max(0.8, ((span.toMs - span.fromMs) / total) * 100);
  return { left: Math.max(0, Math.min(100, left)), width: Math.min(width, 100 - Math.max(0, Math.min(99.2, left))) };
}
