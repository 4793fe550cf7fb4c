// A fetch-processes process: a Worker with its own instance of the wasm module and its own
// memory, making one blocking GET per message. The glue (src/web/fetch/process_workers.rs)
// includes this file and starts it from a Blob, so it runs wherever the module is served from.

/**
 * @typedef {object} ProcessStart
 * @property {WebAssembly.Module} module the compiled module
 * @property {string} mainJS the module's JavaScript (wasm-bindgen's output) to import
 */
/**
 * @typedef {object} ProcessGet
 * @property {string} url what to GET
 * @property {number} timeoutMs the request's timeout, 0 = none
 */
/**
 * What a GET posts back: the body's size or the error, and when it ran (epoch ms).
 * @typedef {{ bytes: number, error: string, startedAt: number, endedAt: number }} ProcessAnswer
 */

// A block, not the top level: a classic script's top-level names would be global, shared with
// the other Worker scripts the type checker reads beside it.
{
  /** @type {any} the module's exports, once instantiated */
  let pkg;
  const now = () => performance.timeOrigin + performance.now();

  /** @param {MessageEvent<ProcessStart | ProcessGet>} event */
  self.onmessage = async ({ data }) => {
    if ('module' in data) {
      try {
        pkg = await import(data.mainJS);
        await pkg.default({ module_or_path: data.module });
        postMessage({ ready: true });
      } catch (err) {
        postMessage({ error: err instanceof Error ? err.message : String(err) });
      }
      return;
    }
    const startedAt = now();
    let bytes = 0, error = '';
    try {
      bytes = pkg.blockingGet(data.url, data.timeoutMs);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    /** @type {ProcessAnswer} */
    const answer = { bytes, error, startedAt, endedAt: now() };
    postMessage(answer);
  };
}
