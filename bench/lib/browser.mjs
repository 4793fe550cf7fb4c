// Driving the page in Debian's Chromium: launch flags as in playwright.config.mjs, a fresh
// context per page (so a cold load really is cold), and the probes the bench installs before
// any page script runs.
import { chromium } from 'playwright-core';
import { launchOptions } from '../../scripts/lib/chromium.mjs';
import { quietPage } from './quiet-page.mjs';


export function launch() {
  return chromium.launch(launchOptions());
}

/**
 * Runs in every page before its own scripts: records main-thread long tasks (over 50 ms) and the
 * moment the playground's pool is ready, on the page's clock (ms since navigation start).
 *
 * main.js assigns `window.playground` and then replaces its `ready` with the worker's start-up
 * promise; accessors on both catch that promise the moment it exists, so the time recorded is
 * when it resolved, not when the bench got round to asking. A resolved pool size of 0 is the
 * placeholder before the worker starts and is not "ready".
 */
function probes() {
  const bench = { longTasks: /** @type {{ start: number, duration: number }[]} */ ([]), readyAt: /** @type {number | null} */ (null) };
  Object.defineProperty(window, '__bench', { value: bench });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // no longtask support: the bench reports the missing entries type as an error
  }
  const watch = (/** @type {unknown} */ promise) => {
    if (promise instanceof Promise) {
      promise.then((threads) => {
        if (threads > 0 && bench.readyAt === null) bench.readyAt = performance.now();
      }, () => {});
    }
  };
  /** @type {unknown} */
  let playground;
  Object.defineProperty(window, 'playground', {
    configurable: true,
    get: () => playground,
    set(value) {
      playground = value;
      if (!value || typeof value !== 'object') return;
      let ready = value.ready;
      watch(ready);
      Object.defineProperty(value, 'ready', {
        configurable: true,
        enumerable: true,
        get: () => ready,
        set(next) {
          ready = next;
          watch(next);
        },
      });
    },
  });
}

/**
 * A page in a fresh browser context with the probes installed, not instrumented by Playwright
 * (bench/lib/quiet-page.mjs); page errors and console errors are collected in `problems` (the
 * bench fails a measurement that produced any).
 * @param {import('playwright-core').Browser} browser
 */
export async function freshPage(browser) {
  const made = await quietPage(browser, probes);
  // Chromium's own counters: TaskDuration is the time the page's main thread spent running
  // tasks, which is CPU taken from the pool on a machine with few cores.
  await made.cdp.send('Performance.enable');
  return made;
}

/**
 * The page's main thread so far, in seconds: the time it spent running tasks (wall time) and the
 * CPU time it used.
 * @param {import('./quiet-page.mjs').QuietSession} cdp
 */
export async function mainThreadSeconds(cdp) {
  /** @type {{ metrics: { name: string, value: number }[] }} */
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (/** @type {string} */ name) => metrics.find((m) => m.name === name)?.value ?? NaN;
  return { tasks: get('TaskDuration'), cpu: get('ThreadTime') };
}

/**
 * Opens the playground and waits for its pool.
 * @param {import('./quiet-page.mjs').QuietPage} page
 * @param {string} origin
 * `boot` holds the page's start-up marks (`boot:*`, ms since navigation start): its own and those
 * the worker sent with its pool (www/page/early-start.js, www/worker/), and `html`, the
 * moment the page's HTML had arrived.
 * @returns {Promise<{ poolThreads: number, readyAtMs: number, domContentLoadedMs: number, hardwareConcurrency: number, crossOriginIsolated: boolean, boot: Record<string, number> }>}
 */
export async function openPlayground(page, origin) {
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => window.playground !== undefined);
  return page.evaluate(async () => {
    const poolThreads = await window.playground.ready;
    // The probe saw the resolution first; this fallback is only for a page that set `ready`
    // in a way it could not watch (then the time includes this call's own delay).
    const readyAtMs = window.__bench.readyAt ?? performance.now();
    const nav = /** @type {PerformanceNavigationTiming | undefined} */ (performance.getEntriesByType('navigation')[0]);
    return {
      poolThreads,
      readyAtMs,
      domContentLoadedMs: nav?.domContentLoadedEventEnd ?? NaN,
      hardwareConcurrency: navigator.hardwareConcurrency,
      crossOriginIsolated: self.crossOriginIsolated,
      boot: {
        html: nav?.responseEnd ?? NaN,
        ...Object.fromEntries(
          performance.getEntriesByType('mark').filter((m) => m.name.startsWith('boot:')).map((m) => [m.name.slice(5), m.startTime]),
        ),
      },
    };
  });
}

/**
 * @typedef {object} Outcome   one strategy's result, without its spans
 * @property {string} strategy
 * @property {number} wallMs
 * @property {number | null} [idealMs]  the core's ideal time for it (src/ideal.rs)
 * @property {number} tasks
 * @property {number} ok
 * @property {number} failed
 * @property {number} peakInFlight
 * @property {number} lanesUsed
 * @property {number} checksum
 * @property {Record<string, unknown> | null} [detail]  what the strategy reports beyond the counts
 * @property {number} busyMs    the sum of the spans' durations (time spent inside tasks)
 * @property {string} [error]
 */

/**
 * One `playground.run(params)`; resolves to its results without the spans (which can be 10,000
 * long), the parameters the page actually used, the long tasks seen meanwhile and how long the
 * main thread was busy (when `cdp` is given: its tasks' time and the CPU time it used; both
 * include the bench's own calls, which start the run and collect its result). Throws if the run failed, any task failed, or the
 * page changed the parameters asked for.
 * @param {import('./quiet-page.mjs').QuietPage} page
 * @param {Record<string, unknown>} params
 * @param {import('./quiet-page.mjs').QuietSession} [cdp]
 * @returns {Promise<{ results: Record<string, Outcome>, params: Record<string, unknown>, poolThreads: number, longTasks: { start: number, duration: number }[], mainThreadMs: number, mainThreadCpuMs: number }>}
 */
export async function runInPage(page, params, cdp) {
  const before = cdp ? await mainThreadSeconds(cdp) : null;
  const out = await page.evaluate(async (p) => {
    const before = window.__bench.longTasks.length;
    const report = await window.playground.run(p);
    // Long tasks are reported a moment after they end; give the observer a frame to deliver.
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 100)));
    return {
      error: report.error,
      cancelled: report.cancelled,
      notes: report.notes,
      params: report.params,
      poolThreads: report.env.poolThreads,
      longTasks: window.__bench.longTasks.slice(before),
      results: report.results.map(({ spans, ...r }) => ({
        ...r,
        busyMs: spans.reduce((sum, s) => sum + (s.endMs - s.startMs), 0),
      })),
    };
  }, params);
  const after = cdp ? await mainThreadSeconds(cdp) : null;
  const mainThreadMs = after && before ? (after.tasks - before.tasks) * 1000 : NaN;
  const mainThreadCpuMs = after && before ? (after.cpu - before.cpu) * 1000 : NaN;
  const what = `playground.run(${JSON.stringify(params)})`;
  if (out.error || out.cancelled) throw new Error(`${what} failed: ${out.error ?? 'cancelled'}`);
  if (out.notes?.length) throw new Error(`${what}: the page changed the parameters: ${out.notes.join(' ')}`);
  for (const r of out.results) {
    if (r.failed || r.error) throw new Error(`${what}: ${r.strategy} had ${r.failed} failed tasks: ${r.error}`);
  }
  return {
    results: Object.fromEntries(out.results.map((r) => [r.strategy, r])),
    params: out.params,
    poolThreads: out.poolThreads,
    longTasks: out.longTasks,
    mainThreadMs,
    mainThreadCpuMs,
  };
}
