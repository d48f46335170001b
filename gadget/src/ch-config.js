// CorrelationHub gadget: where the backend is and how to reach it, from (first wins):
//   1. the gadget URL in the desktop layout: .../CorrelationHub.xml?backendUrl=https://ch.example:443&transport=proxy
//   2. the UserPref externalServerHostAndPort_correlationhub (VPN-less: Finesse rewrites it to the proxy's name)
//   3. the UserPref backendUrl (edit default_value in the XML when it is hosted on Finesse)
//   4. the origin the gadget XML itself was loaded from, when that is the backend's /gadget/ folder
(function (root, factory) {
  var util = typeof module === 'object' && module.exports ? require('./ch-util.js') : root.CorrelationHub.util;
  var api = factory(util);
  if (typeof module === 'object' && module.exports) { module.exports = api; } else { (root.CorrelationHub = root.CorrelationHub || {}).config = api; }
})(typeof self !== 'undefined' ? self : this, function (util) {
  'use strict';

  var TRANSPORTS = ['auto', 'signalr', 'proxy'];

  function query(url) {
    var result = {};
    var at = String(url || '').indexOf('?');
    if (at < 0) { return result; }
    String(url).slice(at + 1).split('#')[0].split('&').forEach(function (pair) {
      if (!pair) { return; }
      var eq = pair.indexOf('=');
      var key = eq < 0 ? pair : pair.slice(0, eq);
      var value = eq < 0 ? '' : pair.slice(eq + 1);
      try { result[decodeURIComponent(key)] = decodeURIComponent(value.replace(/\+/g, ' ')); } catch (e) { /* skip malformed */ }
    });
    return result;
  }

  function origin(url) {
    var match = /^(https?:\/\/[^/?#]+)/i.exec(String(url || ''));
    return match ? match[1] : '';
  }

  /**
   * pref(name) -> string ('' when unset); specUrl: the gadget XML's URL (the iframe's url parameter).
   * Returns { backendUrl, transport, sharedSecret, heartbeatSeconds, fallbackAfterSeconds, source } with backendUrl '' when unknown.
   */
  function resolve(pref, specUrl) {
    var fromLayout = query(specUrl);
    var backendUrl = '';
    var source = '';
    var external = pref('externalServerHostAndPort_correlationhub');
    if (fromLayout.backendUrl) {
      backendUrl = fromLayout.backendUrl; source = 'layout';
    } else if (external) {
      backendUrl = /^https?:\/\//i.test(external) ? external : 'https://' + external; source = 'externalServerHostAndPort';
    } else if (pref('backendUrl')) {
      backendUrl = pref('backendUrl'); source = 'preference';
    } else if (/\/gadget\/CorrelationHub(Map)?\.xml(\?|#|$)/.test(String(specUrl || ''))) {
      backendUrl = origin(specUrl); source = 'gadget-url';
    }
    var transport = (fromLayout.transport || pref('transport') || 'auto').toLowerCase();
    if (TRANSPORTS.indexOf(transport) < 0) { transport = 'auto'; }
    var heartbeat = Number(fromLayout.heartbeatSeconds || pref('heartbeatSeconds') || 30);
    var fallback = Number(fromLayout.fallbackAfterSeconds || pref('fallbackAfterSeconds') || 10);
    return {
      backendUrl: util.trimSlash(backendUrl),
      transport: transport,
      sharedSecret: fromLayout.sharedSecret || pref('sharedSecret') || '',
      heartbeatSeconds: heartbeat > 0 ? heartbeat : 30,
      fallbackAfterSeconds: fallback >= 0 ? fallback : 10,
      source: source,
    };
  }

  return { resolve: resolve, query: query, origin: origin };
});
