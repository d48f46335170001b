// CorrelationHub gadget: small helpers shared by the modules (UUIDs, times, Finesse's XML-to-JS shapes).
// Every module of gadget/src is plain browser JavaScript that also loads in Node (module.exports) for unit tests.
(function (root, factory) {
  var api = factory();
  if (typeof module === 'object' && module.exports) { module.exports = api; } else { (root.CorrelationHub = root.CorrelationHub || {}).util = api; }
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  var cryptoSource = typeof crypto !== 'undefined' ? crypto : null;

  /** RFC 4122 version 4 UUID from getRandomValues (works outside secure contexts, unlike randomUUID). */
  function uuid() {
    var bytes = new Uint8Array(16);
    if (cryptoSource && cryptoSource.getRandomValues) {
      cryptoSource.getRandomValues(bytes);
    } else {
      for (var i = 0; i < 16; i++) { bytes[i] = Math.floor(Math.random() * 256); }
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = '';
    for (var j = 0; j < 16; j++) { hex += (bytes[j] + 0x100).toString(16).slice(1); }
    return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20);
  }

  /** ISO-8601 UTC with milliseconds, as Finesse writes its times. */
  function iso(ms) { return new Date(ms).toISOString(); }

  /** finesse.js turns one child into an object (or string) and several into an array; absent or empty into null. */
  function toArray(value) {
    if (value === undefined || value === null) { return []; }
    return Array.isArray(value) ? value : [value];
  }

  /** Finesse gives empty elements as null and values as strings; keep that, but never undefined. */
  function text(value) {
    if (value === undefined || value === null) { return null; }
    if (typeof value === 'string') { return value; }
    if (typeof value === 'number' || typeof value === 'boolean') { return String(value); }
    return null;
  }

  function trimSlash(url) { return String(url || '').replace(/\/+$/, ''); }

  /** Delay for the n-th retry (0-based): doubling from first to max, with up to 20 % random spread so desktops do not retry in step. */
  function backoff(attempt, firstMs, maxMs, random) {
    var base = Math.min(maxMs, firstMs * Math.pow(2, Math.min(attempt, 20)));
    var spread = (random || Math.random)() * 0.2 * base;
    return Math.round(base - spread);
  }

  return { uuid: uuid, iso: iso, toArray: toArray, text: text, trimSlash: trimSlash, backoff: backoff };
});
