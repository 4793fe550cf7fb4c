// Loading the wasm module in the dedicated worker: its JavaScript glue imported and the .wasm
// compiled while it downloads (compileStreaming; the server sends application/wasm), side by
// side, then instantiated. Started once per worker, as early as its entry runs, before the page
// sends `init`: only the pool waits for the pool size.

/** @typedef {import('./worker.js').WasmModule} WasmModule */

/** @typedef {{ memory?: WebAssembly.Memory }} Exports */

/** @type {Promise<[WasmModule, Exports]> | null} */
let started = null;

/** Marks a moment of the start-up (the page copies these onto its timeline). @param {string} name */
export const markBoot = (name) => performance.mark(`boot:${name}`);

/**
 * The glue's import and the module's download of the build this worker can run, started by
 * www/worker/entry.js on its first lines (which also chooses the build).
 * @typedef {{ glue: Promise<WasmModule>, wasm: Promise<Response> }} Fetches
 */

/**
 * The module's glue and the instantiated module's exports; the same promise on every call. The
 * first call, the entry's, hands over the fetches it started.
 * @param {Fetches} [early]
 * @returns {Promise<[WasmModule, Exports]>}
 */
export function moduleLoading(early) {
  if (!started) {
    if (!early) throw new Error('www/worker/entry.js starts loading the module: this worker was started without it');
    /** @type {<T>(name: string) => (value: T) => T} */
    const marked = (name) => (value) => {
      markBoot(name);
      return value;
    };
    const glue = early.glue.then(marked('imported'));
    const wasm = WebAssembly.compileStreaming(early.wasm);
    started = Promise.all([glue, wasm.then(marked('compiled'))]).then(async ([module, compiled]) => {
      const exports = await module.default({ module_or_path: compiled });
      markBoot('instantiated');
      return /** @type {[WasmModule, Exports]} */ ([module, exports]);
    });
    // A failure is reported by whoever awaits it (the worker's boot), not also as unhandled.
    started.catch(() => {});
  }
  return started;
}

/** @type {Promise<number> | null} */
let pool = null;

/**
 * The rayon pool of `threads` threads (threaded build), started once per worker as soon as the
 * module is instantiated: by the entry when the page's `init` arrives, so the pool's start need
 * not wait for worker.js's own imports; worker.js then awaits the same start.
 * @param {number} threads
 */
export function poolStarting(threads) {
  if (!pool) {
    pool = moduleLoading().then(([module]) => module.startPool(threads));
    pool.catch(() => {});
  }
  return pool;
}
