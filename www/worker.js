// The dedicated Worker that owns the wasm module and the rayon pool.
//
// The page's main thread never runs pool work: rayon's waiting spins, so on the main thread it
// takes a core and freezes the page (1.31x instead of 1.94x on 2 cores, see TOOLCHAIN.md). Here
// CPU work runs on the pool while this worker's event loop keeps posting progress; the page only
// draws what it receives.
//
// Messages in:  { type: 'init', threads }          { type: 'run', runId, params }
// Messages out: { type: 'ready', poolThreads }     { type: 'fatal', message }
//               { type: 'strategy-start', runId, strategy, total, reps }
//               { type: 'progress', runId, strategy, done, total, rep, reps, spans }
//               { type: 'strategy-done', runId, result }
//               { type: 'run-done', runId }        { type: 'run-error', runId, message }
import init, { startPool, strategiesFor, runStrategy } from './pkg/parallel_playground.js';
import { summarize } from './stats.js';

/** @type {Promise<number> | null} */
let booted = null;
/** Base URLs of the mock API on the server's other ports (for fetch-multiport). */
let mirrors = [];

/**
 * Loads the module, builds the pool once per worker (rayon's pool cannot be rebuilt) and asks
 * the server where its mirror ports are.
 * @param {number} threads
 */
async function boot(threads) {
  if (!self.crossOriginIsolated) {
    throw new Error(
      'This page is not cross-origin isolated, so the browser offers no SharedArrayBuffer and the ' +
        'thread pool cannot start. Serve it with `npm start`, which sends the ' +
        'Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy headers.',
    );
  }
  const [, list] = await Promise.all([
    init(),
    fetch(new URL('/api/mirrors', self.location.href))
      .then((r) => (r.ok ? r.json() : { mirrors: [] }))
      .catch(() => ({ mirrors: [] })),
  ]);
  mirrors = list.mirrors ?? [];
  // Room for one Resource Timing entry per request of the largest run (the default is 250).
  performance.setResourceTimingBufferSize(20_000);
  return startPool(threads);
}

/**
 * Runs one strategy `repeat` times (plus a warm-up run that is left out when repeat > 1) and
 * returns the median run, with the spread attached.
 * @param {number} runId
 * @param {string} strategy
 * @param {Record<string, any>} params
 */
async function runRepeated(runId, strategy, params) {
  const json = JSON.stringify({ ...params, mirrors });
  const reps = params.repeat > 1 ? params.repeat + 1 : 1;
  postMessage({ type: 'strategy-start', runId, strategy, total: params.tasks, reps });
  const results = [];
  for (let rep = 0; rep < reps; rep++) {
    const onProgress = (/** @type {number} */ done, /** @type {number} */ total, /** @type {string} */ spans) =>
      postMessage({ type: 'progress', runId, strategy, done, total, rep, reps, spans: JSON.parse(spans) });
    const result = JSON.parse(await runStrategy(strategy, json, onProgress));
    if (reps === 1 || rep > 0) results.push(result);
  }
  const walls = results.map((r) => r.wallMs);
  const stats = summarize(walls);
  // Show the run whose time is the median (the lower middle for an even count).
  const sorted = [...results].sort((a, b) => a.wallMs - b.wallMs);
  const shown = sorted[Math.floor((sorted.length - 1) / 2)];
  return { ...shown, wallMs: stats.medianMs, repeat: { ...stats, wallsMs: walls, warmupExcluded: reps > 1 } };
}

/**
 * Runs every strategy of one experiment, one after another, so they do not compete.
 * @param {number} runId
 * @param {Record<string, any>} params
 */
async function run(runId, params) {
  const ids = strategiesFor(JSON.stringify({ ...params, mirrors }));
  for (const strategy of ids) {
    const result = await runRepeated(runId, strategy, params);
    postMessage({ type: 'strategy-done', runId, result });
  }
  postMessage({ type: 'run-done', runId });
}

/** @param {unknown} err */
const message = (err) => (err instanceof Error ? err.message : String(err));

self.addEventListener('message', async ({ data }) => {
  if (data?.type === 'init') {
    booted ??= boot(data.threads);
    try {
      postMessage({ type: 'ready', poolThreads: await booted });
    } catch (err) {
      postMessage({ type: 'fatal', message: message(err) });
    }
  } else if (data?.type === 'run') {
    try {
      await booted;
      await run(data.runId, data.params);
    } catch (err) {
      postMessage({ type: 'run-error', runId: data.runId, message: message(err) });
    }
  }
});
