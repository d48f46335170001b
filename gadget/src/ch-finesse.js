// CorrelationHub gadget: the finesse.js adapter. The documented start-up (ClientServices.init, a User with
// onLoad/onChange, user.getDialogs with onLoad/onCollectionAdd/onCollectionDelete, a 'change' handler on every
// dialog, the connect/disconnect handlers and the finesse.info.connection topic), reported to a sink as plain
// snapshots. Pitfall handled: the Dialogs collection's first load fires no add, so the dialogs that already exist
// (a desktop reload during a call) are taken from onLoad's collection.
(function (root, factory) {
  var snapshots = typeof module === 'object' && module.exports ? require('./ch-snapshots.js') : root.CorrelationHub.snapshots;
  var api = factory(snapshots);
  if (typeof module === 'object' && module.exports) { module.exports = api; } else { (root.CorrelationHub = root.CorrelationHub || {}).finesse = api; }
})(typeof self !== 'undefined' ? self : this, function (snapshots) {
  'use strict';

  /**
   * finesse: the finesse global; gadgets: the gadgets global; sink: { user(snapshot), dialog(change, snapshot),
   * connection(status), error(where, error) }. Returns { user } (the finesse.restservices.User).
   */
  function wire(finesse, gadgets, sink) {
    var config = finesse.gadget.Config;
    var watched = {};

    function guard(where, fn) {
      return function () {
        try { return fn.apply(this, arguments); } catch (error) { sink.error(where, error); return undefined; }
      };
    }

    var onDialogChange = guard('dialog change', function (dialog) { sink.dialog('updated', snapshots.dialog(dialog)); });

    function watch(dialog) {
      var id = dialog.getId();
      if (watched[id] === dialog) { return; }
      watched[id] = dialog;
      dialog.addHandler('change', onDialogChange);
    }

    var onDialogAdd = guard('dialog add', function (dialog) {
      watch(dialog);
      sink.dialog('added', snapshots.dialog(dialog));
    });

    var onDialogDelete = guard('dialog delete', function (dialog) {
      delete watched[dialog.getId()];
      sink.dialog('removed', snapshots.dialog(dialog));
    });

    var onDialogsLoad = guard('dialogs load', function (collection) {
      var items = collection.getCollection();
      Object.keys(items).forEach(function (id) { onDialogAdd(items[id]); });
    });

    var dialogsRequested = false;
    var onUserLoad = guard('user load', function (user) {
      sink.user(snapshots.user(user));
      if (dialogsRequested) { return; }
      dialogsRequested = true;
      user.getDialogs({
        onLoad: onDialogsLoad,
        onCollectionAdd: onDialogAdd,
        onCollectionDelete: onDialogDelete,
        onError: function (error) { sink.error('dialogs', error); },
      });
    });

    var onUserChange = guard('user change', function (user) { sink.user(snapshots.user(user)); });

    var services = finesse.clientservices.ClientServices;
    services.init(config, false);
    if (typeof services.registerOnConnectHandler === 'function') {
      services.registerOnConnectHandler(guard('connect', function () { sink.connection('connected'); }));
    }
    if (typeof services.registerOnDisconnectHandler === 'function') {
      services.registerOnDisconnectHandler(guard('disconnect', function () { sink.connection('disconnected'); }));
    }
    if (gadgets && gadgets.Hub && typeof gadgets.Hub.subscribe === 'function') {
      gadgets.Hub.subscribe('finesse.info.connection', guard('connection topic', function (topic, data) {
        if (data && data.status) { sink.connection(String(data.status)); }
      }));
    }

    var user = new finesse.restservices.User({
      id: config.id,
      onLoad: onUserLoad,
      onChange: onUserChange,
      onError: function (error) { sink.error('user', error); },
    });
    return { user: user };
  }

  return { wire: wire };
});
