// Counting export rows as bytes stream in: quoted line breaks, split chunks, CRLF, NDJSON; the file name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapModule } from '../support/map-modules.mjs';

const { createRowCounter, filenameFrom, progressText } = await mapModule('export-count');
const bytes = (text) => new TextEncoder().encode(text);

function countInChunks(format, text, sizes) {
  const counter = createRowCounter(format);
  const data = bytes(text);
  let at = 0;
  let i = 0;
  const seen = [];
  while (at < data.length) {
    const size = sizes[i % sizes.length];
    seen.push(counter.push(data.subarray(at, at + size)));
    at += size;
    i += 1;
  }
  return { rows: counter.finish(), seen };
}

const CSV = 'dialog_id,match_reason\r\n'
  + '1,"dialog 1: starts 0.6 s from the agent connecting, far end is the same number"\r\n'
  + '2,"a reason with a line\r\nbreak and ""quotes"""\r\n'
  + ',"no voice dialog on extension 61001 near the recording"\r\n';

test('CSV rows are counted without the header, line breaks inside quotes are not row ends, at any chunking', () => {
  for (const sizes of [[CSV.length], [1], [2, 3], [7], [13, 1, 5]]) {
    const { rows, seen } = countInChunks('csv', CSV, sizes);
    assert.equal(rows, 3, `chunks ${sizes}`);
    assert.ok(seen.every((n, k) => k === 0 || n >= seen[k - 1]), 'never goes backwards');
  }
});

test('a last CSV row without a line break is counted at the end', () => {
  assert.equal(countInChunks('csv', 'a,b\r\n1,2\r\n3,"x"', [4]).rows, 2);
  assert.equal(countInChunks('csv', 'a,b\r\n', [2]).rows, 0);
});

test('NDJSON: a row per line, a final line without a break counts once finished', () => {
  assert.equal(countInChunks('ndjson', '{"a":1}\n{"a":"x\\ny"}\n', [3]).rows, 2);
  assert.equal(countInChunks('ndjson', '{"a":1}\n{"a":2}', [5]).rows, 2);
  assert.equal(countInChunks('ndjson', '', [1]).rows, 0);
});

test('the file name comes from Content-Disposition', () => {
  assert.equal(filenameFrom('attachment; filename="correlationhub-calls-20260420T083000Z.csv"', 'x.csv'), 'correlationhub-calls-20260420T083000Z.csv');
  assert.equal(filenameFrom(null, 'fallback.ndjson'), 'fallback.ndjson');
});

test('progress text against the count', () => {
  assert.equal(progressText(1234, 5000), '1,234 of 5,000 rows (24 %)');
  assert.equal(progressText(10, null), '10 rows');
  assert.equal(progressText(6000, 5000), '5,000 of 5,000 rows (100 %)');
});
