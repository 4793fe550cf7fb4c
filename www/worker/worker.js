// The dedicated Worker that owns the wasm module and the rayon pool.
//
// Two builds of the module: www/pkg (threaded, the pool) when the page is cross-origin isolated,
// else www/pkg-single (no shared memory, no pool): there the strategies that need the pool are
// left out or refused, and cpu-sequential runs on this worker's own thread.
//
// The page's main thread never runs pool work: rayon's waiting spins, so there it would take a
// core and freeze the page (docs/toolchain.md has the numbers); here this worker's event loop keeps
// posting progress while the pool works, and the page only draws what it receives.
//
// The messages it takes and sends are in ../protocol/messages.js, each with its shape.
import { runExperiment } from './experiment.js';
import { panicOf, crashOf } from './crash.js';
import { FROM_WORKER, TO_WORKER } from '../protocol/messages.js';
import { markBoot, moduleLoading, poolStarting } from './load-module.js';

/** @typedef {import('../protocol/messages.js').FromWorker} FromWorker */
/** @typedef {import('../protocol/messages.js').ToWorker} ToWorker */

/**
 * The module's exports this worker calls (src/web/mod.rs), the same in both builds.
 * @typedef {object} WasmModule
 * @property {(init: { module_or_path: WebAssembly.Module }) => Promise<{ memory?: WebAssembly.Memory }>} default
 *   instantiates the compiled module
 * @property {(threads: number) => Promise<number>} startPool  builds the rayon pool; its size
 * @property {() => number} startWithoutPool  the single-threaded build's start: 0 threads
 * @property {() => void} [warmUp]  runs each CPU kernel a little on the pool (threaded build)
 * @property {(json: string) => string[]} strategiesFor
 * @property {(strategy: string, json: string, onProgress: Function) => Promise<string>} runStrategy
 * @property {() => void} cancelRun
 * @property {() => string} panicMessage
 * @property {(where: string) => Promise<void>} triggerPanic
 * @property {(token: string, name: string, onTask: (json: string) => void) => Promise<string>} joinQueue  the worker's id
 * @property {() => void} leaveQueue
 */

/** The module's exports, set by boot() from the build this page can run. @type {WasmModule | null} */
let mod = null;

/** The loaded module; a message that needs it before `init` fails with this. */
function loaded() {
  if (!mod) throw new Error('the module is not loaded: the page sends init first');
  return mod;
}

/** Sends the page a message of the protocol (../protocol/messages.js). @param {FromWorker} message */
const post = (message) => postMessage(message);

/** @type {Promise<number> | null} */
let booted = null;
/** Base URLs of the mock API on the server's other ports (for fetch-multiport). @type {string[]} */
let mirrors = [];
/** Base URLs of the mock API under other host names of this server (for fetch-sharded). @type {string[]} */
let shards = [];
/** What a crash diagnosis asks of the module: its last panic and its memory (an out-of-memory
 * trap is told by memory grown to its limit). @type {import('./crash.js').Module} */
const wasm = { panicMessage: () => mod?.panicMessage() ?? '', memory: null };
/** The site's root (this file is www/worker/worker.js): the mock API lives there, also under a sub-path. */
const SITE = new URL('../../', import.meta.url);
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
  post({ type: FROM_WORKER.booting, step: 'module' });
  const [[module, exports], list] = await Promise.all([
    moduleLoading(),
    fetch(new URL('api/mirrors', SITE))
      .then((r) => (r.ok ? r.json() : { mirrors: [] }))
      .catch(() => ({ mirrors: [] })),
  ]);
  mod = module;
  mirrors = list.mirrors ?? [];
  shards = list.shards ?? [];
  wasm.memory = exports.memory ?? null;
  post({ type: FROM_WORKER.booting, step: 'pool' });
  // Room for one Resource Timing entry per request of the largest run (the default is 250).
  performance.setResourceTimingBufferSize(100_000);
  return isolated ? poolStarting(threads) : module.startWithoutPool();
}

let warmed = false;

/**
 * Warms the pool's kernels up once, right after the first `ready` went out: the page need not
 * wait for it, and as it blocks this worker, a run asked for meanwhile starts after it.
 */
function warmUpOnce() {
  if (warmed || !mod?.warmUp) return;
  warmed = true;
  mod.warmUp();
  markBoot('warm');
}

/** This worker's start-up marks (boot:*), in ms since the epoch, for the page's timeline. */
function bootMarks() {
  const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('boot:'));
  return Object.fromEntries(marks.map((m) => [m.name, performance.timeOrigin + m.startTime]));
}

/** Runs one experiment, posting its messages. @param {number} runId @param {Record<string, any>} params */
function run(runId, params) {
  const api = { api: new URL('api/delay', SITE).href, pages: new URL('api/page', SITE).href };
  return runExperiment(runId, { ...params, ...api }, {
    strategiesFor: loaded().strategiesFor,
    runStrategy: loaded().runStrategy,
    post,
    cancelled: () => cancelledRun === runId,
    mirrors,
    shards,
    cores: self.navigator?.hardwareConcurrency ?? 0,
  });
}

/**
 * Joins the task queue with this worker's threads, telling the page of each task.
 * @param {string} token @param {string} name
 */
async function join(token, name) {
  try {
    await booted;
    const seen = (/** @type {string} */ json) => post({ type: FROM_WORKER.queueTask, seen: JSON.parse(json) });
    post({ type: FROM_WORKER.joined, id: await loaded().joinQueue(token, name, seen) });
  } catch (err) {
    post({ type: FROM_WORKER.joinFailed, message: message(err) });
  }
}

/** @param {unknown} err */
const message = (err) => (err instanceof Error ? err.message : String(err));

/**
 * A panic that escaped every promise: one inside a task of wasm-bindgen-futures' executor, or
 * in a pool thread (an error in a nested worker is reported here, in its parent). Handled here,
 * so the page hears what panicked instead of an anonymous "unreachable".
 * @param {ErrorEvent | PromiseRejectionEvent} event
 * @param {unknown} err
 * @param {string} text
 */
function crashOnPanic(event, err, text) {
  const panic = crashOf(err, text, wasm);
  if (!panic) return;
  event.preventDefault();
  post({ type: FROM_WORKER.crashed, message: panic });
}
self.addEventListener('error', (e) => crashOnPanic(e, e.error, e.message));
self.addEventListener('unhandledrejection', (e) => crashOnPanic(e, e.reason, message(e.reason)));

self.addEventListener('message', async (/** @type {MessageEvent<ToWorker>} */ { data }) => {
  if (data?.type === TO_WORKER.init) {
    booted ??= boot(data.threads);
    try {
      post({ type: FROM_WORKER.ready, poolThreads: await booted, isolated: self.crossOriginIsolated, boot: bootMarks() });
      warmUpOnce();
    } catch (err) {
      post({ type: FROM_WORKER.fatal, message: message(err) });
    }
  } else if (data?.type === TO_WORKER.run) {
    try {
      await booted;
      await run(data.runId, data.params);
    } catch (err) {
      const panic = panicOf(err, wasm);
      if (panic) post({ type: FROM_WORKER.crashed, message: panic });
      else post({ type: FROM_WORKER.runError, runId: data.runId, message: message(err) });
    }
  } else if (data?.type === TO_WORKER.cancel) {
    cancelledRun = data.runId;
    // Not booted yet: nothing is running, and the flag above stops the run before it starts.
    mod?.cancelRun();
  } else if (data?.type === TO_WORKER.stall) {
    // Tests only: a thread that does not answer (a bug, a hang), so Cancel must terminate it.
    const until = performance.now() + Number(data.ms);
    while (performance.now() < until);
  } else if (data?.type === TO_WORKER.join) {
    join(data.token, data.name);
  } else if (data?.type === TO_WORKER.leave) {
    mod?.leaveQueue();
  } else if (data?.type === TO_WORKER.panic) {
    try {
      await booted;
      await loaded().triggerPanic(String(data.where));
    } catch (err) {
      post({ type: FROM_WORKER.crashed, message: panicOf(err, wasm) ?? message(err) });
    }
  }
});
