// One bench run once the build is there: the server, the browser with the playground and the
// JavaScript peers' page, the sections in turn, then results.json, the table and the docs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../scripts/lib/run.mjs';
import { startServer } from '../../server/serve.mjs';
import { CONFIG } from '../config.mjs';
import { launch, freshPage, openPlayground } from './browser.mjs';
import { ensureVenv } from './python.mjs';
import { unavailable, tally } from './report.mjs';
import { describeMachine } from './machine.mjs';
import { docsBlock, updateDocs, DOCS_FILE } from './docs.mjs';
import { say } from './log.mjs';

/** @typedef {import('./report.mjs').Row} Row */

/**
 * Everything the sections share.
 * @typedef {object} Context
 * @property {import('../config.mjs').Config} cfg
 * @property {boolean} quick
 * @property {string} origin
 * @property {import('node:http').Server} server          the page's server (the queue section starts its queue on it)
 * @property {import('playwright-core').Browser} browser
 * @property {import('./quiet-page.mjs').QuietPage} page  the playground, pool ready
 * @property {import('./quiet-page.mjs').QuietSession} cdp  its DevTools session (main-thread time)
 * @property {string[]} pageProblems
 * @property {import('./quiet-page.mjs').QuietPage} js    the plain-JavaScript peers (www/bench/)
 * @property {string[]} jsProblems
 * @property {number} P                                  pool threads
 * @property {Record<string, any>} spec                  www/spec.json
 * @property {{ python: string | null, version: string | null, packages: Record<string, string>, problem?: string }} py
 * @property {Row[]} rows
 * @property {Record<string, unknown>} raw               everything measured, for results.json
 * @property {Record<string, unknown>} env               what the page reported at start-up
 * @property {number} [requestCostMs]                    a 0 ms request, one at a time (overhead)
 * @property {number} [loopbackMs]                       a bare loopback round trip (overhead)
 * @property {import('./measure.mjs').Samples} [cpuSamples]  the CPU section's timings
 */

/**
 * Opens the playground (waiting for its pool) and the JS peers' page side by side.
 * @param {import('playwright-core').Browser} browser
 * @param {string} origin
 * @param {import('node:http').Server} server
 * @param {Pick<Context, 'cfg' | 'quick' | 'spec' | 'py'>} given
 * @returns {Promise<Context>}
 */
async function openContext(browser, origin, server, given) {
  const main = await freshPage(browser);
  const js = await freshPage(browser);
  const env = await openPlayground(main.page, origin);
  // www/bench/ is served with the page, so the peers fetch the same mock API from the same origin.
  await js.page.goto(`${origin}/www/bench/index.html`);
  await js.page.waitForFunction(() => window.baseline !== undefined);
  say(`served at ${origin}; pool threads P = ${env.poolThreads}; ${os.cpus().length} cores`);
  return {
    ...given, origin, server, browser, rows: [], raw: {}, env, P: env.poolThreads,
    page: main.page, cdp: main.cdp, pageProblems: main.problems, js: js.page, jsProblems: js.problems,
  };
}

/**
 * Runs the sections in turn; a failed section becomes an error row and the rest still run.
 * @param {Context} ctx
 * @param {import('../sections/index.mjs').Section[]} sections
 * @returns {Promise<Record<string, number>>} seconds per section
 */
async function runSections(ctx, sections) {
  /** @type {Record<string, number>} */
  const timings = {};
  for (const section of sections) {
    if (section.needsPython && !ctx.py.python) {
      ctx.rows.push(unavailable({ id: `${section.name}.python`, section: section.name, label: `${section.name}: the Python peers` }, ctx.quick ? 'skipped' : 'error', ctx.py.problem ?? 'no Python'));
      continue;
    }
    const t0 = Date.now();
    try {
      await (await section.load()).measure(ctx);
      timings[section.name] = Math.round((Date.now() - t0) / 1000);
      say(`${section.name}: done in ${timings[section.name]} s`);
    } catch (err) {
      const message = /** @type {Error} */ (err).message;
      console.error(`bench: ${section.name} failed: ${message}`);
      ctx.rows.push(unavailable({ id: `${section.name}.error`, section: section.name, label: `${section.name} section` }, 'error', message));
    }
  }
  /** @type {[string, string[]][]} */
  const pages = [['the playground', ctx.pageProblems], ['the JS baseline page', ctx.jsProblems]];
  for (const [who, problems] of pages) {
    if (problems.length) ctx.rows.push(unavailable({ id: `errors.${who}`, section: 'page', label: `errors in ${who}` }, 'error', problems.slice(0, 5).join('; ')));
  }
  return timings;
}

/**
 * Writes results.json, prints the table and the tally, updates the docs if asked.
 * @param {Context} ctx
 * @param {{ args: import('./args.mjs').Args, started: number, load: { start: number[], end: number[] }, timings: Record<string, number> }} run
 * @returns {number} the exit code: 1 if any row is an error or the docs could not be updated
 */
function finish(ctx, { args, started, load, timings }) {
  const machine = describeMachine({ chromium: `Chromium ${ctx.browser.version()}`, python: ctx.py.version, pythonPackages: ctx.py.packages });
  const date = new Date().toISOString();
  const durationS = Math.round((Date.now() - started) / 1000);
  const results = {
    date, mode: args.quick ? 'quick' : 'full', durationS, sectionSeconds: timings, machine,
    env: { ...ctx.env, loadAverage: load },
    config: ctx.cfg, rows: ctx.rows, raw: ctx.raw,
  };
  const out = path.resolve(ROOT, args.out);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  const block = docsBlock({ rows: ctx.rows, machine, date, P: ctx.P, load, quick: args.quick });
  console.log(`\n${block}\n`);
  const counts = tally(ctx.rows);
  console.log(
    `bench: ${counts.pass} pass, ${counts.miss} miss, ${counts.info} measured without a target, ` +
      `${counts['n/a']} not applicable here, ${counts.skipped} skipped, ${counts.error} errors; ${durationS} s; wrote ${path.relative(ROOT, out)}` +
      (args.quick ? ' (quick mode: small sizes, one round; numbers printed, not asserted)' : ''),
  );
  if (!args.updateDocs) return counts.error ? 1 : 0;
  const problem = updateDocs(block);
  if (problem) console.error(`bench: the table was not written: ${problem}`);
  else say(`${path.relative(ROOT, DOCS_FILE)}: replaced the table between the bench markers`);
  return counts.error || problem ? 1 : 0;
}

/**
 * The run itself; the wasm build must already be there (see prepare.mjs).
 * @param {import('./args.mjs').Args} args
 * @param {import('../sections/index.mjs').Section[]} sections
 * @param {{ started: number, loadAtStart: number[] }} began  when the run began (the build
 *   included, as results.json's durationS always counted it) and the load average then
 * @returns {Promise<number>} the exit code
 */
export async function runBench(args, sections, { started, loadAtStart }) {
  const load = { start: loadAtStart, end: /** @type {number[]} */ ([]) };
  const spec = JSON.parse(fs.readFileSync(path.join(ROOT, 'www', 'spec.json'), 'utf8'));
  const py = sections.some((s) => s.needsPython)
    ? await ensureVenv(say)
    : { python: null, version: null, packages: {}, problem: 'not needed by these sections' };
  if (py.problem) say(`Python: ${py.problem}`);
  const server = await startServer({ port: 0 });
  const origin = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
  const browser = await launch();
  try {
    const ctx = await openContext(browser, origin, server, { cfg: args.quick ? CONFIG.quick : CONFIG.full, quick: args.quick, spec, py });
    const timings = await runSections(ctx, sections);
    load.end = os.loadavg();
    return finish(ctx, { args, started, load, timings });
  } finally {
    await browser.close();
    server.closeAllConnections();
    server.close();
  }
}
