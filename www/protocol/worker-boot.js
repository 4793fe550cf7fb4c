// Starting the dedicated worker, step by step: its script, the wasm module, the thread pool.
// Each step has its own time limit, a step that overruns or fails is tried again in a fresh
// worker, and the last error names the step, so a start that hangs is found out and retried
// instead of leaving the page with "not available".
import { FROM_WORKER, TO_WORKER } from './messages.js';

/** What each step is, in words, and how long it may take. */
export const STEPS = Object.freeze({
  script: { words: 'the worker script did not load', ms: 10_000 },
  module: { words: 'the wasm module did not load', ms: 15_000 },
  pool: { words: 'the thread pool did not start', ms: 20_000 },
});

/**
 * A dedicated worker (www/worker/entry.js, which loads worker.js), not yet told to start: the
 * one index.html created first thing, once, since it is already loading its module; else a new one.
 */
export function createWorker() {
  const page = /** @type {{ earlyWorker?: Worker }} */ (globalThis);
  const early = page.earlyWorker;
  page.earlyWorker = undefined;
  return early ?? new Worker(new URL('../worker/entry.js', import.meta.url), { type: 'module' });
}

/** Attempts at starting a worker before the page gives up (and says which step failed). */
export const ATTEMPTS = 3;

/**
 * One attempt: a fresh worker, watched step by step. Resolves to the worker and its pool size;
 * rejects with the step that failed (the worker is terminated then).
 * @param {() => Worker} create
 * @param {number} threads
 * @param {typeof setTimeout} [timer]
 * @param {AbortSignal} [signal] aborted when a newer start overtakes this one: the worker is
 *   terminated at once and its timer cleared, so nothing of it fires later
 * @returns {Promise<{ worker: Worker, poolThreads: number }>}
 */
export function startOnce(create, threads, timer = setTimeout, signal) {
  const worker = create();
  return new Promise((resolve, reject) => {
    const onAbort = () => fail('overtaken by a newer start');
    signal?.addEventListener('abort', onAbort, { once: true });
    /** @type {keyof typeof STEPS} */
    let step = 'script';
    let clock = arm();
    function arm() {
      return timer(() => fail(`${STEPS[step].words} within ${STEPS[step].ms / 1000} s`), STEPS[step].ms);
    }
    function fail(/** @type {string} */ why) {
      clearTimeout(clock);
      worker.removeEventListener('message', onMessage);
      worker.terminate();
      reject(Object.assign(new Error(why), { step }));
    }
    function onMessage(/** @type {MessageEvent<import('./messages.js').FromWorker>} */ { data }) {
      if (data?.type === FROM_WORKER.booting && data.step in STEPS) {
        clearTimeout(clock);
        step = data.step;
        clock = arm();
      } else if (data?.type === FROM_WORKER.ready) {
        clearTimeout(clock);
        markWorkerBoot(data.boot);
        worker.removeEventListener('message', onMessage);
        signal?.removeEventListener('abort', onAbort);
        resolve({ worker, poolThreads: data.poolThreads });
      } else if (data?.type === FROM_WORKER.fatal) {
        fail(`${STEPS[step].words}: ${data.message}`);
      }
    }
    worker.addEventListener('message', onMessage);
    worker.addEventListener('error', (e) => fail(`${STEPS[step].words}: ${e.message || 'script error'}`), { once: true });
    worker.postMessage({ type: TO_WORKER.init, threads });
  });
}

/**
 * Copies the worker's start-up marks onto the page's own timeline, where DevTools and the bench
 * see them beside the page's (a worker's clock starts at its own time origin).
 * @param {Record<string, number> | undefined} boot
 */
function markWorkerBoot(boot) {
  if (typeof performance?.mark !== 'function') return;
  for (const [name, epochMs] of Object.entries(boot ?? {})) {
    performance.mark(name, { startTime: Math.max(0, epochMs - performance.timeOrigin) });
  }
}

/**
 * Starts a worker, trying up to ATTEMPTS fresh ones. The error of the last attempt says which
 * step failed and how often it was tried.
 * @param {() => Worker} create
 * @param {number} threads
 * @param {{ attempts?: number, timer?: typeof setTimeout, onRetry?: (error: Error, attempt: number) => void,
 *   signal?: AbortSignal }} [options] `signal` is aborted when a newer start overtakes this one:
 *   its worker is terminated at once and no further attempt is made
 */
export async function startWorker(create, threads, { attempts = ATTEMPTS, timer = setTimeout, onRetry = () => {}, signal } = {}) {
  /** @type {Error | undefined} */
  let last;
  let tried = 0;
  for (let attempt = 1; attempt <= attempts && !signal?.aborted; attempt++) {
    tried = attempt;
    try {
      return await startOnce(create, threads, timer, signal);
    } catch (err) {
      last = /** @type {Error} */ (err);
      if (attempt < attempts) onRetry(last, attempt);
    }
  }
  throw new Error(`${last?.message ?? 'the worker did not start'} (${tried} ${tried === 1 ? 'attempt' : 'attempts'})`);
}
