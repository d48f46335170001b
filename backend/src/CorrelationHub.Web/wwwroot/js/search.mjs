// Search of past calls (GET api/calls with the form's filters, paged), the results table, and export of the same
// query (CSV or NDJSON) with progress and cancel.
import { h, announce } from './dom.mjs';
import { buildCallQuery, pagedQuery, inputValue, FieldError } from './query.mjs';
import { callTypeLabel, dateTimeText, matchStatusLabel, confidenceText, secondsText, flagLabel } from './format.mjs';
import { flagLevel } from './status.mjs';
import { exportCalls } from './export.mjs';
import { progressText } from './export-count.mjs';

export const PAGE_SIZE = 50;
const STATUS_LEVEL = { matched: 'ok', ambiguous: 'warn', unmatched_recording: 'warn', no_recording: 'alarm' };

function values(form) {
  const data = new FormData(form);
  return Object.fromEntries(['from', 'to', 'username', 'extension', 'number', 'status'].map((k) => [k, String(data.get(k) || '')]));
}

function duration(row) {
  if (row.recording_seconds !== null && row.recording_seconds !== undefined && row.recording_seconds !== '') return secondsText(Number(row.recording_seconds));
  if (row.dialog_start_utc && row.dialog_end_utc) return secondsText((Date.parse(row.dialog_end_utc) - Date.parse(row.dialog_start_utc)) / 1000);
  return '—';
}

export function createSearch({ form, results, status, pager, exportBox, access, onDetail }) {
  let query = null;
  let page = 0;
  let controller = null;
  form.elements.from.value = inputValue(new Date(new Date().setHours(0, 0, 0, 0)));

  function showError(error) {
    for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
    const field = error instanceof FieldError ? error.field : null;
    if (field && form.elements[field]) {
      form.elements[field].setAttribute('aria-invalid', 'true');
      form.elements[field].focus();
    }
    announce(status, error.message);
  }

  function row(r) {
    const name = r.agent_name || r.agent_username || '—';
    const flags = (r.flags || '').split(',').filter(Boolean);
    const target = r.dialog_id ? { dialogId: r.dialog_id } : { recordingId: r.recording_id };
    return h('tr', { dataset: { dialogId: r.dialog_id || '', recordingId: r.recording_id || '', status: r.match_status } },
      h('td', {}, dateTimeText(r.recording_start_utc || r.dialog_start_utc)),
      h('th', { scope: 'row' }, name, r.agent_username && r.agent_name ? h('span', { className: 'sub' }, ` ${r.agent_username}`) : null),
      h('td', {}, r.extension || '—'),
      h('td', {}, callTypeLabel(r.call_type)),
      h('td', {}, r.from_address || '—'),
      h('td', {}, r.to_address || '—'),
      h('td', {}, r.far_end_address || '—'),
      h('td', {}, duration(r)),
      h('td', {}, h('span', { className: `badge lvl-${STATUS_LEVEL[r.match_status] || 'none'}` }, matchStatusLabel(r.match_status)), flags.map((f) => h('span', { className: `badge lvl-${flagLevel(f)}` }, flagLabel(f)))),
      h('td', {}, r.match_status === 'matched' || r.match_status === 'ambiguous' ? confidenceText(Number(r.match_confidence)) : '—'),
      h('td', {}, h('button', { type: 'button', className: 'link', onclick: () => onDetail(target), 'aria-label': `Details of the call of ${name} at ${dateTimeText(r.recording_start_utc || r.dialog_start_utc)}` }, 'Details')));
  }

  async function load() {
    announce(status, 'Searching…');
    try {
      const rows = await access.json(`api/calls?${pagedQuery(query, page, PAGE_SIZE)}`);
      const more = rows.length > PAGE_SIZE;
      const shown = rows.slice(0, PAGE_SIZE);
      results.tBodies[0].replaceChildren(...shown.map(row));
      results.hidden = shown.length === 0;
      const first = page * PAGE_SIZE + 1;
      announce(status, shown.length === 0 ? (page === 0 ? 'No calls match.' : 'No more calls.') : `Calls ${first}–${first + shown.length - 1}${more ? ', more on the next page' : ''}.`);
      pager.prev.disabled = page === 0;
      pager.next.disabled = !more;
      pager.root.hidden = page === 0 && !more;
      pager.label.textContent = `Page ${page + 1}`;
    } catch (error) {
      showError(error);
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    try {
      query = buildCallQuery(values(form));
    } catch (error) {
      showError(error);
      return;
    }
    for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
    page = 0;
    load();
  });
  pager.prev.addEventListener('click', () => { if (page > 0) { page -= 1; load(); } });
  pager.next.addEventListener('click', () => { page += 1; load(); });

  async function startExport(format) {
    let current;
    try {
      current = query ?? buildCallQuery(values(form));
    } catch (error) {
      showError(error);
      return;
    }
    controller?.abort();
    controller = new AbortController();
    const mine = controller;
    exportBox.root.hidden = false;
    exportBox.root.dataset.state = 'running';
    exportBox.cancel.disabled = false;
    exportBox.progress.removeAttribute('value');
    exportBox.text.textContent = `Exporting ${format.toUpperCase()}…`;
    announce(exportBox.live, `Export to ${format.toUpperCase()} started.`);
    try {
      const done = await exportCalls({
        access, format, query: current, signal: mine.signal,
        onProgress: ({ rows, total }) => {
          if (Number.isFinite(total) && total > 0) {
            exportBox.progress.max = total;
            exportBox.progress.value = Math.min(rows, total);
          }
          exportBox.text.textContent = progressText(rows, total);
        },
      });
      exportBox.progress.max = Math.max(1, done.rows);
      exportBox.progress.value = Math.max(1, done.rows);
      exportBox.text.textContent = `Saved ${done.name}: ${done.rows.toLocaleString('en-US')} rows.`;
      exportBox.root.dataset.state = 'done';
      announce(exportBox.live, `Export finished: ${done.rows} rows saved as ${done.name}.`);
    } catch (error) {
      const cancelled = error.name === 'AbortError';
      exportBox.text.textContent = cancelled ? 'Export cancelled.' : `Export failed: ${error.message}`;
      exportBox.root.dataset.state = cancelled ? 'cancelled' : 'failed';
      announce(exportBox.live, exportBox.text.textContent);
    } finally {
      if (controller === mine) {
        exportBox.cancel.disabled = true;
        controller = null;
      }
    }
  }

  exportBox.csv.addEventListener('click', () => startExport('csv'));
  exportBox.ndjson.addEventListener('click', () => startExport('ndjson'));
  exportBox.cancel.addEventListener('click', () => controller?.abort());

  return {
    /** Runs a search for these values (e.g. an agent's calls from the live view). */
    searchFor(valuesToSet) {
      for (const [k, v] of Object.entries(valuesToSet)) if (form.elements[k]) form.elements[k].value = v;
      form.requestSubmit();
    },
  };
}
