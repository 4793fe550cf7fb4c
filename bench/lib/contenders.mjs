// The contenders a section times: the playground's strategies (run through the page's
// `playground.run`), the plain-JavaScript peers (www/bench/: on the peers' page's main thread
// or in a Web Worker of it) and the Python peers.
import { runInPage } from './browser.mjs';
import { runPython } from './python.mjs';

/** @typedef {import('./session.mjs').Context} Context */
/** @typedef {import('./measure.mjs').Measured} Measured */
/** @typedef {import('./measure.mjs').Sample} Sample */

/**
 * Parameters for `playground.run`. The page merges a run's parameters into its current ones, so
 * every parameter is given (from spec.json's defaults) and nothing lingers from the last run.
 * @param {Context} ctx
 * @param {Record<string, unknown>} params
 */
export function pageParams(ctx, params) {
  const missing = Object.keys(params).filter((k) => !(k in ctx.spec.params));
  if (missing.length) throw new Error(`the page has no parameter ${missing.join(', ')} (www/spec.json)`);
  /** @type {Record<string, unknown>} */
  const full = {};
  for (const [name, spec] of Object.entries(ctx.spec.params)) full[name] = structuredClone(spec.default);
  return { ...full, threads: 0, ...params };
}

/**
 * One run of the given strategies in the playground; checks it ran exactly those (and, when
 * `params.threads` asks for a pool size, on a pool of that size). Each sample
 * carries the ideal time the core computed for it. With a single strategy,
 * `main-thread:<id>` also records how long the page's main thread was busy meanwhile, and
 * `main-thread-cpu:<id>` the CPU time it used (their checksum is 0: they are not work).
 * @param {Context} ctx
 * @param {string[]} strategies
 * @param {Record<string, unknown>} params
 * @returns {Promise<Measured>}
 */
export async function playground(ctx, strategies, params) {
  const { results, mainThreadMs, mainThreadCpuMs, poolThreads } = await runInPage(ctx.page, pageParams(ctx, { ...params, strategies }), ctx.cdp);
  const got = Object.keys(results);
  if (got.join() !== strategies.join()) throw new Error(`asked for ${strategies.join(', ')}, the page ran ${got.join(', ')}`);
  // A pool size asked for is checked against the one the worker reported it built.
  const asked = Number(params.threads ?? 0);
  if (asked > 0 && poolThreads !== asked) throw new Error(`asked for a pool of ${asked} threads, the page ran on ${poolThreads}`);
  /** @type {Measured} */
  const measured = Object.fromEntries(
    Object.values(results).map((r) => [r.strategy, { ms: r.wallMs, checksum: r.checksum, idealMs: r.idealMs ?? null, detail: r.detail ?? null }]),
  );
  if (strategies.length === 1) {
    measured[`main-thread:${strategies[0]}`] = { ms: mainThreadMs, checksum: 0 };
    measured[`main-thread-cpu:${strategies[0]}`] = { ms: mainThreadCpuMs, checksum: 0 };
  }
  return measured;
}

/** Whether the page has the strategy `id` (spec.json's table). */
export const hasStrategy = (/** @type {Context} */ ctx, /** @type {string} */ id) =>
  ctx.spec.strategies.some((/** @type {{ id: string }} */ s) => s.id === id);

/**
 * A plain-JavaScript peer from www/bench/baseline.js.
 * @param {Context} ctx
 * @param {'cpuPool' | 'fetchAll' | 'fetchPool'} fn
 * @param {Record<string, unknown>} options
 * @returns {Promise<Sample>}
 */
export async function baseline(ctx, fn, options) {
  // Each peer takes its own options; the caller passes the ones for `fn`.
  const r = await ctx.js.evaluate(
    ([f, o]) => /** @type {(options: unknown) => Promise<{ wallMs: number, checksum: number }>} */ (window.baseline[f])(o),
    /** @type {const} */ ([fn, options]),
  );
  return { ms: r.wallMs, checksum: r.checksum };
}

/**
 * The same fetch peer as `baseline`, run inside a module Web Worker of the peers' page
 * (www/bench/fetch-peer-worker.js), the kind of thread our fetch strategies run on.
 * @param {Context} ctx
 * @param {'fetchAll' | 'fetchPool'} fn
 * @param {Record<string, unknown>} options
 * @returns {Promise<Sample>}
 */
export async function baselineInWorker(ctx, fn, options) {
  const r = await ctx.js.evaluate(([f, o]) => window.baseline.inWorker({ fn: f, options: o }), /** @type {const} */ ([fn, options]));
  return { ms: r.wallMs, checksum: r.checksum };
}

/**
 * One Python peer run; times are its own (warm-up inside excluded).
 * @param {Context} ctx
 * @param {string} script  a file in bench/peers/python
 * @param {Record<string, string | number>} options
 */
export async function python(ctx, script, options) {
  if (!ctx.py.python) throw new Error(`no Python: ${ctx.py.problem}`);
  return runPython(ctx.py.python, script, options);
}

/**
 * A Python peer's single run as a Sample.
 * @param {{ runs_ms: number[], checksum: number }} out
 * @returns {Sample}
 */
export const firstRun = (out) => ({ ms: out.runs_ms[0], checksum: out.checksum });
