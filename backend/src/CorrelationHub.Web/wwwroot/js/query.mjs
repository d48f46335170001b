// Pure query building for the search form and the compliance figures: local date-times to UTC ISO, filters to a
// query string, with errors that name the field.

/** ISO UTC of a local date-time input value ("2026-04-20T08:30"), or null when empty; throws a named error when malformed. */
export function localToIso(value, field) {
  if (!value) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!match) throw new FieldError(field, 'must be a date and time');
  const [, y, mo, d, h, mi, s] = match.map((part) => (part === undefined ? '0' : part));
  const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(date.getTime())) throw new FieldError(field, 'must be a date and time');
  return date.toISOString();
}

export class FieldError extends Error {
  constructor(field, message) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}

const STATUSES = new Set(['', 'matched', 'ambiguous', 'unmatched_recording', 'no_recording']);

/**
 * The query string of /api/calls, /api/calls/count and /api/calls/export for the search form's values
 * ({ from, to, username, extension, number, status }); throws FieldError naming a bad field.
 */
export function buildCallQuery(form) {
  const params = new URLSearchParams();
  const from = localToIso(form.from, 'from');
  const to = localToIso(form.to, 'to');
  if (from && to && Date.parse(from) >= Date.parse(to)) throw new FieldError('to', 'must be after from');
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  for (const name of ['username', 'extension']) {
    const value = (form[name] || '').trim();
    if (value) params.set(name, value);
  }
  const number = (form.number || '').trim();
  if (number) {
    if ((number.match(/\d/g) || []).length < 3) throw new FieldError('number', 'must contain at least 3 digits');
    params.set('number', number);
  }
  const status = form.status || '';
  if (!STATUSES.has(status)) throw new FieldError('status', 'is not a status');
  if (status) params.set('status', status);
  return params.toString();
}

/** The same query with paging (offset, and one row more than a page to know whether there is a next page). */
export function pagedQuery(query, page, pageSize) {
  const params = new URLSearchParams(query);
  params.set('offset', String(page * pageSize));
  params.set('limit', String(pageSize + 1));
  return params.toString();
}

/** Today (local midnight to now) as the compliance endpoint's from/to. */
export function todayRange(now = new Date()) {
  const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  return { from: midnight.toISOString(), to: now.toISOString() };
}

/** A datetime-local input value for a Date (local time, minutes). */
export function inputValue(date) {
  const two = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}T${two(date.getHours())}:${two(date.getMinutes())}`;
}
