// The map's formatting and its query building: durations, far ends, labels, filters with errors naming the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapModule } from '../support/map-modules.mjs';

const { durationText, farEnd, agentName, callTypeLabel, stateLabel, flagLabel, percent, confidenceText } = await mapModule('format');
const { buildCallQuery, pagedQuery, localToIso, todayRange, FieldError } = await mapModule('query');

test('durations: m:ss under an hour, h:mm:ss beyond, never negative', () => {
  assert.equal(durationText(0), '0:00');
  assert.equal(durationText(65_999), '1:05');
  assert.equal(durationText(3_723_000), '1:02:03');
  assert.equal(durationText(-5000), '0:00');
  assert.equal(durationText(Number.NaN), '0:00');
});

test('the far end is the party that is not the agent\'s extension', () => {
  assert.equal(farEnd({ fromAddress: '+353858712345', toAddress: '61001' }, '61001'), '+353858712345');
  assert.equal(farEnd({ fromAddress: '61001', toAddress: '0851231234' }, '61001'), '0851231234');
  assert.equal(farEnd({ fromAddress: null, toAddress: '61002' }, '61001'), '61002');
});

test('names and labels', () => {
  assert.equal(agentName({ username: '012345', firstName: 'Bob', lastName: 'Bobster' }), 'Bob Bobster');
  assert.equal(agentName({ username: '012345', firstName: ' ', lastName: null }), '012345');
  assert.equal(callTypeLabel('PREROUTE_ACD_IN'), 'Inbound');
  assert.equal(callTypeLabel('SOME_NEW_TYPE'), 'Some new type');
  assert.equal(stateLabel('NOT_READY'), 'Not ready');
  assert.equal(flagLabel('srtp-auth-failures'), 'SRTP failures');
  assert.equal(percent(0.9855), '98.6 %');
  assert.equal(percent(null), '—');
  assert.equal(confidenceText(0.997), '99.7 %');
  assert.equal(confidenceText(1), '100.0 %');
});

test('the search query: local times become UTC ISO, empty fields are left out', () => {
  const from = localToIso('2026-04-20T08:30', 'from');
  assert.equal(from, new Date(2026, 3, 20, 8, 30).toISOString());
  const query = new URLSearchParams(buildCallQuery({ from: '2026-04-20T08:30', to: '', username: ' 012345 ', extension: '', number: '085 871 2345', status: 'matched' }));
  assert.deepEqual(Object.fromEntries(query), { from, username: '012345', number: '085 871 2345', status: 'matched' });
});

test('a bad search field is an error naming it', () => {
  const field = (form) => {
    try {
      buildCallQuery(form);
      return null;
    } catch (error) {
      assert.ok(error instanceof FieldError);
      return [error.field, error.message];
    }
  };
  assert.deepEqual(field({ from: '2026-04-20T10:00', to: '2026-04-20T09:00' }), ['to', 'to: must be after from']);
  assert.deepEqual(field({ number: '12' }), ['number', 'number: must contain at least 3 digits']);
  assert.deepEqual(field({ from: 'yesterday' }), ['from', 'from: must be a date and time']);
  assert.deepEqual(field({ status: 'lost' }), ['status', 'status: is not a status']);
});

test('paging asks one row more than a page (to know whether a next page exists)', () => {
  assert.equal(pagedQuery('status=matched', 2, 50), 'status=matched&offset=100&limit=51');
});

test('today runs from local midnight to now', () => {
  const now = new Date(2026, 3, 20, 15, 4, 5);
  assert.deepEqual(todayRange(now), { from: new Date(2026, 3, 20).toISOString(), to: now.toISOString() });
});

test('compliance rates: 99 % and above fine, under 99 % a warning, under 95 % an alarm, unknown nothing', async () => {
  const { rateLevel } = await mapModule('compliance');
  assert.deepEqual([1, 0.99, 0.9899, 0.95, 0.9499, null].map(rateLevel), ['ok', 'ok', 'warn', 'warn', 'alarm', 'none']);
});
