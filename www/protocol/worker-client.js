// The page's side of the worker protocol (see worker.js): starts the worker, runs experiments,
// cancels them, and replaces the worker when its module panicked or the worker died.
import { startWorker } from './worker-boot.js';
import { peakOverlap } from '../model/stats.js';
import { CONSTANTS } from '../model/spec.js';

/**
 * @typedef {object} Span
 * @property {number} task
 * @property {number} lane
 * @property {number} startMs
 * @property {number} endMs
 * @property {boolean} ok
 * @property {boolean} [cancelled]
 * @property {'fetch' | 'parse' | 'startup'} [phase] the stage of a two-stage (pipeline) task, or a worker's start-up
 * @property {number} [sentMs]      when the browser sent the request (it may have queued it first)
 * @property {number} [receivedMs]  when the response's first byte arrived
 *
 * @typedef {object} StrategyResult
 * @property {string} strategy
 * @property {number} wallMs
 * @property {number | null} [idealMs]  the core's ideal time (src/ideal.rs); null where no simple model applies
 * @property {number} tasks
 * @property {number} ok
 * @property {number} failed
 * @property {number} cancelled
 * @property {number} peakInFlight
 * @property {number} [peakOnWire]  most requests the browser had sent at once (fetches with wire times)
 * @property {number} lanesUsed
 * @property {number} checksum
 * @property {string} [error]
 * @property {{ reason: string, count: number, tasks: number[] }[]} [failures]
 * @property {number} [spanSample]
 * @property {boolean} [interrupted] the worker had to be stopped mid-strategy: counts are from its last progress report
 * @property {Record<string, any>} [detail]  what a strategy reports beyond the counts (counter values, delivery order, …)
 * @property {RepeatSpread} [repeat]  the spread over repeats (www/worker/experiment.js)
 * @property {Span[]} spans
 *
 * @typedef {object} RepeatSpread
 * @property {number} medianMs
 * @property {number} minMs
 * @property {number} maxMs
 * @property {number} runs
 * @property {number[]} wallsMs
 * @property {boolean} warmupExcluded
 *
 * @typedef {{ type: string, [key: string]: any }} WorkerEvent
 */

/** How long a cancelled run may take to wind down (abort its requests, stop its CPU tasks at
 * their next checkpoint) before the worker is terminated instead: the last resort, for a
 * thread that does not answer. Cooperative wind-downs take well under this. */
export const CANCEL_GRACE_MS = 1000;

/**
 * What the page knows of the strategy running now, from its progress messages: enough to
 * account for every task if the worker has to be stopped before it reports a result.
 * @typedef {{ strategy: string, total: number, startedAt: number, done: number, failed: number, cancelled: number, spans: Span[] }} Live
 */

/**
 * A result for a strategy the worker could not finish: what its last progress report said, with
 * every task not reported done accounted for. After a Cancel those tasks are cancelled. After a
 * crash they are failed, with the crash as their reason, the way a broken process pool fails
 * every future still pending (concurrent.futures' BrokenProcessPool): nobody cancelled them.
 * @param {Live} live
 * @param {string} [crash] what the crash said, if the worker crashed
 * @returns {StrategyResult}
 */
export function interruptedResult(live, crash) {
  const lanes = new Set(live.spans.map((s) => s.lane));
  const unfinished = live.total - live.done;
  const failedBefore = Math.min(live.failed, live.done);
  const failed = failedBefore + (crash ? unfinished : 0);
  const cancelled = live.cancelled + (crash ? 0 : unfinished);
  /** @type {{ reason: string, count: number, tasks: number[] }[]} */
  const failures = [];
  if (failedBefore > 0) {
    // Progress carries which tasks failed, not why: the reasons were in the worker.
    failures.push({ reason: LOST_REASONS, count: failedBefore, tasks: failedTasks(live, FAILURE_TASKS_SHOWN) });
  }
  if (crash && unfinished > 0) failures.push({ reason: crash, count: unfinished, tasks: unfinishedTasks(live, FAILURE_TASKS_SHOWN) });
  return {
    strategy: live.strategy,
    wallMs: performance.now() - live.startedAt,
    tasks: live.total,
    ok: Math.max(0, live.total - failed - cancelled),
    failed,
    cancelled,
    peakInFlight: peakOverlap(live.spans),
    lanesUsed: lanes.size,
    checksum: 0,
    spans: live.spans,
    interrupted: true,
    ...(crash ? { error: crash } : {}),
    ...(failures.length ? { failures } : {}),
  };
}

/** The reason given for tasks that failed before the worker was stopped: their own reasons
 * went with it (progress messages count failures, they do not carry reasons). */
export const LOST_REASONS = 'failed before the worker was stopped; the reason was lost with the worker';

/** Task indices listed per failure reason (as src/report.rs lists them). */
const FAILURE_TASKS_SHOWN = CONSTANTS.failureTasksShown;

/**
 * A span that ends its task: any span but a two-stage task's finished fetch (the pipeline's
 * task ends with its parse; progress counts it done then).
 * @param {Span} s
 */
const endsTask = (s) => !(s.phase === 'fetch' && s.ok) && s.phase !== 'startup';

/**
 * The first `n` tasks not reported done, when the progress messages carried every done task's
 * span (runs up to LIVE_SPANS_UP_TO tasks); otherwise none can be named.
 * @param {Live} live
 * @param {number} n
 */
function unfinishedTasks(live, n) {
  const seen = new Set(live.spans.filter(endsTask).map((s) => s.task));
  if (seen.size < live.done) return [];
  const out = [];
  for (let t = 0; t < live.total && out.length < n; t++) if (!seen.has(t)) out.push(t);
  return out;
}

/**
 * The first `n` tasks reported failed (none when progress carried counts only).
 * @param {Live} live
 * @param {number} n
 */
function failedTasks(live, n) {
  const failed = live.spans.filter((s) => !s.ok && !s.cancelled).map((s) => s.task);
  return [...new Set(failed)].sort((a, b) => a - b).slice(0, n);
}

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
   */
  start() {
    this.booting?.abort();
    const booting = new AbortController();
    this.booting = booting;
    const create = () => new Worker(new URL('../worker/worker.js', import.meta.url), { type: 'module' });
    this.worker = null;
    // An overtaken start hands whoever waits on it to the newer start's outcome.
    const overtaken = () => /** @type {Promise<number>} */ (this.ready);
    this.ready = startWorker(create, this.threads, { signal: booting.signal }).then(
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
      if (data?.type === 'crashed') this.crashed(worker, data.message);
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
   * @param {(event: WorkerEvent) => void} onEvent
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
      const onMessage = (/** @type {MessageEvent} */ { data }) => {
        if (data?.runId !== runId) return;
        onEvent(data);
        if (data.type === 'strategy-start') {
          live = { strategy: data.strategy, total: data.total, startedAt: performance.now(), done: 0, failed: 0, cancelled: 0, spans: [] };
        } else if (data.type === 'repeat-start' && live) {
          Object.assign(live, { startedAt: performance.now(), done: 0, failed: 0, cancelled: 0, spans: [] });
        } else if (data.type === 'progress' && live) {
          // Each message carries the spans finished since the one before.
          Object.assign(live, { done: data.done, failed: data.failed, cancelled: data.cancelled });
          live.spans.push(...data.spans);
        } else if (data.type === 'strategy-done') {
          results.push(data.result);
          live = null;
        } else if (data.type === 'run-done') {
          finish();
          if (data.cancelled) reject(Object.assign(new Error('cancelled'), { cancelled: true, partial: results, notRun: data.notRun }));
          else resolve(results);
        } else if (data.type === 'run-error') {
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
      worker.postMessage({ type: 'run', runId, params });
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
    this.worker.postMessage({ type: 'cancel', runId: this.runId });
    const settled = this.running?.then(() => true, () => true);
    const inTime = await Promise.race([settled, new Promise((r) => setTimeout(() => r(false), CANCEL_GRACE_MS))]);
    if (inTime) return;
    end(Object.assign(new Error('cancelled'), { cancelled: true, notRun: [] }), true);
    this.worker.terminate();
    this.start().catch(() => {});
  }

  /** Replaces the worker with one whose pool has `threads` threads. */
  resize(threads) {
    this.threads = threads;
    this.endRun?.(Object.assign(new Error('cancelled'), { cancelled: true }), true);
    this.worker?.terminate();
    return this.start();
  }

  /** Blocks the worker's thread for `ms` on purpose, so it cannot answer (tests of Cancel's
   * last resort). @param {number} ms */
  stall(ms) {
    this.worker?.postMessage({ type: 'stall', ms });
  }

  /** Panics inside the worker's module on purpose (tests of crash recovery).
   * @param {'worker' | 'pool'} where */
  panic(where) {
    this.worker?.postMessage({ type: 'panic', where });
  }
}
