// The dedicated Worker that owns the wasm module and the rayon pool.
//
// The page's main thread never runs pool work: rayon's waiting spins, so on the main thread it
// takes a core and freezes the page (1.31x instead of 1.94x on 2 cores, see TOOLCHAIN.md). Here it
// may block; the page stays responsive and only draws what this worker posts.
//
// Messages in:  { type: 'init', threads }          { type: 'run', runId, params }
// Messages out: { type: 'ready', poolThreads }     { type: 'fatal', message }
//               { type: 'strategy-start', runId, strategy, total }
//               { type: 'progress', runId, strategy, done, total }
//               { type: 'strategy-done', runId, result }
//               { type: 'run-done', runId }        { type: 'run-error', runId, message }
import init, { startPool, strategiesFor, runStrategy } from './pkg/parallel_playground.js';

/** @type {Promise<number> | null} */
let booted = null;

/**
 * Loads the module and builds the pool once per worker (rayon's pool cannot be rebuilt).
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
  await init();
  return startPool(threads);
}

/**
 * Runs every strategy of one experiment, one after another, so they do not compete.
 * @param {number} runId
 * @param {Record<string, unknown>} params
 */
async function run(runId, params) {
  const json = JSON.stringify(params);
  const ids = strategiesFor(json);
  for (const strategy of ids) {
    postMessage({ type: 'strategy-start', runId, strategy, total: params.tasks });
    const onProgress = (/** @type {number} */ done, /** @type {number} */ total) =>
      postMessage({ type: 'progress', runId, strategy, done, total });
    const result = JSON.parse(await runStrategy(strategy, json, onProgress));
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
