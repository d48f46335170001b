// CorrelationHub gadget: the collector's logic, free of finesse.js and the browser. It turns what the Finesse
// adapter reports (User loads and changes, dialogs added, changed, removed, Finesse connectivity) into contract
// events (docs/contracts.md §3) with an eventId, the gadget's clock and Finesse's clientDriftInMillis, and stores each in
// the outbox before delivery. Snapshots are sent raw; the backend derives transitions. A dialog snapshot identical
// to the last one sent for that dialog (Finesse refreshes after a failover) is not sent again.
(function (root, factory) {
  var util = typeof module === 'object' && module.exports ? require('./ch-util.js') : root.CorrelationHub.util;
  var api = factory(util);
  if (typeof module === 'object' && module.exports) { module.exports = api; } else { (root.CorrelationHub = root.CorrelationHub || {}).collector = api; }
})(typeof self !== 'undefined' ? self : this, function (util) {
  'use strict';

  /**
   * options: outbox, deliverer, username, extension, driftMs, version, now(), uuid(), onEvent(event) (for the log).
   */
  function Collector(options) {
    this._o = options;
    this._now = options.now || Date.now;
    this._uuid = options.uuid || util.uuid;
    this._loggedIn = false;
    this._lastStateKey = null;
    this._dialogs = {};
    this.finesse = 'connected';
    this.raised = 0;
  }

  Collector.prototype._emit = function (action, fields) {
    var event = {
      action: action,
      username: this._o.username,
      extension: this._o.extension,
      eventId: this._uuid(),
      clientTime: util.iso(this._now()),
      clientDriftMs: Number(this._o.driftMs) || 0,
    };
    Object.keys(fields || {}).forEach(function (k) { event[k] = fields[k]; });
    this._o.outbox.add(event);
    this.raised += 1;
    if (this._o.onEvent) { this._o.onEvent(event); }
    this._o.deliverer.kick();
    return event;
  };

  /** A User snapshot from onLoad or onChange: login when first seen signed in, state when it changed, logout. */
  Collector.prototype.user = function (user) {
    if (!user || !user.state) { return; }
    var signedIn = user.state !== 'LOGOUT';
    if (signedIn && !this._loggedIn) {
      this._loggedIn = true;
      this._emit('login', { firstName: user.firstName, lastName: user.lastName, teamId: user.teamId, teamName: user.teamName });
    }
    var key = [user.state, user.pendingState || '', user.reasonCodeId || '', user.stateChangeTime || ''].join('|');
    if (key !== this._lastStateKey) {
      this._lastStateKey = key;
      this._emit('state', { state: user.state, reasonCodeId: user.reasonCodeId, stateChangeTime: user.stateChangeTime, pendingState: user.pendingState });
    }
    if (!signedIn && this._loggedIn) {
      this._loggedIn = false;
      this._emit('logout', {});
    }
  };

  /** A dialog snapshot: change is 'added', 'updated' or 'removed'. */
  Collector.prototype.dialog = function (change, dialog) {
    if (!dialog || !dialog.id) { return; }
    var json = JSON.stringify(dialog);
    if (change === 'updated' && this._dialogs[dialog.id] === json) { return; }
    if (change === 'removed') { delete this._dialogs[dialog.id]; } else { this._dialogs[dialog.id] = json; }
    this._emit('dialog', { change: change, dialog: dialog });
  };

  /** Finesse's own connection (the desktop's XMPP): kept for the status and the heartbeat, never sent as a state. */
  Collector.prototype.finesseConnection = function (status) {
    this.finesse = status;
  };

  /** A heartbeat event (not stored: it only means something while it is fresh). */
  Collector.prototype.heartbeat = function (extra) {
    if (!this._loggedIn) { return null; }
    var event = {
      action: 'heartbeat',
      username: this._o.username,
      extension: this._o.extension,
      eventId: this._uuid(),
      clientTime: util.iso(this._now()),
      clientDriftMs: Number(this._o.driftMs) || 0,
      finesseConnection: this.finesse,
      gadgetVersion: this._o.version || '',
    };
    Object.keys(extra || {}).forEach(function (k) { event[k] = extra[k]; });
    return event;
  };

  Collector.prototype.isLoggedIn = function () { return this._loggedIn; };

  return { Collector: Collector };
});
