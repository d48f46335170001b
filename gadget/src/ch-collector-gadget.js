// CorrelationHub collector gadget: puts the modules together inside the Finesse desktop. Called from
// gadgets.HubSettings.onConnect (set in the gadget XML, early, so pubsub-2 finds it).
/* global finesse, gadgets, signalR */
(function (root) {
  'use strict';
  var CH = root.CorrelationHub = root.CorrelationHub || {};
  var VERSION = '1.0.0';

  function safeStorage() {
    try {
      var storage = root.localStorage;
      var probe = 'correlationhub.v1.probe';
      storage.setItem(probe, '1');
      storage.removeItem(probe);
      return storage;
    } catch (e) {
      return null;
    }
  }

  function logger() {
    var client = finesse.cslogger && finesse.cslogger.ClientLogger;
    try { if (client && client.init) { client.init(gadgets.Hub, 'CorrelationHub', finesse.gadget.Config); } } catch (e) { client = null; }
    return function (message) {
      try { if (client && client.log) { client.log('CorrelationHub: ' + message); } } catch (e) { /* logging must never break the collector */ }
    };
  }

  function prefReader() {
    var prefs = null;
    try { prefs = new gadgets.Prefs(); } catch (e) { prefs = null; }
    return function (name) {
      try { return prefs ? String(prefs.getString(name) || '') : ''; } catch (e) { return ''; }
    };
  }

  /** POST JSON straight to the backend (CORS); status 0 when the browser could not reach it. */
  function directPost(url, body, headers) {
    return fetch(url, { method: 'POST', headers: headers, body: JSON.stringify(body), credentials: 'omit', cache: 'no-store' })
      .then(function (response) {
        return response.text().then(function (text) {
          var json = null;
          try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
          return { status: response.status, json: json };
        });
      });
  }

  function start() {
    var statusElement = root.document && root.document.getElementById('correlationhub-status');
    var log = logger();
    var urlParameters = gadgets.util && gadgets.util.getUrlParameters ? gadgets.util.getUrlParameters() : {};
    var settings = CH.config.resolve(prefReader(), urlParameters.url || '');
    var config = finesse.gadget.Config;
    var username = String(config.id || '');
    var extension = String(config.extension || '');
    var view = { session: 'pending', detail: '', hub: 'idle', hubDetail: '', via: 'none', finesse: 'connected' };
    var parts = {};

    function render() {
      if (!statusElement) { return; }
      var outbox = parts.outbox ? parts.outbox.size() : 0;
      var text;
      if (!settings.backendUrl) {
        text = 'CorrelationHub: backend URL not configured (gadget preference backendUrl)';
      } else if (view.session === 'refused') {
        text = 'CorrelationHub refused the session: ' + view.detail;
      } else if (view.session === 'unavailable') {
        text = 'CorrelationHub session pending: ' + view.detail;
      } else if (parts.hub && parts.hub.isConnected()) {
        text = 'CorrelationHub connected (' + parts.hub.name + ')';
      } else if (view.via === 'proxy') {
        text = 'CorrelationHub connected through the Finesse proxy';
      } else {
        text = 'CorrelationHub connecting' + (view.hubDetail ? ': ' + view.hubDetail : '');
      }
      if (outbox > 0) { text += ' · ' + outbox + ' event(s) waiting'; }
      if (parts.outbox && !parts.outbox.durable) { text += ' · browser storage unavailable, events kept in memory only'; }
      if (view.finesse !== 'connected') { text += ' · Finesse ' + view.finesse; }
      statusElement.textContent = text;
      statusElement.setAttribute('data-session', view.session);
      statusElement.setAttribute('data-hub', view.hub);
      statusElement.setAttribute('data-via', view.via);
      statusElement.setAttribute('data-outbox', String(outbox));
    }

    if (!settings.backendUrl || !username) {
      render();
      log('not started: ' + (username ? 'backend URL not configured' : 'finesse.gadget.Config.id is empty'));
      return null;
    }

    var proxyRequest = CH.proxy.makeRequester(gadgets.io);
    var sessionUrl = settings.backendUrl + '/api/agent-session';
    function postSession(body, headers) {
      var viaProxy = function () {
        return proxyRequest(sessionUrl, { method: 'POST', headers: headers, body: JSON.stringify(body) }).then(function (r) {
          var json = null;
          try { json = r.text ? JSON.parse(r.text) : null; } catch (e) { json = null; }
          return { status: r.status, json: json };
        });
      };
      if (settings.transport === 'proxy') { return viaProxy(); }
      return directPost(sessionUrl, body, headers).catch(function (error) {
        // The browser cannot reach the backend (blocked, CORS): in 'auto' mode ask through the Finesse node.
        if (settings.transport === 'auto') { return viaProxy(); }
        throw error;
      });
    }

    var session = parts.session = new CH.session.Session({
      post: postSession,
      authHeader: function () { return finesse.utilities.Utilities.getAuthHeaderString(finesse.gadget.Config); },
      secret: function () { return settings.sharedSecret || null; },
      username: username,
      extension: extension,
      purpose: 'collector',
      onState: function (state, detail) {
        if (state !== view.session || detail !== view.detail) { log('session ' + state + (detail ? ': ' + detail : '')); }
        view.session = state;
        view.detail = detail;
        render();
      },
    });

    var outbox = parts.outbox = new CH.outbox.Outbox({
      storage: safeStorage() || new CH.outbox.MemoryStorage(),
      scope: username + '|' + extension,
      instanceId: CH.util.uuid(),
      onDrop: function (count, reason) { log('dropped ' + count + ' undelivered event(s): ' + reason); },
    });

    var deliverer;
    var hub = null;
    if (settings.transport !== 'proxy' && typeof signalR !== 'undefined') {
      hub = parts.hub = new CH.signalr.HubTransport({
        signalR: signalR,
        url: settings.backendUrl,
        getToken: function () { return session.getToken(); },
        onAuthFailure: function () { session.invalidate(); },
        hello: function () { return { username: username, extension: extension, version: VERSION }; },
        webSocketsOnly: settings.transport === 'auto',
        onState: function (state, detail) {
          view.hub = state;
          view.hubDetail = detail;
          if (deliverer) { deliverer.hubState(state === 'connected'); }
          render();
        },
      });
    }
    var proxy = settings.transport === 'signalr' ? null : parts.proxy = new CH.proxy.ProxyTransport({
      request: proxyRequest,
      url: settings.backendUrl,
      getToken: function () { return session.getToken(); },
      onAuthFailure: function () { session.invalidate(); },
    });
    deliverer = parts.deliverer = new CH.delivery.Deliverer({
      outbox: outbox,
      hub: hub,
      proxy: proxy,
      mode: settings.transport,
      fallbackAfterMs: settings.fallbackAfterSeconds * 1000,
      onDelivered: function (result) {
        result.rejected.forEach(function (r) { log('backend refused event ' + r.eventId + ': ' + r.reason); });
        render();
      },
      onState: function (via, detail) {
        view.via = via;
        if (detail) { log('delivery ' + via + ': ' + detail); }
        render();
      },
    });

    var collector = parts.collector = new CH.collector.Collector({
      outbox: outbox,
      deliverer: deliverer,
      username: username,
      extension: extension,
      driftMs: config.clientDriftInMillis,
      version: VERSION,
      onEvent: function () { render(); },
    });

    var adopted = outbox.renew();
    if (adopted > 0) { log('adopted ' + adopted + ' undelivered event(s) from the previous desktop'); }
    root.setInterval(function () { if (outbox.renew() > 0) { deliverer.kick(); } }, 5000);

    CH.finesse.wire(finesse, gadgets, {
      user: function (snapshot) { collector.user(snapshot); },
      dialog: function (change, snapshot) { collector.dialog(change, snapshot); },
      connection: function (status) {
        view.finesse = status === 'recovered' ? 'connected' : status;
        collector.finesseConnection(view.finesse);
        render();
      },
      error: function (where, error) { log('error in ' + where + ': ' + (error && error.message ? error.message : error)); },
    });

    var lastProxyBeat = 0;
    root.setInterval(function () {
      var beat = collector.heartbeat({ outbox: outbox.size(), transport: deliverer.via });
      if (!beat) { return; }
      var now = Date.now();
      var viaProxy = now - lastProxyBeat >= 300000; // through Finesse at most every 5 minutes
      deliverer.sendTransient(beat, viaProxy).then(function (sent) { if (sent && !(hub && hub.isConnected())) { lastProxyBeat = now; } });
    }, settings.heartbeatSeconds * 1000);

    root.addEventListener('pagehide', function () {
      outbox.release();
      // Best effort for the last events (logout): they also stay in the outbox for the next desktop to deliver.
      if (settings.transport !== 'proxy' && session.hasToken() && outbox.size() > 0) {
        var body = JSON.stringify(outbox.peek(50));
        if (body.length < 60000) {
          session.getToken().then(function (token) {
            try {
              fetch(settings.backendUrl + '/api/agent-events', {
                method: 'POST', keepalive: true, credentials: 'omit', body: body,
                headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token },
              }).catch(function () { /* the outbox keeps them */ });
            } catch (e) { /* the outbox keeps them */ }
          });
        }
      }
    });

    if (hub) { hub.start(); }
    session.getToken().then(function () { deliverer.kick(); }, function () { /* status shows why; transports retry */ });
    render();
    log('started for ' + username + ' (backend ' + settings.backendUrl + ', transport ' + settings.transport + ', from ' + settings.source + ')');
    CH.running = { settings: settings, session: session, outbox: outbox, hub: hub, proxy: proxy, deliverer: deliverer, collector: collector, render: render };
    return CH.running;
  }

  CH.collectorGadget = { start: start, version: VERSION };
})(typeof self !== 'undefined' ? self : this);
