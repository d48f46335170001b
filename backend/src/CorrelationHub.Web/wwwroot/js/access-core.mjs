// Pure parts of access handling: the map gadget's token in the URL fragment and in postMessage renewals, and URLs
// that carry it where a header cannot go (the <audio> element).

export const TOKEN_MESSAGE = 'correlationhub.token';

/** The access_token of a fragment like "#access_token=abc&x=1", or null. */
export function tokenFromHash(hash) {
  const text = (hash || '').replace(/^#/, '');
  if (!text) return null;
  const value = new URLSearchParams(text).get('access_token');
  return value && value.trim() ? value.trim() : null;
}

/** The fragment without access_token (what stays in the address bar). */
export function hashWithoutToken(hash) {
  const params = new URLSearchParams((hash || '').replace(/^#/, ''));
  params.delete('access_token');
  const rest = params.toString();
  return rest ? `#${rest}` : '';
}

/**
 * A renewed token from a message event, or null: only from the parent window (the map gadget), only of the agreed
 * type, only a non-empty string.
 */
export function renewedToken(event, parentWindow, ownWindow) {
  if (!event || !parentWindow || parentWindow === ownWindow || event.source !== parentWindow) return null;
  const data = event.data;
  if (!data || typeof data !== 'object' || data.type !== TOKEN_MESSAGE || typeof data.token !== 'string') return null;
  const token = data.token.trim();
  return token ? token : null;
}

/** The URL with ?access_token= (or &access_token=) when there is a token. */
export function withToken(url, token) {
  if (!token) return url;
  const hashAt = url.indexOf('#');
  const base = hashAt >= 0 ? url.slice(0, hashAt) : url;
  const hash = hashAt >= 0 ? url.slice(hashAt) : '';
  return `${base}${base.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(token)}${hash}`;
}

/** Where an unauthenticated page goes: the sign-in page, back to this path and query afterwards. */
export function signInUrl(location) {
  return `signin.html?returnUrl=${encodeURIComponent(`${location.pathname}${location.search}`)}`;
}
