// CorrelationHub gadget: the session with the backend. POST /api/agent-session with the agent's Finesse
// Authorization header (read fresh each time: SSO tokens are renewed by the desktop) and { username, extension,
// purpose }; the answer is a short-lived token bound to that agent and extension, renewed at 75 % of its life.
// The credential is only forwarded; the backend checks it against Finesse and never stores it.
(function (root, factory) {
  var util = typeof module === 'object' && module.exports ? require('./ch-util.js') : root.CorrelationHub.util;
  var api = factory(util);
  if (typeof module === 'object' && module.exports) { module.exports = api; } else { (root.CorrelationHub = root.CorrelationHub || {}).session = api; }
})(typeof self !== 'undefined' ? self : this, function (util) {
  'use strict';

  /**
   * options: post(body, headers) -> Promise<{ status, json }> (status 0 = network failure); authHeader() -> string;
   * secret() -> string|null; username, extension, purpose; now() in ms; onState(state, detail).
   * States: 'pending', 'active', 'refused' (the backend said no: wrong credential, not this agent...),
   * 'unavailable' (backend or Finesse unreachable).
   */
  function Session(options) {
    this._o = options;
    this._now = options.now || Date.now;
    this._token = null;
    this._renewAt = 0;
    this._expiresAt = 0;
    this._inflight = null;
    this.state = 'pending';
    this.detail = '';
    this.failures = 0;
    this.notBefore = 0;
  }

  Session.prototype._set = function (state, detail) {
    this.state = state;
    this.detail = detail || '';
    if (this._o.onState) { this._o.onState(state, this.detail); }
  };

  /** A valid token, asking for a new one when none is held or it is due for renewal. Rejects when refused. */
  Session.prototype.getToken = function () {
    var now = this._now();
    if (this._token && now < this._renewAt) { return Promise.resolve(this._token); }
    if (this._token && now < this._expiresAt && this._inflight) { return Promise.resolve(this._token); }
    if (!this._token && now < this.notBefore && !this._inflight) {
      var wait = new Error('session ' + this.state + ': ' + this.detail);
      wait.refused = this.state === 'refused';
      return Promise.reject(wait);
    }
    return this._request();
  };

  /** The backend refused the token (401): forget it so the next call asks for a new one. */
  Session.prototype.invalidate = function () {
    this._token = null;
    this._renewAt = 0;
    this._expiresAt = 0;
  };

  Session.prototype.hasToken = function () { return !!this._token && this._now() < this._expiresAt; };

  Session.prototype._request = function () {
    var self = this;
    if (this._inflight) { return this._inflight; }
    var headers = { 'Content-Type': 'application/json' };
    var auth = this._o.authHeader ? this._o.authHeader() : null;
    if (auth) { headers.Authorization = auth; }
    var secret = this._o.secret ? this._o.secret() : null;
    if (secret) { headers['X-CorrelationHub-Secret'] = secret; }
    var body = { username: this._o.username, extension: this._o.extension, purpose: this._o.purpose || 'collector' };
    var started = this._now();
    this._inflight = Promise.resolve()
      .then(function () { return self._o.post(body, headers); })
      .then(function (response) {
        self._inflight = null;
        var json = response && response.json;
        if (response && response.status === 200 && json && json.token) {
          var lifetimeMs = Math.max(5000, (Number(json.expiresInSeconds) || 300) * 1000);
          self._token = json.token;
          self._expiresAt = started + lifetimeMs;
          self._renewAt = started + Math.floor(lifetimeMs * 0.75);
          self.failures = 0;
          self.claims = json;
          self._set('active', 'signed in as ' + json.username + (json.extension ? ' on ' + json.extension : ''));
          return json.token;
        }
        self.failures += 1;
        var status = response ? response.status : 0;
        var detail = json && (json.detail || json.title) ? (json.detail || json.title) : (status ? 'HTTP ' + status : 'backend not reachable');
        var refused = status === 400 || status === 401 || status === 403;
        // A refused credential does not get better by hammering (lockouts): wait a minute; otherwise back off.
        self.notBefore = self._now() + (refused ? 60000 : util.backoff(self.failures - 1, 2000, 60000));
        self._set(refused ? 'refused' : 'unavailable', detail + (status ? ' (' + status + ')' : ''));
        var error = new Error('session ' + self.state + ': ' + self.detail);
        error.refused = refused;
        error.status = status;
        throw error;
      }, function (error) {
        self._inflight = null;
        self.failures += 1;
        self.notBefore = self._now() + util.backoff(self.failures - 1, 2000, 60000);
        self._set('unavailable', 'backend not reachable: ' + (error && error.message ? error.message : error));
        throw error;
      });
    return this._inflight;
  };

  return { Session: Session };
});
