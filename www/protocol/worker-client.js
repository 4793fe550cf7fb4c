// The page's side of the worker protocol (messages.js): starts the worker, runs experiments,
// cancels them, and replaces the worker when its module panicked or the worker died.
import { startWorker, createWorker } from './worker-boot.js';
import { interruptedResult } from '../model/report.js';
import { FROM_WORKER, TO_WORKER } from './messages.js';

/** @typedef {import('../model/report.js').StrategyResult} StrategyResult */
/** @typedef {import('../model/report.js').Live} Live */

/** How long a cancelled run may take to wind down (abort its requests, stop its CPU tasks at
 * their next checkpoint) before the worker is terminated instead: the last resort, for a
 * thread that does not answer. Cooperative wind-downs take well under this. */
export const CANCEL_GRACE_MS = 1000;

export class PlaygroundWorker {
  /**
   * @param {number} threads pool size
   * @param {(message: string) => void} [onCrash] told when the worker crashed and is being replaced
   */
  constructor(threads, onCrash = () => {}) {
    this.threads = threads;
    this.onCrash = onCrash;
    /** @type {Worker | null} */
    this.worker = null;
    /** @type {Promise<number> | null} */
    this.ready = null;
    this.runId = 0;
    /** @type {((reason: Error & Record<string, any>, live: boolean) => void) | null} */
    this.endRun = null;
    /** @type {Promise<unknown> | null} the running experiment, settled or not */
    this.running = null;
    /** The start in progress, aborted when a newer one overtakes it. @type {AbortController | null} */
    this.booting = null;
  }

  /**
   * Starts a worker and resolves to the pool size; rejects with a plain-words reason naming the
   * start-up step that failed, after fresh attempts (www/protocol/worker-boot.js). A start overtaken by
   * a newer one (a resize, a crash) throws its worker away.
   * @param {{ started: ReturnType<typeof startWorker>, booting: AbortController } | null} [early]
   *   a start already under way for this pool size (www/page/early-start.js), taken over
   */
  start(early = null) {
    this.booting?.abort();
    const booting = early?.booting ?? new AbortController();
    this.booting = booting;
    this.worker = null;
    // An overtaken start hands whoever waits on it to the newer start's outcome.
    const overtaken = () => /** @type {Promise<number>} */ (this.ready);
    const started = early?.started ?? startWorker(createWorker, this.threads, { signal: booting.signal });
    this.ready = started.then(
      ({ worker, poolThreads }) => {
        if (booting.signal.aborted) {
          worker.terminate();
          return overtaken();
        }
        this.booting = null;
        this.attach(worker);
        return poolThreads;
      },
      (err) => {
        if (booting.signal.aborted) return overtaken();
        throw err;
      },
    );
    return this.ready;
  }

  /** Watches a started worker: after start-up a `crashed` message or an uncaught error means
   * it is done for. @param {Worker} worker */
  attach(worker) {
    this.worker = worker;
    worker.addEventListener('message', ({ data }) => {
      if (data?.type === FROM_WORKER.crashed) this.crashed(worker, data.message);
    });
    worker.addEventListener('error', (e) => this.crashed(worker, `the worker died: ${e.message || 'script error'}`));
  }

  /**
   * Replaces a crashed worker (once) and fails the run it was doing, keeping what it reported.
   * @param {Worker} worker
   * @param {string} message
   */
  crashed(worker, message) {
    if (worker !== this.worker) return;
    this.endRun?.(Object.assign(new Error(`the worker crashed: ${message}`), { crashed: true }), true);
    worker.terminate();
    this.start().catch(() => {});
    this.onCrash(message);
  }

  /**
   * Runs one experiment. `onEvent` sees every message of this run as it arrives.
   * Rejects on cancel or crash with `{ cancelled | crashed, partial, notRun }`: every strategy
   * that started is in `partial`, with its tasks accounted for.
   * @param {Record<string, unknown>} params
   * @param {(event: import('./messages.js').RunEvent) => void} onEvent
   * @returns {Promise<StrategyResult[]>}
   */
  async run(params, onEvent) {
    await this.ready;
    const worker = /** @type {Worker} */ (this.worker);
    const runId = ++this.runId;
    /** @type {StrategyResult[]} */
    const results = [];
    /** @type {Live | null} */
    let live = null;
    this.running = new Promise((resolve, reject) => {
      const finish = () => {
        worker.removeEventListener('message', onMessage);
        this.endRun = null;
      };
      const onMessage = (/** @type {MessageEvent<import('./messages.js').RunEvent>} */ { data }) => {
        if (data?.runId !== runId) return;
        onEvent(data);
        if (data.type === FROM_WORKER.strategyStart) {
          live = { strategy: data.strategy, total: data.total, startedAt: performance.now(), done: 0, failed: 0, cancelled: 0, spans: [] };
        } else if (data.type === FROM_WORKER.repeatStart && live) {
          Object.assign(live, { startedAt: performance.now(), done: 0, failed: 0, cancelled: 0, spans: [] });
        } else if (data.type === FROM_WORKER.progress && live) {
          // Each message carries the spans finished since the one before.
          Object.assign(live, { done: data.done, failed: data.failed, cancelled: data.cancelled });
          live.spans.push(...data.spans);
        } else if (data.type === FROM_WORKER.strategyDone) {
          results.push(data.result);
          live = null;
        } else if (data.type === FROM_WORKER.runDone) {
          finish();
          if (data.cancelled) reject(Object.assign(new Error('cancelled'), { cancelled: true, partial: results, notRun: data.notRun }));
          else resolve(results);
        } else if (data.type === FROM_WORKER.runError) {
          finish();
          reject(Object.assign(new Error(data.message), { partial: results }));
        }
      };
      this.endRun = (reason, interrupted) => {
        finish();
        if (interrupted && live) results.push(interruptedResult(live, reason.crashed ? reason.message : undefined));
        reject(Object.assign(reason, { partial: results }));
      };
      worker.addEventListener('message', onMessage);
      worker.postMessage({ type: TO_WORKER.run, runId, params });
    });
    return /** @type {Promise<StrategyResult[]>} */ (this.running);
  }

  /**
   * Cancels the running experiment. The worker aborts its requests and starts no new task; if
   * it has not wound down within CANCEL_GRACE_MS (a long CPU task is still running), it is
   * terminated and a fresh one started. Resolves once the run has settled, within about
   * CANCEL_GRACE_MS either way; the run's promise rejects with `cancelled` and the partial
   * results.
   */
  async cancel() {
    const end = this.endRun;
    if (!end || !this.worker) return;
    this.worker.postMessage({ type: TO_WORKER.cancel, runId: this.runId });
    const settled = this.running?.then(() => true, () => true);
    const inTime = await Promise.race([settled, new Promise((r) => setTimeout(() => r(false), CANCEL_GRACE_MS))]);
    if (inTime) return;
    end(Object.assign(new Error('cancelled'), { cancelled: true, notRun: [] }), true);
    this.worker.terminate();
    this.start().catch(() => {});
  }

  /** Replaces the worker with one whose pool has `threads` threads. @param {number} threads */
  resize(threads) {
    this.threads = threads;
    this.endRun?.(Object.assign(new Error('cancelled'), { cancelled: true }), true);
    this.worker?.terminate();
    return this.start();
  }

  /** Blocks the worker's thread for `ms` on purpose, so it cannot answer (tests of Cancel's
   * last resort). @param {number} ms */
  stall(ms) {
    this.worker?.postMessage({ type: TO_WORKER.stall, ms });
  }

  /** Panics inside the worker's module on purpose (tests of crash recovery).
   * @param {'worker' | 'pool'} where */
  panic(where) {
    this.worker?.postMessage({ type: TO_WORKER.panic, where });
  }
}
