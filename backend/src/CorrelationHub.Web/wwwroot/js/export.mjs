// Export of the current search through /api/calls/export, streamed: rows are counted as bytes arrive (against
// /api/calls/count), the bytes are kept and saved as one file at the end; an AbortSignal cancels it.
import { h } from './dom.mjs';
import { createRowCounter, filenameFrom } from './export-count.mjs';
import { problem } from './access.mjs';

export async function exportCalls({ access, format, query, signal, onProgress }) {
  const suffix = query ? `&${query}` : '';
  let total = null;
  try {
    total = (await access.json(`api/calls/count?${query}`, { signal })).count;
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    total = null; // progress without a total
  }
  const response = await access.fetch(`api/calls/export?format=${format}${suffix}`, { signal });
  if (!response.ok) throw await problem(response, 'export');
  const reader = response.body.getReader();
  const counter = createRowCounter(format);
  const chunks = [];
  let bytes = 0;
  onProgress({ rows: 0, total, bytes });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    bytes += value.length;
    onProgress({ rows: counter.push(value), total, bytes });
  }
  const rows = counter.finish();
  onProgress({ rows, total, bytes });
  const name = filenameFrom(response.headers.get('Content-Disposition'), `correlationhub-calls.${format}`);
  const url = URL.createObjectURL(new Blob(chunks, { type: response.headers.get('Content-Type') || 'application/octet-stream' }));
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  return { rows, total, bytes, name };
}
