// Loads the gadget's browser modules (gadget/src) in Node through their module.exports branch.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, '..', '..', '..');
const require = createRequire(import.meta.url);

export const gadget = (name) => require(join(repoRoot, 'gadget', 'src', `ch-${name}.js`));
export const FinesseXml = require(join(here, '..', 'finesse', 'standin', 'finesse-xml.js'));
export const fixture = (name) => readFileSync(join(repoRoot, 'tests', 'fixtures', 'finesse', name), 'utf8');

/** A finesse.js-like object over a fixture (getId and getData), as the stand-in builds them. */
export function finesseObject(xmlText) {
  const element = FinesseXml.parse(xmlText);
  const data = FinesseXml.toJs(element);
  return { getId: () => data.id ?? data.loginId, getData: () => data, element };
}
