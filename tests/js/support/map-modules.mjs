// Loads the map page's ES modules (backend/src/CorrelationHub.Web/wwwroot/js) in Node: the pure ones need no DOM.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { repoRoot } from './gadget-modules.mjs';

export const mapModule = (name) => import(pathToFileURL(join(repoRoot, 'backend', 'src', 'CorrelationHub.Web', 'wwwroot', 'js', `${name}.mjs`)).href);
