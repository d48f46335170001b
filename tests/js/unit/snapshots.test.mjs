// The gadget's snapshots of Finesse objects, from the fixtures through the finesse.js conversion rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gadget, fixture, finesseObject, FinesseXml } from '../support/gadget-modules.mjs';

const snapshots = gadget('snapshots');

test('an inbound dialog: values stay strings, empty elements null, call variables flattened by name', () => {
  const dialog = snapshots.dialog(finesseObject(fixture('dialog-inbound-active.xml')));
  assert.equal(dialog.id, '16798406');
  assert.equal(dialog.state, 'ACTIVE');
  assert.equal(dialog.fromAddress, '+353858712345');
  assert.equal(dialog.secondaryId, null);
  assert.equal(dialog.associatedDialogUri, null);
  assert.deepEqual(dialog.mediaProperties, {
    mediaId: '1', dialedNumber: '5576111147', callType: 'PREROUTE_ACD_IN', DNIS: '61001', queueNumber: '5031',
    queueName: 'Billing_SG', callKeyCallId: '104233', callKeySequenceNum: '1', callKeyPrefix: '155432', wrapUpReason: null,
    callVariable1: 'ACCT-778812', callVariable2: null, 'user.CustomerTier': 'GOLD',
  });
  assert.equal(dialog.participants.length, 2);
  assert.deepEqual(dialog.participants[0], {
    mediaAddress: '61001', mediaAddressType: 'AGENT_DEVICE', state: 'ACTIVE', stateCause: null,
    startTime: '2026-04-20T08:37:21.915Z', stateChangeTime: '2026-04-20T08:37:27.480Z',
    actions: ['HOLD', 'DROP', 'UPDATE_CALL_DATA', 'CONSULT_CALL'],
  });
  assert.deepEqual(dialog.participants[1].actions, ['DROP'], 'one action is a string in finesse.js, an array here');
  assert.equal(dialog.participants[1].mediaAddressType, null);
});

test('one CallVariable comes from finesse.js as an object, not an array, and is still flattened', () => {
  const object = finesseObject(fixture('dialog-outbound-active.xml'));
  assert.equal(Array.isArray(object.getData().mediaProperties.callvariables.CallVariable), false);
  const dialog = snapshots.dialog(object);
  assert.ok(Object.hasOwn(dialog.mediaProperties, 'callVariable1'));
  assert.equal(dialog.mediaProperties.callVariable1, null);
  assert.equal(dialog.mediaProperties.DNIS, null);
});

test('one Participant is an object in finesse.js; the snapshot always has an array', () => {
  const element = FinesseXml.parse(fixture('dialog-inbound-active.xml'));
  const participants = FinesseXml.child(element, 'participants');
  participants.children = [FinesseXml.children(participants, 'Participant')[0]];
  const object = finesseObject(FinesseXml.serialize(element));
  assert.equal(Array.isArray(object.getData().participants.Participant), false);
  const dialog = snapshots.dialog(object);
  assert.equal(dialog.participants.length, 1);
  assert.equal(dialog.participants[0].mediaAddress, '61001');
});

test('a User: one role is a string in finesse.js, roles come out as an array; team and state as strings', () => {
  const user = snapshots.user(finesseObject(fixture('user-talking.xml')));
  assert.deepEqual(user, {
    id: '012345', extension: '61001', firstName: 'Bob', lastName: 'Bobster', state: 'TALKING', pendingState: null,
    reasonCodeId: '-1', stateChangeTime: '2026-04-20T08:37:27.532Z', teamId: '5002', teamName: 'Billing', roles: ['Agent'],
  });
  const element = FinesseXml.parse(fixture('user-talking.xml'));
  FinesseXml.child(element, 'roles').children.push(FinesseXml.make('role', ['Supervisor']));
  assert.deepEqual(snapshots.user(finesseObject(FinesseXml.serialize(element))).roles, ['Agent', 'Supervisor']);
});
