// The page's first module: starts the dedicated worker index.html created (its script and the
// wasm module already loading) with the default pool size, before the page's own modules and
// Chart.js have loaded, so the two load side by side instead of one after the other. It imports
// only what starting a worker needs, to run early.
// The controller adopts this start when it wants the same pool size, else throws it away.
import { startWorker, createWorker } from '../protocol/worker-boot.js';
import { poolSizeFor } from './environment.js';

/**
 * @typedef {object} EarlyStart
 * @property {number} threads  the pool size it asked for: the default one
 * @property {ReturnType<typeof startWorker>} started
 * @property {AbortController} booting  aborting it ends this start (a worker not adopted)
 */

/**
 * Starts a worker with the default pool size, unless the address asks for another one (the
 * page then starts its own once it has read it).
 * @returns {EarlyStart | null}
 */
function startEarly() {
  if (new URLSearchParams(location.search).has('threads')) return null;
  const threads = poolSizeFor(0);
  const booting = new AbortController();
  // On the page's timeline beside the worker's own marks (the bench reads them).
  performance.mark('boot:init-sent');
  const started = startWorker(createWorker, threads, { signal: booting.signal });
  // The page may not get round to adopting it if it fails early; its own start reports that.
  started.catch(() => {});
  return { threads, started, booting };
}

/** The start begun when this module first ran, or null; taken once. @type {EarlyStart | null} */
let early = startEarly();

/**
 * The early start if it asked for `threads` threads, once; any other one is ended (its worker
 * terminated) and null returned, so the caller starts its own.
 * @param {number} threads
 * @returns {EarlyStart | null}
 */
export function adoptEarlyStart(threads) {
  const taken = early;
  early = null;
  if (taken && taken.threads !== threads) {
    taken.booting.abort();
    return null;
  }
  return taken;
}
