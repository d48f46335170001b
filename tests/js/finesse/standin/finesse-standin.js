// Finesse stand-in (tests only): the documented finesse.* surface a gadget uses, served at
// /desktop/assets/js/finesse.min.js in place of Cisco's library (which is never in this repository). Objects load
// from the fake Finesse REST API and follow its notifications (an event stream standing in for the desktop's
// XMPP), converted with the same XML-to-JS rules as finesse.js. Documented behaviour it reproduces:
// - the Dialogs collection's first load builds its items WITHOUT calling onCollectionAdd;
// - a notification adds (POST), changes (PUT) or removes (DELETE, after refreshing the item with the last data);
// - after a failover ('recovered') every REST object is fetched again and the collection is diffed: new dialogs
//   fire add, existing ones change, missing ones delete; while 'failing' notifications are lost;
// - getMediaProperties walks a single CallVariable object key by key (jQuery.each), as 10.5.1 does;
// - getParticipants wraps one participant in an array; values stay strings; empty elements are null.
/* global FinesseXml */
(function (w) {
  'use strict';
  var S = w.__standin;
  var X = w.FinesseXml;
  var finesse = w.finesse = w.finesse || {};
  var listeners = {}; // source URI -> [fn(event, dataElement)]
  var refreshables = [];
  var connectHandlers = [];
  var disconnectHandlers = [];

  function getArray(value) {
    if (value === undefined || value === null) { return []; }
    return Array.isArray(value) ? value : [value];
  }

  function authHeader(config) { return config.authToken ? 'Bearer ' + config.authToken : 'Basic ' + config.authorization; }

  function rest(path) {
    return fetch(S.finesseOrigin + path, { headers: { Authorization: authHeader(finesse.gadget.Config), Accept: 'application/xml' }, cache: 'no-store' })
      .then(function (response) {
        return response.text().then(function (text) {
          if (response.status !== 200) { var error = new Error('HTTP ' + response.status); error.status = response.status; throw error; }
          return X.parse(text);
        });
      });
  }

  function listen(source, fn) { (listeners[source] = listeners[source] || []).push(fn); }

  // ---- RestBase: handlers and data.
  function RestBase() {}
  RestBase.prototype._init = function () { this._handlers = { load: [], change: [], add: [], delete: [], error: [] }; this._loaded = false; };
  RestBase.prototype.addHandler = function (type, fn) {
    (this._handlers[type] = this._handlers[type] || []).push(fn);
    if (type === 'load' && this._loaded) { fn(this); } // a 'load' handler added after the load runs at once
  };
  RestBase.prototype.removeHandler = function (type, fn) {
    this._handlers[type] = (this._handlers[type] || []).filter(function (h) { return h !== fn; });
  };
  RestBase.prototype._fire = function (type, arg) {
    (this._handlers[type] || []).slice().forEach(function (fn) { fn(arg); });
  };
  RestBase.prototype.getData = function () { return this._data; };
  RestBase.prototype.getId = function () { return this._id; };

  // ---- Dialog
  function Dialog(element) {
    this._init();
    this._set(element);
    this._loaded = true;
    var self = this;
    listen('/finesse/api/Dialog/' + this._id, function (event, data) {
      if (event !== 'PUT' || !data) { return; }
      self._set(data);
      self._fire('change', self);
    });
  }
  Dialog.prototype = Object.create(RestBase.prototype);
  Dialog.prototype._set = function (element) {
    this._data = X.toJs(element);
    this._id = this._data.id;
  };
  Dialog.prototype.getState = function () { return this._data.state; };
  Dialog.prototype.getFromAddress = function () { return this._data.fromAddress; };
  Dialog.prototype.getToAddress = function () { return this._data.toAddress; };
  Dialog.prototype.getMediaType = function () { return this._data.mediaType; };
  Dialog.prototype.getCallbackInfo = function () { return this._data.scheduledCallbackInfo || undefined; };
  Dialog.prototype.getParticipants = function () { return getArray(this._data.participants && this._data.participants.Participant); };
  Dialog.prototype.getMediaProperties = function () {
    var raw = this._data.mediaProperties || {};
    var result = {};
    Object.keys(raw).forEach(function (k) { if (k !== 'callvariables') { result[k] = raw[k]; } });
    var variables = raw.callvariables && raw.callvariables.CallVariable;
    if (Array.isArray(variables)) {
      variables.forEach(function (v) { result[v.name] = v.value; });
    } else if (variables) {
      // jQuery.each over an object visits its keys: each "variable" is then a string, and the pair is lost.
      Object.keys(variables).forEach(function (key) { var v = variables[key]; result[v && v.name] = v && v.value; });
    }
    return result;
  };
  Dialog.prototype.getParticipantTimerCounters = function (address) {
    var match = this.getParticipants().filter(function (p) { return p.mediaAddress === address; })[0];
    return match ? { startTime: match.startTime, stateChangeTime: match.stateChangeTime, state: match.state } : undefined;
  };
  Dialog.States = { INITIATING: 'INITIATING', INITIATED: 'INITIATED', ALERTING: 'ALERTING', ACTIVE: 'ACTIVE', FAILED: 'FAILED', DROPPED: 'DROPPED', ACCEPTED: 'ACCEPTED' };
  Dialog.ParticipantStates = { INITIATING: 'INITIATING', INITIATED: 'INITIATED', ALERTING: 'ALERTING', ACTIVE: 'ACTIVE', HELD: 'HELD', FAILED: 'FAILED', DROPPED: 'DROPPED', WRAP_UP: 'WRAP_UP', ACCEPTED: 'ACCEPTED' };
  Dialog.Actions = { ANSWER: 'ANSWER', HOLD: 'HOLD', RETRIEVE: 'RETRIEVE', DROP: 'DROP', UPDATE_CALL_DATA: 'UPDATE_CALL_DATA', CONSULT_CALL: 'CONSULT_CALL', TRANSFER: 'TRANSFER', CONFERENCE: 'CONFERENCE' };
  Dialog.ReasonStates = { BUSY: 'BUSY', BAD_DESTINATION: 'BAD_DESTINATION', OTHER: 'OTHER', DEVICE_RESOURCE_NOT_AVAILABLE: 'DEVICE_RESOURCE_NOT_AVAILABLE' };

  // ---- Dialogs (a RestCollectionBase)
  function Dialogs(userId, options) {
    this._init();
    this._options = options || {};
    this._collection = {};
    this._path = '/finesse/api/User/' + userId + '/Dialogs';
    var self = this;
    rest(this._path).then(function (element) {
      X.children(element, 'Dialog').forEach(function (d) { var dialog = new Dialog(d); self._collection[dialog.getId()] = dialog; });
      self._loaded = true;
      if (self._options.onLoad) { self._options.onLoad(self); } // note: no onCollectionAdd for these
      self._fire('load', self);
    }, function (error) { if (self._options.onError) { self._options.onError({ status: error.status }); } });
    listen(this._path, function (event, data) {
      X.children(data, 'Dialog').forEach(function (d) {
        var id = X.textOf(X.child(d, 'id'));
        if (event === 'POST' && !self._collection[id]) {
          var dialog = new Dialog(d);
          self._collection[id] = dialog;
          if (self._options.onCollectionAdd) { self._options.onCollectionAdd(dialog); }
        } else if (event === 'DELETE' && self._collection[id]) {
          var gone = self._collection[id];
          gone._set(d);
          delete self._collection[id];
          if (self._options.onCollectionDelete) { self._options.onCollectionDelete(gone); }
          gone._fire('delete', gone);
        }
      });
    });
    refreshables.push(function () { return self._refresh(); });
  }
  Dialogs.prototype = Object.create(RestBase.prototype);
  Dialogs.prototype.getCollection = function () {
    var copy = {};
    var c = this._collection;
    Object.keys(c).forEach(function (k) { copy[k] = c[k]; });
    return copy;
  };
  Dialogs.prototype._refresh = function () {
    var self = this;
    return rest(this._path).then(function (element) {
      var seen = {};
      X.children(element, 'Dialog').forEach(function (d) {
        var id = X.textOf(X.child(d, 'id'));
        seen[id] = true;
        if (self._collection[id]) {
          self._collection[id]._set(d);
          self._collection[id]._fire('change', self._collection[id]);
        } else {
          var dialog = new Dialog(d);
          self._collection[id] = dialog;
          if (self._options.onCollectionAdd) { self._options.onCollectionAdd(dialog); }
        }
      });
      Object.keys(self._collection).forEach(function (id) {
        if (!seen[id]) {
          var gone = self._collection[id];
          delete self._collection[id];
          if (self._options.onCollectionDelete) { self._options.onCollectionDelete(gone); }
        }
      });
    });
  };

  // ---- User
  function User(options) {
    this._init();
    this._options = options;
    this._id = options.id;
    var self = this;
    var path = '/finesse/api/User/' + options.id;
    rest(path).then(function (element) {
      self._data = X.toJs(element);
      self._loaded = true;
      if (options.onLoad) { options.onLoad(self); }
      self._fire('load', self);
    }, function (error) {
      if (options.onError) { options.onError({ status: error.status, content: String(error) }); }
      self._fire('error', { status: error.status });
    });
    var changed = function (element) {
      self._data = X.toJs(element);
      if (options.onChange) { options.onChange(self); }
      self._fire('change', self);
    };
    listen(path, function (event, data) { if (event === 'PUT' && data) { changed(data); } });
    refreshables.push(function () { return rest(path).then(changed); });
  }
  User.prototype = Object.create(RestBase.prototype);
  User.prototype.getExtension = function () { return this._data.extension; };
  User.prototype.getState = function () { return this._data.state; };
  User.prototype.getStateChangeTime = function () { return this._data.stateChangeTime || ''; };
  User.prototype.getPendingState = function () { return this._data.pendingState || ''; };
  User.prototype.getFirstName = function () { return this._data.firstName; };
  User.prototype.getLastName = function () { return this._data.lastName; };
  User.prototype.getTeamId = function () { return this._data.teamId; };
  User.prototype.getTeamName = function () { return this._data.teamName; };
  User.prototype.getNotReadyReasonCodeId = function () { return this._data.reasonCodeId; };
  User.prototype.hasRole = function (role) { return getArray(this._data.roles && this._data.roles.role).indexOf(role) >= 0; };
  User.prototype.hasAgentRole = function () { return this.hasRole('Agent'); };
  User.prototype.hasSupervisorRole = function () { return this.hasRole('Supervisor'); };
  User.prototype.getSupervisedTeams = function () { return getArray(this._data.teams && this._data.teams.Team); };
  User.prototype.getDialogs = function (options) { return new Dialogs(this._id, options); };
  User.States = { LOGIN: 'LOGIN', LOGOUT: 'LOGOUT', NOT_READY: 'NOT_READY', READY: 'READY', RESERVED: 'RESERVED', RESERVED_OUTBOUND: 'RESERVED_OUTBOUND', RESERVED_OUTBOUND_PREVIEW: 'RESERVED_OUTBOUND_PREVIEW', TALKING: 'TALKING', HOLD: 'HOLD', WORK: 'WORK', WORK_READY: 'WORK_READY', UNKNOWN: 'UNKNOWN' };

  finesse.gadget = { Config: S.finesseConfig };
  finesse.restservices = { User: User, Dialogs: Dialogs, Dialog: Dialog };
  finesse.utilities = {
    Utilities: {
      getAuthHeaderString: authHeader,
      getArray: getArray,
      getId: function (uri) { return String(uri || '').split('/').filter(Boolean).pop(); },
    },
  };
  finesse.clientservices = {
    ClientServices: {
      init: function (config) {
        if (!config || !config.host || !config.restHost || !(config.authorization || config.authToken || (config.id && config.password))) {
          throw new Error('Config object contains invalid properties.');
        }
        S.clientServicesInitialized = true;
      },
      registerOnConnectHandler: function (fn) { connectHandlers.push(fn); },
      registerOnDisconnectHandler: function (fn) { disconnectHandlers.push(fn); },
    },
  };
  var containerHandlers = {};
  finesse.containerservices = {
    ContainerServices: {
      Topics: { ACTIVE_TAB: 'finesse.containerservices.activeTab', WORKFLOW_ACTION_EVENT: 'finesse.containerservices.workflowActionEvent', TIMER_TICK_EVENT: 'finesse.containerservices.timerTickEvent', RELOAD_GADGET_EVENT: 'finesse.containerservices.reloadGadgetEvent' },
      init: function () {
        var topics = finesse.containerservices.ContainerServices.Topics;
        return {
          addHandler: function (topic, fn) { (containerHandlers[topic] = containerHandlers[topic] || []).push(fn); },
          makeActiveTabReq: function () { (containerHandlers[topics.ACTIVE_TAB] || []).forEach(function (fn) { setTimeout(fn, 0); }); },
          getMyGadgetId: function () { return S.urlParameters.mid; },
          reloadMyGadget: function () { w.location.reload(); },
        };
      },
    },
  };
  S.log = [];
  finesse.cslogger = { ClientLogger: { init: function () {}, log: function (message) { S.log.push(message); } } };

  // ---- Notifications: the desktop's XMPP, here an event stream from the fake Finesse server.
  var failing = false;
  var stream = new EventSource(S.eventsUrl);
  stream.onmessage = function (message) {
    var note = JSON.parse(message.data);
    if (note.type === 'connection') {
      w.gadgets.Hub.publish('finesse.info.connection', { status: note.status === 'failing' ? 'disconnected' : 'connected', resourceID: 'standin' });
      if (note.status === 'failing' && !failing) {
        failing = true;
        disconnectHandlers.forEach(function (fn) { fn(); });
      } else if (note.status === 'recovered' && failing) {
        failing = false;
        connectHandlers.forEach(function (fn) { fn(); });
        refreshables.forEach(function (refresh) { refresh(); });
      }
      return;
    }
    if (failing) { return; }
    var update = X.parse(note.xml);
    var source = X.textOf(X.child(update, 'source'));
    var event = X.textOf(X.child(update, 'event'));
    var data = X.elements(X.child(update, 'data'))[0];
    (listeners[source] || []).slice().forEach(function (fn) { fn(event, data); });
  };
})(window);
