// Finesse stand-in (tests only): the OpenSocial container features a Finesse gadget uses (pubsub-2's gadgets.Hub
// and HubSettings, gadgets.Prefs, gadgets.io.makeRequest through the Finesse server's proxy, gadgets.window,
// gadgets.util, gadgets.loadingindicator). The fake Finesse server injects it, with window.__standin (prefs, URL
// parameters, the desktop's finesse.gadget.Config), at the top of each gadget iframe, as Shindig does.
(function (w) {
  'use strict';
  var S = w.__standin;
  var subscriptions = {};
  var connected = false;
  var gadgets = w.gadgets = w.gadgets || {};

  gadgets.HubSettings = { onConnect: null };
  gadgets.Hub = {
    subscribe: function (topic, callback) {
      (subscriptions[topic] = subscriptions[topic] || []).push(callback);
      return topic + '#' + subscriptions[topic].length;
    },
    unsubscribe: function () {},
    publish: function (topic, data) {
      (subscriptions[topic] || []).slice().forEach(function (callback) {
        setTimeout(function () { callback(topic, data); }, 0);
      });
    },
    isConnected: function () { return connected; },
  };

  function Prefs() {}
  Prefs.prototype.getString = function (name) { return Object.prototype.hasOwnProperty.call(S.prefs, name) ? String(S.prefs[name]) : ''; };
  Prefs.prototype.getInt = function (name) { return parseInt(this.getString(name), 10) || 0; };
  Prefs.prototype.getBool = function (name) { return this.getString(name) === 'true'; };
  Prefs.prototype.set = function (name, value) { S.prefs[name] = String(value); };
  Prefs.prototype.getMsg = function (key) { return key; };
  gadgets.Prefs = Prefs;

  // The proxied request is made by the Finesse server, not the browser: no CORS, no WebSocket.
  gadgets.io = {
    RequestParameters: { METHOD: 'METHOD', CONTENT_TYPE: 'CONTENT_TYPE', POST_DATA: 'POST_DATA', HEADERS: 'HEADERS', AUTHORIZATION: 'AUTHORIZATION', REFRESH_INTERVAL: 'REFRESH_INTERVAL', GET_FULL_HEADERS: 'GET_FULL_HEADERS' },
    MethodType: { GET: 'GET', POST: 'POST', PUT: 'PUT', DELETE: 'DELETE' },
    ContentType: { TEXT: 'TEXT', JSON: 'JSON', DOM: 'DOM' },
    AuthorizationType: { NONE: 'NONE' },
    makeRequest: function (url, callback, params) {
      params = params || {};
      var body = JSON.stringify({ url: url, method: params.METHOD || 'GET', headers: params.HEADERS || {}, body: params.POST_DATA, refreshInterval: params.REFRESH_INTERVAL });
      fetch(S.finesseOrigin + '/gadgets/makeRequest', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          var data = null;
          if (params.CONTENT_TYPE === 'JSON') { try { data = JSON.parse(answer.text); } catch (e) { data = null; } }
          callback({ rc: answer.rc, text: answer.text, data: data, headers: answer.headers || {}, errors: answer.rc >= 400 || answer.rc === 0 ? [String(answer.rc)] : [] });
        }, function (error) {
          callback({ rc: 500, text: '', data: null, headers: {}, errors: [String(error)] });
        });
    },
  };

  gadgets.window = {
    adjustHeight: function () { S.heightAdjustments = (S.heightAdjustments || 0) + 1; },
    setTitle: function (title) { w.document.title = title; },
  };
  gadgets.util = { getUrlParameters: function () { return JSON.parse(JSON.stringify(S.urlParameters)); } };
  gadgets.loadingindicator = { dismiss: function () {} };

  // pubsub-2 reads HubSettings.onConnect when the hub connects, after the gadget document has loaded: a gadget that
  // sets it later is never started (the documented trap).
  w.addEventListener('load', function () {
    setTimeout(function () {
      connected = true;
      var onConnect = gadgets.HubSettings.onConnect;
      if (typeof onConnect === 'function') { onConnect(); }
    }, 0);
  });
})(window);
