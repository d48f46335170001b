// CorrelationHub map gadget (supervisor layout): asks for a map session (POST /api/agent-session with purpose
// 'map' and the supervisor's Finesse Authorization header; the backend requires the Finesse Supervisor role and puts
// the supervised team ids in the token) and shows the backend's map page with that token. The token travels in
// the URL fragment (never sent to a server or written to a log) and, when renewed, by postMessage
// ({ type: 'correlationhub.token', token }) to the page's origin.
/* global finesse, gadgets */
(function (root) {
  'use strict';
  var CH = root.CorrelationHub = root.CorrelationHub || {};

  function start() {
    var status = root.document.getElementById('correlationhub-status');
    var frame = root.document.getElementById('correlationhub-map');
    var prefs = null;
    try { prefs = new gadgets.Prefs(); } catch (e) { prefs = null; }
    var pref = function (name) { try { return prefs ? String(prefs.getString(name) || '') : ''; } catch (e) { return ''; } };
    var urlParameters = gadgets.util && gadgets.util.getUrlParameters ? gadgets.util.getUrlParameters() : {};
    var settings = CH.config.resolve(pref, urlParameters.url || '');
    var config = finesse.gadget.Config;

    function show(text, state) {
      status.textContent = text;
      status.setAttribute('data-session', state);
      status.style.display = state === 'active' ? 'none' : 'block';
    }

    if (!settings.backendUrl) {
      show('CorrelationHub map: backend URL not configured (gadget preference backendUrl)', 'unconfigured');
      return null;
    }

    var proxyRequest = CH.proxy.makeRequester(gadgets.io);
    var url = settings.backendUrl + '/api/agent-session';
    var session = new CH.session.Session({
      username: String(config.id || ''),
      extension: config.extension ? String(config.extension) : null,
      purpose: 'map',
      authHeader: function () { return finesse.utilities.Utilities.getAuthHeaderString(finesse.gadget.Config); },
      post: function (body, headers) {
        var viaProxy = function () {
          return proxyRequest(url, { method: 'POST', headers: headers, body: JSON.stringify(body) }).then(function (r) {
            var json = null;
            try { json = r.text ? JSON.parse(r.text) : null; } catch (e) { json = null; }
            return { status: r.status, json: json };
          });
        };
        if (settings.transport === 'proxy') { return viaProxy(); }
        return fetch(url, { method: 'POST', headers: headers, body: JSON.stringify(body), credentials: 'omit', cache: 'no-store' })
          .then(function (response) {
            return response.text().then(function (text) {
              var json = null;
              try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
              return { status: response.status, json: json };
            });
          }, viaProxy);
      },
      onState: function (state, detail) {
        if (state === 'refused') { show('CorrelationHub map refused: ' + detail, state); }
        else if (state === 'unavailable') { show('CorrelationHub map unavailable: ' + detail, state); }
      },
    });

    var current = null;
    function refresh() {
      return session.getToken().then(function (token) {
        if (current === null) {
          frame.src = settings.backendUrl + '/#access_token=' + encodeURIComponent(token);
          frame.style.display = 'block';
        } else if (token !== current && frame.contentWindow) {
          frame.contentWindow.postMessage({ type: 'correlationhub.token', token: token }, settings.backendUrl);
        }
        current = token;
        show('CorrelationHub map for ' + (session.claims.supervisedTeams || []).length + ' team(s)', 'active');
        try { gadgets.window.adjustHeight(); } catch (e) { /* only while the tab is visible */ }
      }, function () { /* shown by onState */ });
    }

    try {
      var container = finesse.containerservices.ContainerServices.init();
      container.addHandler(finesse.containerservices.ContainerServices.Topics.ACTIVE_TAB, function () {
        try { gadgets.window.adjustHeight(); } catch (e) { /* ignore */ }
      });
      container.makeActiveTabReq();
    } catch (e) { /* older containers: fixed height */ }

    refresh();
    root.setInterval(refresh, 30000);
    CH.runningMap = { session: session, settings: settings };
    return CH.runningMap;
  }

  CH.mapGadget = { start: start };
})(typeof self !== 'undefined' ? self : this);
