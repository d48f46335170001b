// CorrelationHub gadget: turns finesse.js User and Dialog objects into the event JSON of the contract
// (docs/contracts.md §3). Reads getData(), the raw JS form of Finesse's XML, so the shapes finesse.js produces are handled
// here once: one CallVariable, Participant, action or role comes as an object or string instead of an array;
// empty elements are null; values are strings.
(function (root, factory) {
  var util = typeof module === 'object' && module.exports ? require('./ch-util.js') : root.CorrelationHub.util;
  var api = factory(util);
  if (typeof module === 'object' && module.exports) { module.exports = api; } else { (root.CorrelationHub = root.CorrelationHub || {}).snapshots = api; }
})(typeof self !== 'undefined' ? self : this, function (util) {
  'use strict';

  var toArray = util.toArray;
  var text = util.text;

  function dataOf(object) {
    if (object && typeof object.getData === 'function') { return object.getData() || {}; }
    return object || {};
  }

  /** The User as the collector needs it. */
  function user(finesseUser) {
    var data = dataOf(finesseUser);
    var id = finesseUser && typeof finesseUser.getId === 'function' ? finesseUser.getId() : data.loginId;
    var roles = toArray(data.roles && data.roles.role).map(text).filter(Boolean);
    return {
      id: text(id) || text(data.loginId),
      extension: text(data.extension),
      firstName: text(data.firstName),
      lastName: text(data.lastName),
      state: text(data.state),
      pendingState: text(data.pendingState),
      reasonCodeId: text(data.reasonCodeId),
      stateChangeTime: text(data.stateChangeTime),
      teamId: text(data.teamId),
      teamName: text(data.teamName),
      roles: roles,
    };
  }

  /**
   * mediaProperties as one flat map of strings: every child except callvariables, plus each CallVariable as
   * name -> value. (finesse.js 10.5.1's getMediaProperties walks a single CallVariable object key by key and loses it.)
   */
  function mediaProperties(raw) {
    var result = {};
    if (!raw || typeof raw !== 'object') { return result; }
    Object.keys(raw).forEach(function (key) {
      var value = raw[key];
      if (key === 'callvariables') {
        toArray(value && value.CallVariable).forEach(function (variable) {
          var name = variable && text(variable.name);
          if (name) { result[name] = text(variable.value); }
        });
      } else if (key === 'wrapUpItems') {
        var items = toArray(value && value.wrapUpItem).map(text).filter(Boolean);
        if (items.length) { result.wrapUpItems = items.join('|'); }
      } else if (value === null || typeof value !== 'object') {
        result[key] = text(value);
      }
    });
    return result;
  }

  function participant(raw) {
    raw = raw || {};
    return {
      mediaAddress: text(raw.mediaAddress),
      mediaAddressType: text(raw.mediaAddressType),
      state: text(raw.state),
      stateCause: text(raw.stateCause),
      startTime: text(raw.startTime),
      stateChangeTime: text(raw.stateChangeTime),
      actions: toArray(raw.actions && raw.actions.action).map(text).filter(Boolean),
    };
  }

  /** The Dialog as the contract's dialog event carries it. */
  function dialog(finesseDialog) {
    var data = dataOf(finesseDialog);
    var id = finesseDialog && typeof finesseDialog.getId === 'function' ? finesseDialog.getId() : data.id;
    var snapshot = {
      id: text(id) || text(data.id),
      state: text(data.state),
      mediaType: text(data.mediaType),
      fromAddress: text(data.fromAddress),
      toAddress: text(data.toAddress),
      secondaryId: text(data.secondaryId),
      associatedDialogUri: text(data.associatedDialogUri),
      mediaProperties: mediaProperties(data.mediaProperties),
      participants: toArray(data.participants && data.participants.Participant).map(participant),
    };
    if (data.callGUID !== undefined) { snapshot.callGUID = text(data.callGUID); }
    if (data.uri !== undefined) { snapshot.uri = text(data.uri); }
    return snapshot;
  }

  return { user: user, dialog: dialog, mediaProperties: mediaProperties };
});
