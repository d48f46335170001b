// Today's compliance per team (GET api/metrics/compliance from local midnight to now), refreshed periodically:
// recording success rate, metadata match rate, recording latency. A rate under 99 % is a warning, under 95 % an alarm.
import { h } from './dom.mjs';
import { percent, timeText } from './format.mjs';
import { todayRange } from './query.mjs';

export const REFRESH_MS = 60000;

export function rateLevel(rate) {
  if (!Number.isFinite(rate)) return 'none';
  if (rate >= 0.99) return 'ok';
  return rate >= 0.95 ? 'warn' : 'alarm';
}

function seconds(value) {
  return Number.isFinite(value) ? `${value < 10 ? value.toFixed(1) : Math.round(value)} s` : '—';
}

function row(figures, label) {
  const cell = (content, level) => h('td', level ? { className: `lvl-text-${level}` } : {}, content);
  return h('tr', { dataset: { group: figures.group } },
    h('th', { scope: 'row' }, label),
    cell(String(figures.voiceDialogs)),
    cell(String(figures.recordedDialogs)),
    cell(percent(figures.recordingSuccessRate), rateLevel(figures.recordingSuccessRate)),
    cell(String(figures.ambiguousDialogs)),
    cell(String(figures.recordings)),
    cell(percent(figures.metadataMatchRate), rateLevel(figures.metadataMatchRate)),
    cell(seconds(figures.latencyMedianSeconds)),
    cell(seconds(figures.latencyP95Seconds)),
    cell(seconds(figures.latencyMaxSeconds)));
}

export function createCompliance({ table, status, summary, access }) {
  let timer = null;

  async function refresh() {
    const { from, to } = todayRange();
    try {
      const report = await access.json(`api/metrics/compliance?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
      const teams = [...report.byTeam].sort((a, b) => a.group.localeCompare(b.group));
      table.tBodies[0].replaceChildren(...teams.map((t) => row(t, t.group.replace(/^team:/, ''))));
      table.tFoot.replaceChildren(row(report.overall, 'All teams'));
      status.textContent = `Today since ${timeText(from)}, updated ${timeText(new Date().toISOString())}.`;
      summary?.(report.overall);
    } catch (error) {
      status.textContent = `Could not read today's figures: ${error.message}`;
    }
  }

  return {
    refresh,
    start() {
      refresh();
      clearInterval(timer);
      timer = setInterval(refresh, REFRESH_MS);
    },
  };
}
