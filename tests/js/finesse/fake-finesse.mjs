// Fake Finesse (tests only): one loopback HTTP server on a free port that plays a Finesse node for the gadget tests.
// - REST: GET /finesse/api/User/{id} and /finesse/api/User/{id}/Dialogs, checking Basic credentials (or SSO bearer
//   tokens) as Finesse does: an agent reads only its own User. The CorrelationHub backend verifies gadget sessions
//   against it (Finesse:Servers).
// - The desktop: /desktop?sk=... frames each gadget as /gadgets/ifr?url=<gadget XML> (fetched server-side,
//   UserPrefs substituted, the container features and finesse.min.js stand-in injected), like Shindig.
// - The Shindig proxy: /gadgets/makeRequest does the gadget's request from the server (loopback targets only).
// - Notifications: an event stream per gadget, fed by scripted timelines (setUserState, offerCall, answer, hold...).
// - 3rdpartygadget hosting: /3rdpartygadget/files/CorrelationHub/* serves the repository's gadget/ folder.
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join, dirname, normalize, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..', '..');
const X = createRequire(import.meta.url)('./standin/finesse-xml.js');
const fixtures = join(repoRoot, 'tests', 'fixtures', 'finesse');
const types = { '.js': 'application/javascript', '.xml': 'application/xml', '.html': 'text/html', '.json': 'application/json' };

// Finesse server time. Each timeline step is at least 1 ms after the previous one, as steps of a real call are.
let lastMs = 0;
const now = () => {
  lastMs = Math.max(Date.now(), lastMs + 1);
  return new Date(lastMs).toISOString();
};
const isLoopback = (url) => /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//.test(url);

export class FakeFinesse {
  constructor() {
    this.users = new Map();
    this.sessions = new Map();
    this.streams = new Set();
    this.userGets = 0;
    this.proxied = [];
  }

  /** Starts on 127.0.0.1 and a free port. */
  static async start() {
    const finesse = new FakeFinesse();
    finesse.server = createServer((req, res) => finesse.handle(req, res).catch((error) => {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(error && error.stack));
    }));
    await new Promise((resolve) => finesse.server.listen(0, '127.0.0.1', resolve));
    finesse.port = finesse.server.address().port;
    finesse.url = `http://127.0.0.1:${finesse.port}`;
    return finesse;
  }

  async close() {
    for (const stream of this.streams) stream.res.end();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /**
   * A Finesse user from user-talking.xml with these values: { id, password, extension, firstName, lastName,
   * state, teamId, teamName, roles: ['Agent'], supervisedTeams: [{ id, name }], ssoToken }.
   */
  addUser(options) {
    const user = X.parse(readFileSync(join(fixtures, 'user-talking.xml'), 'utf8'));
    const id = options.id;
    X.setText(user, 'uri', `/finesse/api/User/${id}`);
    X.setText(user, 'loginId', id);
    X.setText(user, 'loginName', options.loginName ?? `agent${id}`);
    X.setText(user, 'dialogs', `/finesse/api/User/${id}/Dialogs`);
    for (const key of ['extension', 'firstName', 'lastName', 'teamId', 'teamName']) {
      if (options[key] !== undefined) X.setText(user, key, options[key]);
    }
    X.setText(user, 'state', options.state ?? 'NOT_READY');
    X.setText(user, 'stateChangeTime', now());
    X.child(user, 'roles').children = (options.roles ?? ['Agent']).map((r) => X.make('role', [r]));
    if (options.supervisedTeams) {
      user.children.push(X.make('teams', options.supervisedTeams.map((t) => X.make('Team', [X.make('id', [t.id]), X.make('name', [t.name]), X.make('uri', [`/finesse/api/Team/${t.id}`])]))));
    }
    this.users.set(id, { id, password: options.password, ssoToken: options.ssoToken, element: user, dialogs: new Map(), failing: false });
    return id;
  }

  /** Signs a desktop in: its URL frames the given gadget XML URLs. password may differ from the user's (a changed password). */
  desktopUrl(id, { password, ssoToken, gadgets, driftMs = -250 }) {
    const sk = randomBytes(8).toString('hex');
    const user = this.users.get(id);
    const config = {
      id,
      extension: this.text(user, 'extension'),
      firstName: this.text(user, 'firstName'),
      lastName: this.text(user, 'lastName'),
      teamId: this.text(user, 'teamId'),
      teamName: this.text(user, 'teamName'),
      host: '127.0.0.1', hostPort: String(this.port), scheme: 'http', restHost: '127.0.0.1', localhostFQDN: '127.0.0.1', localhostPort: String(this.port),
      xmppDomain: '127.0.0.1', pubsubDomain: 'pubsub.127.0.0.1', locale: 'en_US', clientDriftInMillis: driftMs,
    };
    if (ssoToken) config.authToken = ssoToken;
    else config.authorization = Buffer.from(`${id}:${password}`).toString('base64');
    this.sessions.set(sk, { id, config, gadgets });
    return `${this.url}/desktop?sk=${sk}`;
  }

  text(user, name) {
    const element = X.child(user.element, name);
    return element ? X.textOf(element) || null : null;
  }

  /** The gadget XML URL when the files are hosted on this Finesse node (3rdpartygadget). */
  hostedGadgetUrl(file = 'CorrelationHub.xml', query = '') {
    return `${this.url}/3rdpartygadget/files/CorrelationHub/${file}${query}`;
  }

  // ---------------------------------------------------------------- timeline steps (each notifies the desktops)

  setUserState(id, state, { reasonCodeId = '-1', pendingState = null } = {}) {
    const user = this.users.get(id);
    X.setText(user.element, 'state', state);
    X.setText(user.element, 'reasonCodeId', reasonCodeId);
    X.setText(user.element, 'pendingState', pendingState);
    X.setText(user.element, 'stateChangeTime', now());
    this.notify(id, `/finesse/api/User/${id}`, 'PUT', X.make('user', X.clone(user.element).children));
  }

  /**
   * A call offered to the agent, from a dialog fixture: dialog and agent participant ALERTING (one action, ANSWER,
   * which finesse.js gives as a string), the agent's extension as the agent participant. callVariables: 'later'
   * (none yet: they arrive with callData()), 'one' (a single CallVariable) or 'all'.
   */
  offerCall(id, { fixture = 'dialog-inbound-active.xml', dialogId, callVariables = 'later' } = {}) {
    const user = this.users.get(id);
    const extension = this.text(user, 'extension');
    const dialog = X.parse(readFileSync(join(fixtures, fixture), 'utf8'));
    const fixtureId = X.textOf(X.child(dialog, 'id'));
    X.setText(dialog, 'id', dialogId);
    X.setText(dialog, 'uri', `/finesse/api/Dialog/${dialogId}`);
    X.setText(dialog, 'state', 'ALERTING');
    const media = X.child(dialog, 'mediaProperties');
    const variables = X.child(media, 'callvariables');
    user.pendingVariables = X.clone(variables);
    if (callVariables === 'later') variables.children = [];
    if (callVariables === 'one') variables.children = [X.children(variables, 'CallVariable')[0]];
    const [agent, caller] = X.children(X.child(dialog, 'participants'), 'Participant');
    const toAddress = X.child(dialog, 'toAddress');
    if (X.textOf(toAddress) === X.textOf(X.child(agent, 'mediaAddress'))) X.setText(dialog, 'toAddress', extension);
    X.setText(agent, 'mediaAddress', extension);
    const at = now();
    this.participant(agent, 'ALERTING', ['ANSWER'], at, at);
    X.setText(caller, 'startTime', at);
    X.setText(caller, 'stateChangeTime', at);
    user.dialogs.set(dialogId, dialog);
    this.notify(id, `/finesse/api/User/${id}/Dialogs`, 'POST', X.make('dialogs', [X.clone(dialog)]));
    return { dialogId, fixtureId };
  }

  participant(element, state, actions, at, start) {
    X.setText(element, 'state', state);
    X.child(element, 'actions').children = actions.map((a) => X.make('action', [a]));
    X.setText(element, 'stateChangeTime', at);
    if (start) X.setText(element, 'startTime', start);
  }

  agentParticipant(id, dialog) {
    const extension = this.text(this.users.get(id), 'extension');
    return X.children(X.child(dialog, 'participants'), 'Participant').find((p) => X.textOf(X.child(p, 'mediaAddress')) === extension);
  }

  changeDialog(id, dialogId, change) {
    const dialog = this.users.get(id).dialogs.get(dialogId);
    change(dialog, now());
    this.notify(id, `/finesse/api/Dialog/${dialogId}`, 'PUT', X.make('dialog', X.clone(dialog).children));
  }

  /** The call data arrives after the add (documented: CallVariables/ECC come in a later change). */
  callData(id, dialogId) {
    const user = this.users.get(id);
    this.changeDialog(id, dialogId, (dialog) => {
      const variables = X.child(X.child(dialog, 'mediaProperties'), 'callvariables');
      variables.children = X.clone(user.pendingVariables).children;
    });
  }

  answer(id, dialogId) {
    this.changeDialog(id, dialogId, (dialog, at) => {
      X.setText(dialog, 'state', 'ACTIVE');
      this.participant(this.agentParticipant(id, dialog), 'ACTIVE', ['HOLD', 'DROP', 'UPDATE_CALL_DATA', 'CONSULT_CALL'], at);
      for (const p of X.children(X.child(dialog, 'participants'), 'Participant')) X.setText(p, 'stateChangeTime', at);
    });
  }

  hold(id, dialogId) {
    this.changeDialog(id, dialogId, (dialog, at) => this.participant(this.agentParticipant(id, dialog), 'HELD', ['RETRIEVE', 'DROP', 'UPDATE_CALL_DATA'], at));
  }

  retrieve(id, dialogId) {
    this.changeDialog(id, dialogId, (dialog, at) => this.participant(this.agentParticipant(id, dialog), 'ACTIVE', ['HOLD', 'DROP', 'UPDATE_CALL_DATA', 'CONSULT_CALL'], at));
  }

  /** Hang-up: participants DROPPED, dialog DROPPED, then the dialog leaves the collection (DELETE). */
  hangUp(id, dialogId) {
    this.changeDialog(id, dialogId, (dialog, at) => {
      X.setText(dialog, 'state', 'DROPPED');
      for (const p of X.children(X.child(dialog, 'participants'), 'Participant')) this.participant(p, 'DROPPED', [], at);
    });
    const user = this.users.get(id);
    const dialog = user.dialogs.get(dialogId);
    user.dialogs.delete(dialogId);
    this.notify(id, `/finesse/api/User/${id}/Dialogs`, 'DELETE', X.make('dialogs', [X.clone(dialog)]));
  }

  /** The desktop's notification connection: 'failing' (updates are lost from now on) or 'recovered'. */
  connection(id, status) {
    const user = this.users.get(id);
    this.broadcast(id, { type: 'connection', status });
    user.failing = status === 'failing';
  }

  signOut(id) {
    this.setUserState(id, 'LOGOUT');
  }

  notify(id, source, event, dataElement) {
    if (this.users.get(id).failing) return;
    const xml = `<Update><data>${X.serialize(dataElement)}</data><event>${event}</event><requestId></requestId><source>${source}</source></Update>`;
    this.broadcast(id, { type: 'update', xml });
  }

  broadcast(id, message) {
    for (const stream of this.streams) {
      if (stream.id === id) stream.res.write(`data: ${JSON.stringify(message)}\n\n`);
    }
  }

  /** Resolves when n gadget frames of this user have their notification stream open. */
  async streamsOpen(id, n = 1, timeoutMs = 20000) {
    const deadline = Date.now() + timeoutMs;
    while ([...this.streams].filter((s) => s.id === id).length < n) {
      if (Date.now() > deadline) throw new Error(`no notification stream for ${id}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  // ---------------------------------------------------------------- HTTP

  authorized(req, user) {
    const header = req.headers.authorization || '';
    if (header.startsWith('Bearer ')) return !!user.ssoToken && header.slice(7) === user.ssoToken;
    if (!header.startsWith('Basic ')) return false;
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const at = decoded.indexOf(':');
    return decoded.slice(0, at).toLowerCase() === user.id.toLowerCase() && decoded.slice(at + 1) === user.password;
  }

  async handle(req, res) {
    const url = new URL(req.url, this.url);
    const path = url.pathname;
    let match;
    if ((match = /^\/finesse\/api\/User\/([^/]+)(\/Dialogs)?$/.exec(path)) && req.method === 'GET') {
      const user = this.users.get(decodeURIComponent(match[1]));
      if (!match[2]) this.userGets += 1;
      if (!user) return this.send(res, 401, '<ApiErrors><ApiError><ErrorType>Authorization Failure</ErrorType></ApiError></ApiErrors>', 'application/xml');
      if (!this.authorized(req, user)) return this.send(res, 401, '<ApiErrors><ApiError><ErrorType>Authorization Failure</ErrorType><ErrorMessage>Invalid credentials</ErrorMessage></ApiError></ApiErrors>', 'application/xml');
      if (match[2]) {
        return this.send(res, 200, `<Dialogs>${[...user.dialogs.values()].map((d) => X.serialize(d)).join('')}</Dialogs>`, 'application/xml');
      }
      return this.send(res, 200, X.serialize(user.element), 'application/xml');
    }
    if (path === '/desktop') return this.desktop(url, res);
    if (path === '/gadgets/ifr') return this.ifr(url, res);
    if (path === '/gadgets/makeRequest' && req.method === 'POST') return this.makeRequest(req, res);
    if (path === '/standin/events') return this.events(url, req, res);
    if (path === '/standin/gadgets.js') return this.file(res, join(here, 'standin', 'gadgets-standin.js'));
    if (path === '/desktop/assets/js/finesse.min.js' || path === '/desktop/assets/js/finesse.js') {
      const library = readFileSync(join(here, 'standin', 'finesse-xml.js'), 'utf8') + '\n' + readFileSync(join(here, 'standin', 'finesse-standin.js'), 'utf8');
      return this.send(res, 200, library, 'application/javascript');
    }
    if (path === '/desktop/assets/js/jquery.min.js') return this.send(res, 200, '/* jQuery: the stand-in finesse.js does not need it */\n', 'application/javascript');
    if (path.startsWith('/3rdpartygadget/files/CorrelationHub/')) {
      const relative = normalize(decodeURIComponent(path.slice('/3rdpartygadget/files/CorrelationHub/'.length)));
      if (relative.startsWith('..')) return this.send(res, 404, 'not found');
      return this.file(res, join(repoRoot, 'gadget', relative));
    }
    return this.send(res, 404, 'not found');
  }

  send(res, status, body, type = 'text/plain') {
    res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8`, 'Cache-Control': 'no-store' });
    res.end(body);
  }

  file(res, file) {
    if (!existsSync(file) || !statSync(file).isFile()) return this.send(res, 404, 'not found');
    return this.send(res, 200, readFileSync(file), types[extname(file)] || 'application/octet-stream');
  }

  desktop(url, res) {
    const session = this.sessions.get(url.searchParams.get('sk'));
    if (!session) return this.send(res, 401, 'not signed in');
    const frames = session.gadgets.map((gadget, i) => {
      const q = new URLSearchParams({ url: gadget, sk: url.searchParams.get('sk'), mid: String(i + 1), up_scheme: 'http', up_host: '127.0.0.1', up_hostPort: String(this.port) });
      return `<iframe id="gadget-${i + 1}" title="gadget ${i + 1}" src="/gadgets/ifr?${q}" style="width:100%;height:200px;border:1px solid #ccc"></iframe>`;
    }).join('\n');
    return this.send(res, 200, `<!DOCTYPE html><html><head><title>Finesse stand-in desktop</title></head><body><h1>Finesse stand-in: ${session.id}</h1>${frames}</body></html>`, 'text/html');
  }

  async ifr(url, res) {
    const session = this.sessions.get(url.searchParams.get('sk'));
    const specUrl = url.searchParams.get('url');
    if (!session || !specUrl || !isLoopback(specUrl)) return this.send(res, 400, 'bad gadget request');
    const response = await fetch(specUrl, { cache: 'no-store' });
    if (!response.ok) return this.send(res, 502, `gadget XML: HTTP ${response.status}`);
    const module = X.parse(await response.text());
    const prefs = {};
    for (const pref of X.children(module, 'UserPref')) {
      const name = pref.attrs.name;
      prefs[name] = url.searchParams.has(`up_${name}`) ? url.searchParams.get(`up_${name}`) : (pref.attrs.default_value ?? '');
    }
    const content = X.textOf(X.child(module, 'Content'));
    const html = content.replace(/__UP_(\w+)__/g, (whole, name) => prefs[name] ?? '');
    const urlParameters = Object.fromEntries(url.searchParams.entries());
    const standin = {
      prefs, urlParameters, finesseConfig: session.config, finesseOrigin: this.url,
      eventsUrl: `${this.url}/standin/events?sk=${url.searchParams.get('sk')}&mid=${url.searchParams.get('mid')}`,
    };
    // Shindig resolves the gadget's relative URLs against the gadget XML's URL: a <base> does the same here.
    const injected = `<base href="${specUrl.replace(/"/g, '&quot;')}"><script>window.__standin = ${JSON.stringify(standin).replace(/</g, '\\u003c')};</script><script src="${this.url}/standin/gadgets.js"></script>`;
    const page = /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (head) => head + injected) : injected + html;
    return this.send(res, 200, page, 'text/html');
  }

  async makeRequest(req, res) {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const request = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    this.proxied.push({ url: request.url, method: request.method });
    if (!isLoopback(request.url)) return this.send(res, 200, JSON.stringify({ rc: 403, text: 'only loopback targets in tests' }), 'application/json');
    try {
      const answer = await fetch(request.url, { method: request.method, headers: request.headers, body: request.method === 'GET' ? undefined : request.body, signal: AbortSignal.timeout(10000) });
      const text = await answer.text();
      return this.send(res, 200, JSON.stringify({ rc: answer.status, text, headers: Object.fromEntries(answer.headers.entries()) }), 'application/json');
    } catch (error) {
      // Shindig answers a failed fetch as an error status to the gadget.
      return this.send(res, 200, JSON.stringify({ rc: 504, text: String(error.message) }), 'application/json');
    }
  }

  events(url, req, res) {
    const session = this.sessions.get(url.searchParams.get('sk'));
    if (!session) return this.send(res, 401, 'not signed in');
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    const stream = { id: session.id, res, mid: url.searchParams.get('mid') };
    this.streams.add(stream);
    req.on('close', () => this.streams.delete(stream));
    return undefined;
  }
}
