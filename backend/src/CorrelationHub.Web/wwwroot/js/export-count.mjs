// Pure counting of export rows as the bytes stream in, so the page can show progress against /api/calls/count.
// CSV (RFC 4180): a line break inside a quoted field is not a row end; the header row is not counted. NDJSON: one
// row per line. Works across chunk boundaries (a quote or CRLF may be split between chunks).

const QUOTE = 0x22;
const LF = 0x0a;

export function createRowCounter(format) {
  let lines = 0;
  let inQuotes = false;
  let pending = false; // bytes after the last line break
  const csv = format === 'csv';
  return {
    /** Counts the rows completed by this chunk (Uint8Array); returns data rows so far. */
    push(chunk) {
      for (let i = 0; i < chunk.length; i += 1) {
        const byte = chunk[i];
        if (csv && byte === QUOTE) {
          // "" inside a quoted field toggles twice: still inside.
          inQuotes = !inQuotes;
          pending = true;
        } else if (byte === LF && !inQuotes) {
          lines += 1;
          pending = false;
        } else {
          pending = true;
        }
      }
      return this.rows;
    },
    /** Data rows so far (CSV: header excluded). */
    get rows() {
      return Math.max(0, lines - (csv ? 1 : 0));
    },
    /** Data rows once the stream has ended (a last line without a line break counts). */
    finish() {
      if (pending && !inQuotes) {
        lines += 1;
        pending = false;
      }
      return this.rows;
    },
  };
}

/** The file name of a Content-Disposition header (attachment; filename="x.csv"), or the fallback. */
export function filenameFrom(disposition, fallback) {
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition || '');
  if (!match) return fallback;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

/** "1,234 of 5,000 rows (24 %)" */
export function progressText(rows, total) {
  const n = (value) => value.toLocaleString('en-US');
  if (!Number.isFinite(total) || total <= 0) return `${n(rows)} rows`;
  return `${n(Math.min(rows, total))} of ${n(total)} rows (${Math.min(100, Math.floor((rows / total) * 100))} %)`;
}
