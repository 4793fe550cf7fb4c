// The dedicated Worker that owns the wasm module and the rayon pool.
//
// Two builds of the module: www/pkg (threaded, the pool) when the page is cross-origin isolated,
// else www/pkg-single (no shared memory, no pool): there the strategies that need the pool are
// left out or refused, and cpu-sequential runs on this worker's own thread.
//
// The page's main thread never runs pool work: rayon's waiting spins, so on the main thread it
// takes a core and freezes the page (1.31x instead of 1.94x on 2 cores, see TOOLCHAIN.md). Here
// CPU work runs on the pool while this worker's event loop keeps posting progress; the page only
// draws what it receives.
//
// Messages in:  { type: 'init', threads }          { type: 'run', runId, params }
//               { type: 'cancel', runId }          { type: 'panic', where }  (tests only)
// Messages out: { type: 'ready', poolThreads, isolated }   { type: 'fatal', message }
//               { type: 'strategy-start', runId, strategy, total, reps }
//               { type: 'repeat-start', runId, strategy, rep }   (repeat > 1: before each further run)
//               { type: 'progress', runId, strategy, done, failed, cancelled, total, rep, reps, spans }
//               { type: 'strategy-done', runId, result }
//               { type: 'run-done', runId, cancelled, notRun }
//               { type: 'run-error', runId, message }
//               { type: 'crashed', message }   the module panicked: this worker must be replaced
import { summarize } from './stats.js';
import { CONSTANTS } from './spec.js';

// The module's exports, set by boot() from the build this page can run.
let init, startPool, startWithoutPool, strategiesFor, runStrategy, cancelRun, panicMessage, triggerPanic;

/** @type {Promise<number> | null} */
let booted = null;
/** Base URLs of the mock API on the server's other ports (for fetch-multiport). */
let mirrors = [];
/** The module's memory, to tell an out-of-memory trap from other ones. @type {WebAssembly.Memory | null} */
let memory = null;
/** The run the person cancelled (checked between strategies and repeats). */
let cancelledRun = 0;

/**
 * Loads the module, builds the pool once per worker (rayon's pool cannot be rebuilt) and asks
 * the server where its mirror ports are. Without cross-origin isolation there is no
 * SharedArrayBuffer, so no shared memory and no pool: the single-threaded build is loaded
 * instead, and the pool has 0 threads.
 * @param {number} threads
 */
async function boot(threads) {
  const isolated = self.crossOriginIsolated;
  ({ default: init, startPool, startWithoutPool, strategiesFor, runStrategy, cancelRun, panicMessage, triggerPanic } =
    await import(isolated ? './pkg/parallel_playground.js' : './pkg-single/parallel_playground.js'));
  const [exports, list] = await Promise.all([
    init(),
    fetch(new URL('/api/mirrors', self.location.href))
      .then((r) => (r.ok ? r.json() : { mirrors: [] }))
      .catch(() => ({ mirrors: [] })),
  ]);
  mirrors = list.mirrors ?? [];
  memory = exports.memory ?? null;
  // Room for one Resource Timing entry per request of the largest run (the default is 250).
  performance.setResourceTimingBufferSize(100_000);
  return isolated ? startPool(threads) : startWithoutPool();
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
    // Progress restarts with each repeat: the page must not mistake the last repeat's counts
    // for this one's if it has to stop the worker before this one reports.
    if (rep > 0) postMessage({ type: 'repeat-start', runId, strategy, rep });
    const onProgress = (
      /** @type {number} */ done,
      /** @type {number} */ total,
      /** @type {string} */ spans,
      /** @type {number} */ failed,
      /** @type {number} */ cancelled,
    ) => postMessage({ type: 'progress', runId, strategy, done, failed, cancelled, total, rep, reps, spans: JSON.parse(spans) });
    const result = JSON.parse(await runStrategy(strategy, json, onProgress));
    // A cancelled repeat is the one shown: its counts say what was stopped.
    if (cancelledRun === runId) return { ...result, repeat: { ...summarize([result.wallMs]), wallsMs: [result.wallMs], warmupExcluded: false } };
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
  // The core scales cpu-sequential's time to the CPU ideals of the strategies after it.
  const context = { sequentialMs: null, cores: self.navigator?.hardwareConcurrency ?? 0 };
  for (const [i, strategy] of ids.entries()) {
    if (cancelledRun === runId) {
      postMessage({ type: 'run-done', runId, cancelled: true, notRun: ids.slice(i) });
      return;
    }
    const result = await runRepeated(runId, strategy, { ...params, context });
    if (strategy === 'cpu-sequential' && !result.cancelled) context.sequentialMs = result.wallMs;
    postMessage({ type: 'strategy-done', runId, result });
  }
  postMessage({ type: 'run-done', runId, cancelled: cancelledRun === runId, notRun: [] });
}

/** @param {unknown} err */
const message = (err) => (err instanceof Error ? err.message : String(err));

/**
 * The panic that broke this worker's module, if that is what `err` was. A panic aborts (wasm32
 * has no unwinding): in this thread it surfaces as a `RuntimeError: unreachable`, in a pool
 * thread the run fails with "panicked: ...". Either way the instance is unusable from now on.
 * @param {unknown} err
 * @returns {string | null}
 */
function panicOf(err) {
  let text = '';
  try {
    text = panicMessage();
  } catch {
    // The instance is too broken to answer: the trap itself is all we know.
  }
  if (text) return text;
  return err instanceof WebAssembly.RuntimeError ? `the module trapped: ${err.message}${memoryNote()}` : null;
}

/** The module's memory may grow to this much, in both builds (`--max-memory`). */
const MAX_MEMORY_BYTES = CONSTANTS.maxMemoryBytes;

/**
 * A failed allocation aborts without a panic message (Rust's default alloc error handler), so
 * an out-of-memory trap looks like any other `unreachable`; memory grown to its maximum is the
 * tell.
 */
function memoryNote() {
  let bytes = 0;
  try {
    bytes = memory?.buffer.byteLength ?? 0;
  } catch {
    return '';
  }
  if (bytes < MAX_MEMORY_BYTES - 64 * 2 ** 20) return '';
  return ` — most likely out of memory: the module's memory had grown to ${Math.round(bytes / 2 ** 20)} MiB, its limit (fewer tasks or smaller responses need less)`;
}

/**
 * A panic that escaped every promise: one inside a task of wasm-bindgen-futures' executor, or
 * in a pool thread (an error in a nested worker is reported here, in its parent). Handled here,
 * so the page hears what panicked instead of an anonymous "unreachable".
 * @param {ErrorEvent | PromiseRejectionEvent} event
 * @param {unknown} err
 * @param {string} text
 */
function crashOnPanic(event, err, text) {
  const panic = panicOf(err) ?? (/RuntimeError|unreachable/.test(text) ? `the module trapped: ${text}${memoryNote()}` : null);
  if (!panic) return;
  event.preventDefault();
  postMessage({ type: 'crashed', message: panic });
}
self.addEventListener('error', (e) => crashOnPanic(e, e.error, e.message));
self.addEventListener('unhandledrejection', (e) => crashOnPanic(e, e.reason, message(e.reason)));

self.addEventListener('message', async ({ data }) => {
  if (data?.type === 'init') {
    booted ??= boot(data.threads);
    try {
      postMessage({ type: 'ready', poolThreads: await booted, isolated: self.crossOriginIsolated });
    } catch (err) {
      postMessage({ type: 'fatal', message: message(err) });
    }
  } else if (data?.type === 'run') {
    try {
      await booted;
      await run(data.runId, data.params);
    } catch (err) {
      const panic = panicOf(err);
      if (panic) postMessage({ type: 'crashed', message: panic });
      else postMessage({ type: 'run-error', runId: data.runId, message: message(err) });
    }
  } else if (data?.type === 'cancel') {
    cancelledRun = data.runId;
    try {
      cancelRun();
    } catch {
      // Not booted yet: nothing is running, and the flag above stops the run before it starts.
    }
  } else if (data?.type === 'panic') {
    try {
      await booted;
      await triggerPanic(String(data.where));
    } catch (err) {
      postMessage({ type: 'crashed', message: panicOf(err) ?? message(err) });
    }
  }
});
