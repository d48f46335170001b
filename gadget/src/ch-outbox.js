// CorrelationHub gadget: the durable outbox. Every event is written to browser storage (localStorage of the
// gadget's origin) the moment it is raised, and removed only when the backend acknowledged it, so events raised
// while the backend is unreachable, or just before the desktop reloads, are delivered afterwards, in order, with
// their eventId (the backend acknowledges a repeated eventId without applying it twice).
//
// Each gadget instance writes only its own list (no two instances overwrite each other) and keeps a lease. A new
// instance adopts the lists of instances whose lease was released (pagehide) or has run out (a crashed tab), and
// delivers them before its own events. Lists belong to one agent and extension (the session token's binding).
(function (root, factory) {
  var api = factory();
  if (typeof module === 'object' && module.exports) { module.exports = api; } else { (root.CorrelationHub = root.CorrelationHub || {}).outbox = api; }
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  var PREFIX = 'correlationhub.v1.';

  function MemoryStorage() {
    var items = {};
    return {
      getItem: function (k) { return Object.prototype.hasOwnProperty.call(items, k) ? items[k] : null; },
      setItem: function (k, v) { items[k] = String(v); },
      removeItem: function (k) { delete items[k]; },
      key: function (i) { return Object.keys(items)[i] === undefined ? null : Object.keys(items)[i]; },
      get length() { return Object.keys(items).length; },
    };
  }

  /**
   * options: storage (localStorage-like), scope (username|extension), instanceId, now() in ms, leaseMs (default
   * 15000), maxEvents (default 2000), maxAgeMs (default 3 days), onDrop(count, reason).
   */
  function Outbox(options) {
    this._storage = options.storage || new MemoryStorage();
    this._scope = encodeURIComponent(options.scope);
    this._id = options.instanceId;
    this._now = options.now || Date.now;
    this._leaseMs = options.leaseMs || 15000;
    this._maxEvents = options.maxEvents || 2000;
    this._maxAgeMs = options.maxAgeMs || 3 * 24 * 3600 * 1000;
    this._onDrop = options.onDrop || function () {};
    this._entries = [];
    this.durable = true;
  }

  Outbox.MemoryStorage = MemoryStorage;

  Outbox.prototype._listKey = function (id) { return PREFIX + 'outbox.' + this._scope + '.' + id; };
  Outbox.prototype._leaseKey = function (id) { return PREFIX + 'lease.' + this._scope + '.' + id; };

  Outbox.prototype._get = function (key) {
    try { return this._storage.getItem(key); } catch (e) { return null; }
  };

  Outbox.prototype._keys = function () {
    var keys = [];
    try {
      for (var i = 0; i < this._storage.length; i++) { keys.push(this._storage.key(i)); }
    } catch (e) { return []; }
    return keys;
  };

  Outbox.prototype._persist = function () {
    try {
      if (this._entries.length === 0) {
        this._storage.removeItem(this._listKey(this._id));
      } else {
        this._storage.setItem(this._listKey(this._id), JSON.stringify(this._entries));
      }
      this.durable = true;
    } catch (e) {
      // Quota exceeded or storage disabled: keep the events in memory and say so in the status.
      this.durable = false;
    }
  };

  /** Takes over the lists of instances that are gone; returns how many events were adopted. */
  Outbox.prototype.adoptOrphans = function () {
    var self = this;
    var listPrefix = PREFIX + 'outbox.' + this._scope + '.';
    var now = this._now();
    var adopted = [];
    this._keys().forEach(function (key) {
      if (!key || key.indexOf(listPrefix) !== 0) { return; }
      var owner = key.slice(listPrefix.length);
      if (owner === self._id) { return; }
      var lease = Number(self._get(self._leaseKey(owner)) || 0);
      if (lease > 0 && now - lease < self._leaseMs) { return; }
      var entries;
      try { entries = JSON.parse(self._get(key) || '[]'); } catch (e) { entries = []; }
      adopted.push({ first: entries.length ? entries[0].t : 0, entries: entries, owner: owner });
    });
    if (adopted.length === 0) { return 0; }
    adopted.sort(function (a, b) { return a.first - b.first; });
    var older = [];
    adopted.forEach(function (list) { older = older.concat(list.entries); });
    var fresh = older.filter(function (e) { return e && e.event && now - e.t < self._maxAgeMs; });
    if (fresh.length < older.length) { this._onDrop(older.length - fresh.length, 'older than the outbox keeps events'); }
    var known = {};
    this._entries.forEach(function (e) { known[e.id] = true; });
    this._entries = fresh.filter(function (e) { return !known[e.id]; }).concat(this._entries);
    this._trim();
    this._persist();
    adopted.forEach(function (list) {
      try {
        self._storage.removeItem(listPrefix + list.owner);
        self._storage.removeItem(self._leaseKey(list.owner));
      } catch (e) { /* the adopted copy is ours now */ }
    });
    return fresh.length;
  };

  /** Writes this instance's lease and adopts orphaned lists. Call at start and every few seconds. */
  Outbox.prototype.renew = function () {
    try { this._storage.setItem(this._leaseKey(this._id), String(this._now())); } catch (e) { /* memory only */ }
    return this.adoptOrphans();
  };

  /** On pagehide: lets the next instance (the reloaded desktop) adopt this list at once. */
  Outbox.prototype.release = function () {
    try { this._storage.setItem(this._leaseKey(this._id), '0'); } catch (e) { /* nothing to release */ }
  };

  Outbox.prototype._trim = function () {
    var excess = this._entries.length - this._maxEvents;
    if (excess > 0) {
      this._entries.splice(0, excess);
      this._onDrop(excess, 'outbox full');
    }
  };

  /** Stores an event (it must carry its eventId) before anything tries to send it. */
  Outbox.prototype.add = function (event) {
    this._entries.push({ id: event.eventId, t: this._now(), event: event });
    this._trim();
    this._persist();
  };

  /** The oldest events, in order, without removing them. */
  Outbox.prototype.peek = function (count) {
    return this._entries.slice(0, count).map(function (e) { return e.event; });
  };

  /** Removes acknowledged (or refused) events by eventId. */
  Outbox.prototype.remove = function (eventIds) {
    if (!eventIds || eventIds.length === 0) { return; }
    var gone = {};
    eventIds.forEach(function (id) { gone[id] = true; });
    var before = this._entries.length;
    this._entries = this._entries.filter(function (e) { return !gone[e.id]; });
    if (this._entries.length !== before) { this._persist(); }
  };

  Outbox.prototype.size = function () { return this._entries.length; };

  return { Outbox: Outbox, MemoryStorage: MemoryStorage };
});
