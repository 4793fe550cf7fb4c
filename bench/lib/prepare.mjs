// Before a run: what the bench needs and a fresh clone lacks, made the way `npm start` makes it
// (scripts/setup.mjs, then scripts/build-wasm.mjs). Only Node's own modules here: the npm
// packages may not be installed yet.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, run, toolEnv } from '../../scripts/lib/run.mjs';
import { CHROMIUM_PATH } from '../../scripts/lib/chromium.mjs';
import { say, Stop } from './log.mjs';

export const WASM = path.join(ROOT, 'www', 'pkg', 'parallel_playground_bg.wasm');

/** What is missing that scripts/setup.mjs installs (the toolchain is found by the build). */
function missingForSetup() {
  const missing = [];
  if (!fs.existsSync(path.join(ROOT, 'node_modules', 'playwright-core', 'package.json'))) missing.push('the npm packages');
  if (!fs.existsSync(CHROMIUM_PATH)) missing.push(`Chromium (${CHROMIUM_PATH})`);
  if (!fs.existsSync(WASM)) missing.push('the wasm build (www/pkg)');
  return missing;
}

/** Runs one of the project's scripts; throws with what to run by hand if it fails. */
async function script(/** @type {string[]} */ args) {
  say(`running node ${args.join(' ')}`);
  const code = await run('node', args, { env: toolEnv() });
  if (code !== 0) throw new Stop(`node ${args.join(' ')} failed (see above); fix that and run it by hand first`);
}

/**
 * Installs and builds what is missing; builds the wasm anyway when `build` is set. Set-up runs
 * only when something is missing, because it reinstalls the npm packages whenever their install
 * looks older than package-lock.json.
 * @param {{ build: boolean }} args
 */
export async function prepare({ build }) {
  const missing = missingForSetup();
  if (missing.length) {
    say(`missing ${missing.join(', ')}: setting up as npm start does`);
    // --test: the bench needs the browser that set-up installs for the tests.
    await script(['scripts/setup.mjs', '--test']);
  }
  if (build || !fs.existsSync(WASM)) await script(['scripts/build-wasm.mjs']);
}
