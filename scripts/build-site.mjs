// `npm run build:site`: dist/, the page as static files for any host (also under a sub-path):
// index.html, www/ with both wasm builds, Chart.js, and site/'s service worker, which gives the
// page its isolation headers and an in-browser mock API (docs/static-hosting.md).
//
//   node scripts/build-site.mjs [--out dist] [--no-build]
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, run, toolEnv } from './lib/run.mjs';

const args = process.argv.slice(2);
const out = path.resolve(ROOT, args.includes('--out') ? args[args.indexOf('--out') + 1] : 'dist');
const CHART = 'node_modules/chart.js/dist/chart.umd.min.js';

/** Copies `from` (relative to the repository) to `to` (relative to dist/). */
function copy(/** @type {string} */ from, /** @type {string} */ to = from) {
  fs.cpSync(path.join(ROOT, from), path.join(out, to), { recursive: true });
}

/** index.html with Chart.js from vendor/ and the service worker's registration first. */
function page() {
  const html = fs.readFileSync(path.join(ROOT, 'index.html'), 'utf8');
  const chart = `<script src="${CHART}" defer></script>`;
  if (!html.includes(chart)) throw new Error(`index.html no longer loads ${CHART}; update scripts/build-site.mjs`);
  return html.replace(chart, '<script src="register-sw.js"></script>\n  <script src="vendor/chart.umd.min.js" defer></script>');
}

async function main() {
  const missing = ['www/pkg', 'www/pkg-single', CHART].filter((p) => !fs.existsSync(path.join(ROOT, p)));
  if (missing.length && !args.includes('--no-build')) {
    console.log(`build:site: ${missing.join(', ')} missing; running the set-up and the wasm builds first`);
    for (const script of ['scripts/setup.mjs', 'scripts/build-wasm.mjs']) {
      if ((await run('node', [script], { env: toolEnv() })) !== 0) process.exit(1);
    }
  } else if (missing.length) {
    console.error(`build:site: ${missing.join(', ')} missing: run \`npm start\` or drop --no-build`);
    process.exit(2);
  }
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  copy('www');
  fs.rmSync(path.join(out, 'www', 'bench'), { recursive: true, force: true });
  copy(CHART, 'vendor/chart.umd.min.js');
  // .js, not .mjs: some static hosts serve .mjs with a type browsers refuse for modules.
  copy('server/mock-core.mjs', 'site/mock-core.js');
  const sw = fs.readFileSync(path.join(ROOT, 'site', 'sw.js'), 'utf8');
  const mockImport = "'../server/mock-core.mjs'";
  if (!sw.includes(mockImport)) throw new Error(`site/sw.js no longer imports ${mockImport}; update scripts/build-site.mjs`);
  fs.writeFileSync(path.join(out, 'sw.js'), sw.replace(mockImport, "'./site/mock-core.js'"));
  copy('site/register-sw.js', 'register-sw.js');
  copy('site/_headers', '_headers');
  fs.writeFileSync(path.join(out, '.nojekyll'), '');
  fs.writeFileSync(path.join(out, 'index.html'), page());
  const files = fs.readdirSync(out, { recursive: true }).length;
  console.log(`build:site: wrote ${path.relative(ROOT, out) || out} (${files} files); serve it with any static server`);
}

await main();
