// CorrelationHub gadget: the fallback through the Finesse server. gadgets.io.makeRequest has the Finesse node's
// Shindig proxy POST the events to {backend}/api/agent-events, so no browser-to-backend connection (WebSocket,
// CORS) is needed; the Finesse node must reach and trust the backend instead. One batch (a JSON array) at a time.
(function (root, factory) {
  var util = typeof module === 'object' && module.exports ? require('./ch-util.js') : root.CorrelationHub.util;
  var api = factory(util);
  if (typeof module === 'object' && module.exports) { module.exports = api; } else { (root.CorrelationHub = root.CorrelationHub || {}).proxy = api; }
})(typeof self !== 'undefined' ? self : this, function (util) {
  'use strict';

  /** Promise form of gadgets.io.makeRequest: request(url, { method, headers, body }) -> { status, text }. */
  function makeRequester(gadgetsIo) {
    return function (url, request) {
      return new Promise(function (resolve) {
        var p = gadgetsIo.RequestParameters;
        var params = {};
        params[p.METHOD] = request.method === 'GET' ? gadgetsIo.MethodType.GET : gadgetsIo.MethodType.POST;
        params[p.CONTENT_TYPE] = gadgetsIo.ContentType.TEXT;
        params[p.HEADERS] = request.headers || {};
        if (request.body !== undefined) { params[p.POST_DATA] = request.body; }
        params[p.REFRESH_INTERVAL] = 0; // never let Shindig cache (its default is an hour)
        if (p.AUTHORIZATION && gadgetsIo.AuthorizationType) { params[p.AUTHORIZATION] = gadgetsIo.AuthorizationType.NONE; }
        gadgetsIo.makeRequest(url, function (response) {
          resolve({ status: response && response.rc ? Number(response.rc) : 0, text: response && typeof response.text === 'string' ? response.text : '' });
        }, params);
      });
    };
  }

  function parse(text) {
    try { return JSON.parse(text); } catch (e) { return null; }
  }

  /** Index of the refused event from a problem's field ("[3].dialog.id"); 0 for a single event. */
  function refusedIndex(problem) {
    var match = /^\[(\d+)\]/.exec(String(problem && problem.field || ''));
    return match ? Number(match[1]) : 0;
  }

  /** options: request (see makeRequester), url (backend), getToken() -> Promise<string>, onAuthFailure(). */
  function ProxyTransport(options) {
    this._o = options;
    this.name = 'proxy';
    this.batchSize = 50;
  }

  ProxyTransport.prototype.send = function (events) {
    var self = this;
    var failAll = function (message) {
      return events.map(function (e) { return { eventId: e.eventId, failed: message }; });
    };
    return this._o.getToken().then(function (token) {
      return self._o.request(util.trimSlash(self._o.url) + '/api/agent-events', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token },
        body: JSON.stringify(events),
      });
    }).then(function (response) {
      var json = parse(response.text);
      if (response.status === 202 && Array.isArray(json)) {
        var acked = {};
        json.forEach(function (ack) { if (ack && ack.eventId) { acked[String(ack.eventId).toLowerCase()] = ack; } });
        return events.map(function (e) {
          var ack = acked[String(e.eventId).toLowerCase()];
          return ack ? { eventId: e.eventId, ok: true, ack: ack } : { eventId: e.eventId, failed: 'no acknowledgement' };
        });
      }
      if ((response.status === 400 || response.status === 403) && json && json.field !== undefined) {
        // Nothing of the batch was applied: refuse the named event, send the others again.
        var bad = refusedIndex(json);
        return events.map(function (e, i) {
          return i === bad ? { eventId: e.eventId, rejected: String(json.detail || json.title) } : { eventId: e.eventId, again: true };
        });
      }
      if (response.status === 401 && self._o.onAuthFailure) { self._o.onAuthFailure(); }
      return failAll(response.status ? 'HTTP ' + response.status : 'Finesse proxy could not reach the backend');
    }, function (error) {
      return failAll(error && error.message ? error.message : String(error));
    });
  };

  ProxyTransport.prototype.isConnected = function () { return true; };

  return { ProxyTransport: ProxyTransport, makeRequester: makeRequester, refusedIndex: refusedIndex };
});
