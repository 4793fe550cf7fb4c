// wasm-bindgen-rayon 1.3's worker helper (its `no-bundler` build) starts each pool worker with
// `pkg.default(module, memory)`, the positional form wasm-bindgen deprecated in 0.2.93: every
// pool worker then logs "using deprecated parameters for the initialization function". The
// generated copy is rewritten to the object form wasm-bindgen asks for, which passes the same
// module and memory. The build fails if the helper no longer has either form, so an upgrade
// that changes it is looked at rather than silently left unpatched. Upstream: the same fix in
// the bundler helper, https://github.com/RReverser/wasm-bindgen-rayon/pull/13, and the warning
// explained in https://github.com/wasm-bindgen/wasm-bindgen/issues/4122.
import fs from 'node:fs';
import path from 'node:path';

const OLD = 'pkg.default(data.module, data.memory)';
const NEW = 'pkg.default({ module_or_path: data.module, memory: data.memory })';

/** The generated worker helpers of wasm-bindgen-rayon under a package dir. @param {string} pkgDir */
export function rayonHelpers(pkgDir) {
  const snippets = path.join(pkgDir, 'snippets');
  if (!fs.existsSync(snippets)) return [];
  return fs
    .readdirSync(snippets)
    .filter((/** @type {string} */ d) => d.startsWith('wasm-bindgen-rayon-'))
    .map((/** @type {string} */ d) => path.join(snippets, d, 'src', 'workerHelpers.no-bundler.js'))
    .filter((/** @type {string} */ f) => fs.existsSync(f));
}

/** The helper's source with the worker's init call in the object form. @param {string} source */
export function withObjectInit(source) {
  if (source.includes(NEW)) return source;
  if (!source.includes(OLD)) throw new Error(`wasm-bindgen-rayon's worker helper no longer calls ${OLD}: check how it initialises its workers`);
  return source.replace(OLD, NEW);
}

/** Rewrites the helpers under `pkgDir`; returns the files changed. @param {string} pkgDir */
export function fixRayonInit(pkgDir) {
  /** @type {string[]} */
  const changed = [];
  for (const file of rayonHelpers(pkgDir)) {
    const source = fs.readFileSync(file, 'utf8');
    const fixed = withObjectInit(source);
    if (fixed !== source) {
      fs.writeFileSync(file, fixed);
      changed.push(file);
    }
  }
  return changed;
}
