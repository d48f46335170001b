// CorrelationHub gadget: delivers the outbox, oldest first, one batch at a time, over the hub when it is connected
// or over the Finesse proxy (mode 'proxy', or mode 'auto' once the hub has been down for fallbackAfterMs). An event
// leaves the outbox only when the backend acknowledged it, or refused it for good (an error naming the field:
// retrying would never succeed and would block every later event); transport failures keep it and back off.
(function (root, factory) {
  var util = typeof module === 'object' && module.exports ? require('./ch-util.js') : root.CorrelationHub.util;
  var api = factory(util);
  if (typeof module === 'object' && module.exports) { module.exports = api; } else { (root.CorrelationHub = root.CorrelationHub || {}).delivery = api; }
})(typeof self !== 'undefined' ? self : this, function (util) {
  'use strict';

  /**
   * options: outbox; hub (HubTransport or null); proxy (ProxyTransport or null); mode 'auto'|'signalr'|'proxy';
   * fallbackAfterMs (default 10000); now(); setTimeout; clearTimeout; random;
   * onDelivered({ acked: [ack], rejected: [{ eventId, reason }], via }); onState(via, detail).
   */
  function Deliverer(options) {
    this._o = options;
    this._now = options.now || Date.now;
    // Called as plain functions: window.setTimeout refuses another `this` ("Illegal invocation").
    this._setTimeout = options.setTimeout || function (fn, ms) { return setTimeout(fn, ms); };
    this._clearTimeout = options.clearTimeout || function (id) { clearTimeout(id); };
    this._fallbackAfterMs = options.fallbackAfterMs === undefined ? 10000 : options.fallbackAfterMs;
    this._hubDownSince = this._now();
    this._busy = false;
    this._again = false;
    this._timer = null;
    this._failures = 0;
    this.via = 'none';
    this.delivered = 0;
    this.rejected = 0;
    this.lastError = '';
  }

  /** The hub's state changed: note since when it is down, and deliver at once when it is up. */
  Deliverer.prototype.hubState = function (connected) {
    if (connected) {
      this._hubDownSince = null;
      this._failures = 0;
      this.kick();
    } else if (this._hubDownSince === null) {
      this._hubDownSince = this._now();
      this.kick();
    }
  };

  /** Which transport to use now, or null (with the wait before the fallback becomes eligible). */
  Deliverer.prototype._pick = function () {
    var mode = this._o.mode || 'auto';
    var hub = this._o.hub;
    var proxy = this._o.proxy;
    if (mode === 'proxy') { return { transport: proxy }; }
    if (hub && hub.isConnected()) { return { transport: hub }; }
    if (mode === 'auto' && proxy) {
      var downFor = this._hubDownSince === null ? 0 : this._now() - this._hubDownSince;
      if (downFor >= this._fallbackAfterMs) { return { transport: proxy }; }
      return { transport: null, wait: this._fallbackAfterMs - downFor };
    }
    return { transport: null };
  };

  Deliverer.prototype._schedule = function (delay) {
    var self = this;
    if (this._timer) { this._clearTimeout(this._timer); }
    this._timer = this._setTimeout(function () { self._timer = null; self.kick(); }, Math.max(0, delay));
  };

  /** Deliver what is waiting (safe to call any time; one pump runs at a time). */
  Deliverer.prototype.kick = function () {
    var self = this;
    if (this._busy) { this._again = true; return Promise.resolve(); }
    this._busy = true;
    this._again = false;
    return Promise.resolve().then(function () { return self._pump(); }).then(function () {
      self._busy = false;
      if (self._again) { return self.kick(); }
      return undefined;
    }, function (error) {
      self._busy = false;
      self.lastError = String(error && error.message ? error.message : error);
      self._schedule(1000);
    });
  };

  Deliverer.prototype._setVia = function (via, detail) {
    if (via !== this.via || detail) {
      this.via = via;
      if (this._o.onState) { this._o.onState(via, detail || ''); }
    }
  };

  Deliverer.prototype._pump = function () {
    var self = this;
    var outbox = this._o.outbox;
    if (outbox.size() === 0) { return Promise.resolve(); }
    var pick = this._pick();
    if (!pick.transport) {
      this._setVia('none');
      if (pick.wait !== undefined) { this._schedule(pick.wait); }
      return Promise.resolve();
    }
    var transport = pick.transport;
    var batch = outbox.peek(transport.batchSize);
    return transport.send(batch).then(function (results) {
      var acked = [];
      var rejected = [];
      var failed = null;
      var done = [];
      results.forEach(function (r) {
        if (r.ok) { acked.push(r.ack || { eventId: r.eventId }); done.push(r.eventId); }
        else if (r.rejected) { rejected.push({ eventId: r.eventId, reason: r.rejected }); done.push(r.eventId); }
        else if (r.failed && failed === null) { failed = r.failed; }
      });
      if (done.length === 0 && failed === null) { failed = 'the backend answered for none of the events'; }
      outbox.remove(done);
      self.delivered += acked.length;
      self.rejected += rejected.length;
      if (done.length && self._o.onDelivered) { self._o.onDelivered({ acked: acked, rejected: rejected, via: transport.name }); }
      if (failed !== null) {
        self.lastError = failed;
        self._failures += 1;
        self._setVia('retrying', failed);
        self._schedule(util.backoff(self._failures - 1, 1000, 30000, self._o.random));
        return undefined;
      }
      self._failures = 0;
      self.lastError = '';
      self._setVia(transport.name);
      return self._pump();
    });
  };

  /** A heartbeat: sent now if a transport is up, never stored (it only means something live). */
  Deliverer.prototype.sendTransient = function (event, allowProxy) {
    var pick = this._pick();
    if (!pick.transport || (pick.transport === this._o.proxy && !allowProxy)) { return Promise.resolve(false); }
    return pick.transport.send([event]).then(function (results) { return !!(results[0] && results[0].ok); });
  };

  return { Deliverer: Deliverer };
});
