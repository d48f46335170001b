// Access for every request the page makes. Inside the map gadget the page is loaded as /#access_token=<token>: the
// token is read once, kept in memory and sessionStorage (a reload of the frame keeps it), removed from the address
// bar, and sent as Authorization: Bearer on fetches, as the hub's accessTokenFactory and as ?access_token= on audio
// URLs. Renewals come from the gadget (window.parent only) by postMessage. Every fetch carries
// X-CorrelationHub-Request: 1 (cookie sessions require it against cross-site requests).
import { tokenFromHash, hashWithoutToken, renewedToken, withToken } from './access-core.mjs';

const STORAGE_KEY = 'correlationhub.mapToken';

function stored(win) {
  try {
    return win.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function store(win, token) {
  try {
    win.sessionStorage.setItem(STORAGE_KEY, token);
  } catch {
    // Storage can be blocked in a third-party frame; the token then lives in memory only.
  }
}

export function createAccess(win = window) {
  const fromHash = tokenFromHash(win.location.hash);
  let token = fromHash || stored(win);
  if (fromHash) {
    store(win, fromHash);
    win.history.replaceState(win.history.state, '', `${win.location.pathname}${win.location.search}${hashWithoutToken(win.location.hash)}`);
  }
  const renewals = [];
  win.addEventListener('message', (event) => {
    const renewed = renewedToken(event, win.parent, win);
    if (!renewed) return;
    token = renewed;
    store(win, renewed);
    for (const listener of renewals) listener(renewed);
  });

  const headers = (extra) => {
    const result = { 'X-CorrelationHub-Request': '1', ...(extra || {}) };
    if (token) result.Authorization = `Bearer ${token}`;
    return result;
  };

  return {
    get token() {
      return token;
    },
    /** True inside the map gadget (a token was handed over). */
    get gadget() {
      return Boolean(token);
    },
    headers,
    fetch(path, init = {}) {
      return win.fetch(path, { ...init, headers: headers(init.headers), credentials: 'same-origin', cache: 'no-store' });
    },
    async json(path, init) {
      const response = await this.fetch(path, init);
      if (!response.ok) throw await problem(response, path);
      return response.json();
    },
    audioUrl(url) {
      return withToken(url, token);
    },
    onRenew(listener) {
      renewals.push(listener);
    },
  };
}

/** An Error carrying the HTTP status and the problem detail (which names the field for a 400). */
export async function problem(response, path) {
  let detail = '';
  try {
    const body = await response.json();
    detail = body.detail || body.title || '';
  } catch {
    detail = response.statusText;
  }
  const error = new Error(detail ? `${detail} (${response.status})` : `${path}: HTTP ${response.status}`);
  error.status = response.status;
  return error;
}
