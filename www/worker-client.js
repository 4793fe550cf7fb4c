// The page's side of the worker protocol (see worker.js): starts the worker, runs experiments,
// and cancels by terminating the worker, which stops fetches and CPU work at once.

/**
 * @typedef {object} Span
 * @property {number} task
 * @property {number} lane
 * @property {number} startMs
 * @property {number} endMs
 * @property {boolean} ok
 *
 * @typedef {object} StrategyResult
 * @property {string} strategy
 * @property {number} wallMs
 * @property {number} tasks
 * @property {number} ok
 * @property {number} failed
 * @property {number} peakInFlight
 * @property {number} lanesUsed
 * @property {number} checksum
 * @property {string} [error]
 * @property {Span[]} spans
 *
 * @typedef {{ type: string, [key: string]: any }} WorkerEvent
 */

/** How long the worker may take to load the module and build the pool before we give up. */
export const BOOT_TIMEOUT_MS = 20_000;

export class PlaygroundWorker {
  /** @param {number} threads pool size */
  constructor(threads) {
    this.threads = threads;
    /** @type {Worker | null} */
    this.worker = null;
    /** @type {Promise<number> | null} */
    this.ready = null;
    this.runId = 0;
    /** @type {((reason: Error) => void) | null} */
    this.abortRun = null;
  }

  /** Starts the worker and resolves to the pool size; rejects with a plain-words reason. */
  start() {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the worker did not start within ${BOOT_TIMEOUT_MS / 1000} s`)),
        BOOT_TIMEOUT_MS,
      );
      const onMessage = (/** @type {MessageEvent} */ { data }) => {
        if (data?.type !== 'ready' && data?.type !== 'fatal') return;
        clearTimeout(timer);
        worker.removeEventListener('message', onMessage);
        if (data.type === 'ready') resolve(data.poolThreads);
        else reject(new Error(data.message));
      };
      worker.addEventListener('message', onMessage);
      worker.addEventListener('error', (e) => {
        clearTimeout(timer);
        reject(new Error(`the worker failed to load: ${e.message || 'script error'}`));
      });
    });
    worker.postMessage({ type: 'init', threads: this.threads });
    return this.ready;
  }

  /**
   * Runs one experiment. `onEvent` sees every message of this run as it arrives.
   * @param {Record<string, unknown>} params
   * @param {(event: WorkerEvent) => void} onEvent
   * @returns {Promise<StrategyResult[]>}
   */
  async run(params, onEvent) {
    await this.ready;
    const worker = /** @type {Worker} */ (this.worker);
    const runId = ++this.runId;
    /** @type {StrategyResult[]} */
    const results = [];
    return new Promise((resolve, reject) => {
      const finish = () => {
        worker.removeEventListener('message', onMessage);
        this.abortRun = null;
      };
      const onMessage = (/** @type {MessageEvent} */ { data }) => {
        if (data?.runId !== runId) return;
        onEvent(data);
        if (data.type === 'strategy-done') results.push(data.result);
        if (data.type === 'run-done') {
          finish();
          resolve(results);
        } else if (data.type === 'run-error') {
          finish();
          reject(Object.assign(new Error(data.message), { partial: results }));
        }
      };
      this.abortRun = (reason) => {
        finish();
        reject(Object.assign(reason, { partial: results }));
      };
      worker.addEventListener('message', onMessage);
      worker.postMessage({ type: 'run', runId, params });
    });
  }

  /** Stops a run at once: the worker (and every fetch and pool thread) is terminated and a
   * fresh one started. Resolves when the new pool is ready. */
  cancel() {
    this.abortRun?.(Object.assign(new Error('cancelled'), { cancelled: true }));
    this.worker?.terminate();
    return this.start();
  }

  /** Replaces the worker with one whose pool has `threads` threads. */
  resize(threads) {
    this.threads = threads;
    return this.cancel();
  }
}
