// A fetch-threads thread: a Worker that instantiates the wasm module on the page worker's shared
// memory and then serves runs in `fetchThreadMain` until it is terminated. The glue
// (src/web/fetch/thread_workers.rs) includes this file and starts it from a Blob, as
// wasm-bindgen-rayon does, so it runs wherever the module is served from.

/**
 * @typedef {object} ThreadStart
 * @property {string} mainJS the module's JavaScript (wasm-bindgen's output) to import
 * @property {WebAssembly.Module} module the compiled module
 * @property {WebAssembly.Memory} memory the shared memory every thread runs on
 * @property {number} lane this thread's lane
 * @property {number} stack the thread's stack size in bytes
 */

/** @param {MessageEvent<ThreadStart>} event */
self.onmessage = async ({ data }) => {
  try {
    const pkg = await import(data.mainJS);
    await pkg.default({ module_or_path: data.module, memory: data.memory, thread_stack_size: data.stack });
    postMessage({ ready: true });
    pkg.fetchThreadMain(data.lane);
  } catch (err) {
    postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
};
