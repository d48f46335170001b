// CorrelationHub gadget: the SignalR adapter. One HubConnection to {backend}/hubs/agent (the npm
// @microsoft/signalr bundle shipped in gadget/vendor, never a CDN), WebSockets only in 'auto' mode (the Finesse
// proxy is the fallback), any SignalR transport in 'signalr' mode. It reconnects forever with backoff: the
// automatic reconnect after a drop, and its own retry loop for the first start and after a close. After every
// (re)connect it calls Register before it reports 'connected', so nothing is published before the backend has
// confirmed that the session speaks for this agent.
(function (root, factory) {
  var util = typeof module === 'object' && module.exports ? require('./ch-util.js') : root.CorrelationHub.util;
  var api = factory(util);
  if (typeof module === 'object' && module.exports) { module.exports = api; } else { (root.CorrelationHub = root.CorrelationHub || {}).signalr = api; }
})(typeof self !== 'undefined' ? self : this, function (util) {
  'use strict';

  var REJECTED = /HubException: ((?:Invalid|Refused) (?:event|registration): .*)$/;

  function isAuthFailure(error) {
    if (!error) { return false; }
    return error.statusCode === 401 || /\b401\b|Unauthorized/.test(String(error.message || error));
  }

  /** Classifies a failed invoke: refused by the backend for good (invalid, another agent) or a transport failure. */
  function classify(error) {
    var message = String(error && error.message ? error.message : error);
    var match = REJECTED.exec(message);
    return match ? { rejected: match[1] } : { failed: message };
  }

  /**
   * options: signalR (the library), url, getToken() -> Promise<string>, onAuthFailure(), hello() -> object,
   * webSocketsOnly (bool), onState(state, detail) with state 'connecting'|'connected'|'reconnecting'|'disconnected',
   * setTimeout, random.
   */
  function HubTransport(options) {
    this._o = options;
    this._setTimeout = options.setTimeout || function (fn, ms) { return setTimeout(fn, ms); };
    this._attempt = 0;
    this._stopped = true;
    this._registered = false;
    this.name = options.webSocketsOnly ? 'websocket' : 'signalr';
    this.batchSize = 20;
    this.welcome = null;
  }

  HubTransport.classify = classify;

  HubTransport.prototype._state = function (state, detail) {
    this.state = state;
    if (this._o.onState) { this._o.onState(state, detail || ''); }
  };

  HubTransport.prototype._build = function () {
    var self = this;
    var signalR = this._o.signalR;
    var http = { accessTokenFactory: function () { return self._o.getToken(); }, withCredentials: false };
    if (this._o.webSocketsOnly) { http.transport = signalR.HttpTransportType.WebSockets; }
    var connection = new signalR.HubConnectionBuilder()
      .withUrl(util.trimSlash(this._o.url) + '/hubs/agent', http)
      .withAutomaticReconnect({
        nextRetryDelayInMilliseconds: function (context) {
          if (isAuthFailure(context.retryReason) && self._o.onAuthFailure) { self._o.onAuthFailure(); }
          return util.backoff(context.previousRetryCount, 1000, 30000, self._o.random);
        },
      })
      .configureLogging(signalR.LogLevel.None)
      .build();
    connection.onreconnecting(function (error) {
      self._registered = false;
      self._state('reconnecting', error && error.message);
    });
    connection.onreconnected(function () { self._register(); });
    connection.onclose(function (error) {
      self._registered = false;
      if (self._stopped) { return; }
      // Gave up or closed by the server (token expired): start again, forever.
      self._state('disconnected', error && error.message);
      self._retry(error);
    });
    return connection;
  };

  HubTransport.prototype.start = function () {
    if (!this._stopped) { return; }
    this._stopped = false;
    this._connection = this._build();
    this._connect();
  };

  HubTransport.prototype._connect = function () {
    var self = this;
    if (this._stopped) { return; }
    this._state('connecting');
    this._connection.start().then(function () { return self._register(); }, function (error) {
      if (isAuthFailure(error) && self._o.onAuthFailure) { self._o.onAuthFailure(); }
      self._state('disconnected', error && error.message);
      self._retry(error);
    });
  };

  HubTransport.prototype._retry = function () {
    var self = this;
    var delay = util.backoff(this._attempt, 1000, 30000, this._o.random);
    this._attempt += 1;
    this._setTimeout(function () {
      if (self._stopped || !self._connection) { return; }
      if (self._connection.state === 'Disconnected') { self._connect(); }
    }, delay);
  };

  HubTransport.prototype._register = function () {
    var self = this;
    return this._connection.invoke('Register', this._o.hello()).then(function (welcome) {
      self._attempt = 0;
      self._registered = true;
      self.welcome = welcome;
      self._state('connected');
    }, function (error) {
      // The backend does not accept this session for this agent: drop the connection and try again later
      // with a fresh token.
      if (self._o.onAuthFailure) { self._o.onAuthFailure(); }
      self._state('disconnected', error && error.message);
      return self._connection.stop();
    });
  };

  HubTransport.prototype.isConnected = function () {
    return this._registered && !!this._connection && this._connection.state === 'Connected';
  };

  /** Publishes events in order (the server runs one invocation per connection at a time); one result per event. */
  HubTransport.prototype.send = function (events) {
    var connection = this._connection;
    return Promise.all(events.map(function (event) {
      return connection.invoke('Publish', event).then(function (ack) {
        return { eventId: event.eventId, ok: true, ack: ack };
      }, function (error) {
        var outcome = classify(error);
        outcome.eventId = event.eventId;
        return outcome;
      });
    }));
  };

  HubTransport.prototype.stop = function () {
    this._stopped = true;
    this._registered = false;
    return this._connection ? this._connection.stop() : Promise.resolve();
  };

  return { HubTransport: HubTransport, isAuthFailure: isAuthFailure };
});
