// The SignalR browser bundle served to the gadget and the map is the npm package's, byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

test('gadget/vendor/signalr.min.js is the installed @microsoft/signalr browser bundle', () => {
  const vendored = readFileSync(join(here, '..', '..', 'gadget', 'vendor', 'signalr.min.js'));
  const packageDir = dirname(require.resolve('@microsoft/signalr/package.json'));
  const installed = readFileSync(join(packageDir, 'dist', 'browser', 'signalr.min.js'));
  assert.ok(vendored.equals(installed), 'run: cp tests/js/node_modules/@microsoft/signalr/dist/browser/signalr.min.js gadget/vendor/');
});
