// Who is signed in: GET /api/auth/me first. 200: show the user and a sign-out button. 401: the sign-in page, back
// here afterwards (inside the gadget there is no sign-in page: the gadget renews the token). 404 (accounts not
// deployed): carry on as Open, reading the open-mode warning from /api/settings.
import { signInUrl } from './access-core.mjs';

export async function checkSession(access, win = window) {
  let response;
  try {
    response = await access.fetch('api/auth/me');
  } catch (error) {
    return { state: 'error', message: error.message };
  }
  if (response.status === 200) return { state: 'signed-in', me: await response.json() };
  if (response.status === 401) {
    if (access.gadget) return { state: 'expired' };
    win.location.assign(signInUrl(win.location));
    return { state: 'redirect' };
  }
  if (response.status === 404) {
    let settings = null;
    try {
      const answer = await access.fetch('api/settings');
      settings = answer.ok ? await answer.json() : null;
    } catch {
      settings = null;
    }
    return { state: 'open', settings };
  }
  return { state: 'error', message: `api/auth/me: HTTP ${response.status}` };
}

export async function signOut(access, win = window) {
  try {
    await access.fetch('api/auth/sign-out', { method: 'POST' });
  } finally {
    win.location.assign('signin.html');
  }
}
