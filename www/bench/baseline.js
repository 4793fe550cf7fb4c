// The plain-JavaScript peers the benchmark (bench/run.mjs) measures the playground against,
// on the same page server, kernel and mock API:
//   - cpuPool: a pool of Web Workers running kernel.js, each taking the next task index when it
//     is free (the JavaScript answer to rayon's par_iter / multiprocessing.Pool.map);
//   - fetchAll and fetchPool (fetch-peers.js): Promise.all over fetch(), and k async loops, on
//     this page's main thread;
//   - inWorker: the same two in a module Web Worker of this page (fetch-peer-worker.js), the
//     kind of thread our fetch strategies run on.
// They live under www/ rather than bench/peers/ because the server serves only www/, and they
// fetch the mock API from the same origin as the playground does.

import { fetchAll, fetchPool } from './fetch-peers.js';

/** A pool of `size` module workers, started once and kept (like the playground's rayon pool). */
class WorkerPool {
  /** @param {number} size */
  constructor(size) {
    this.workers = Array.from(
      { length: size },
      () => new Worker(new URL('./pool-worker.js', import.meta.url), { type: 'module' }),
    );
  }

  /**
   * Runs tasks 0..tasks-1, each worker pulling the next index as soon as it answers.
   * @param {'primes' | 'squares'} kernel
   * @param {number} tasks
   * @param {number} work blocks of 1000 numbers per task (primes)
   * @returns {Promise<{ wallMs: number, checksum: number, lanesUsed: number }>}
   */
  run(kernel, tasks, work) {
    const started = performance.now();
    let next = 0;
    let done = 0;
    let checksum = 0;
    const lanes = new Set();
    return new Promise((resolve, reject) => {
      const feed = (/** @type {Worker} */ worker) => {
        if (next < tasks) worker.postMessage({ kernel, task: next++, tasks, work });
      };
      this.workers.forEach((worker, lane) => {
        worker.onerror = (e) => reject(new Error(`pool worker failed: ${e.message}`));
        worker.onmessage = ({ data }) => {
          checksum += data.value;
          lanes.add(lane);
          done += 1;
          if (done === tasks) resolve({ wallMs: performance.now() - started, checksum, lanesUsed: lanes.size });
          else feed(worker);
        };
      });
      this.workers.forEach(feed);
    });
  }

  close() {
    for (const w of this.workers) w.terminate();
  }
}

/** @type {Map<number, WorkerPool>} */
const pools = new Map();

/**
 * A CPU kernel on a pool of `threads` workers. The pool is created on first use and kept, so
 * a warm-up run pays for worker start-up and JIT, and timed runs measure the work.
 * @param {{ kernel?: 'primes' | 'squares', tasks: number, work: number, threads: number }} options
 */
async function cpuPool({ kernel = 'primes', tasks, work, threads }) {
  if (!pools.has(threads)) pools.set(threads, new WorkerPool(threads));
  return /** @type {WorkerPool} */ (pools.get(threads)).run(kernel, tasks, work);
}

/** @typedef {import('./fetch-peers.js').PeerAnswer} PeerAnswer */

/**
 * The fetch peers in a module Web Worker of this page, started on first use and kept: the same
 * functions as on the main thread, so main thread against Worker is the Worker's cost alone.
 */
class PeerWorker {
  constructor() {
    this.worker = new Worker(new URL('./fetch-peer-worker.js', import.meta.url), { type: 'module' });
    this.calls = 0;
    /** @type {Map<number, { resolve: (r: { wallMs: number, checksum: number }) => void, reject: (e: Error) => void }>} */
    this.waiting = new Map();
    this.worker.onmessage = ({ data }) => {
      const { id, result, error } = /** @type {PeerAnswer} */ (data);
      const call = this.waiting.get(id);
      this.waiting.delete(id);
      if (result) call?.resolve(result);
      else call?.reject(new Error(`in the peer worker: ${error}`));
    };
    this.worker.onerror = (e) => {
      for (const call of this.waiting.values()) call.reject(new Error(`peer worker failed: ${e.message}`));
      this.waiting.clear();
    };
  }

  /**
   * @param {import('./fetch-peers.js').FetchPeer} fn
   * @param {any} options
   * @returns {Promise<{ wallMs: number, checksum: number }>}
   */
  call(fn, options) {
    const id = this.calls++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, fn, options });
    });
  }
}

/** @type {PeerWorker | null} */
let peerWorker = null;

/**
 * A fetch peer run inside the peer worker; its time is the worker's own (the message hops
 * excluded), as our strategies' are.
 * @param {{ fn: import('./fetch-peers.js').FetchPeer, options: any }} what
 */
function inWorker({ fn, options }) {
  peerWorker ??= new PeerWorker();
  return peerWorker.call(fn, options);
}

/** The peers, for the benchmark to call through Playwright. */
export const baseline = { cpuPool, fetchAll, fetchPool, inWorker, hardwareConcurrency: navigator.hardwareConcurrency };
window.baseline = baseline;
