// CorrelationHub collector (walking-skeleton version): reports the agent's login to /hubs/agent.
// The full collector (state, dialogs, outbox, fallback, identity) replaces this module.
/* global finesse, signalR */
var correlationHub = correlationHub || {};
correlationHub.collector = (function () {
  'use strict';

  function init(backendUrl) {
    finesse.clientservices.ClientServices.init(finesse.gadget.Config);
    var connection = new signalR.HubConnectionBuilder().withUrl(backendUrl + '/hubs/agent').withAutomaticReconnect().build();
    var user = new finesse.restservices.User({
      id: finesse.gadget.Config.id,
      onLoad: function (loaded) {
        connection.start().then(function () {
          return connection.invoke('Publish', {
            action: 'login',
            username: loaded.getId(),
            firstName: loaded.getFirstName(),
            lastName: loaded.getLastName(),
            extension: loaded.getExtension(),
          });
        });
      },
    });
    return user;
  }

  return { init: init };
})();
