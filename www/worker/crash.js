// Telling a panic (or an out-of-memory trap) of the wasm module from any other error, in
// words the page can show: after either, the module's instance is unusable.
import { CONSTANTS } from '../model/spec.js';

/** The module's memory may grow to this much, in both builds (`--max-memory`). */
const MAX_MEMORY_BYTES = CONSTANTS.maxMemoryBytes;

/** Memory within this much of its maximum counts as grown to it (allocations come in pages). */
const NEAR_MAX_BYTES = 64 * 2 ** 20;

/**
 * What a diagnosis asks of the module.
 * @typedef {object} Module
 * @property {() => string} panicMessage   the last panic's message, '' if none
 * @property {WebAssembly.Memory | null} memory
 */

/**
 * The panic that broke the module, if that is what `err` was. A panic aborts (wasm32 has no
 * unwinding): in the worker's thread it surfaces as a `RuntimeError: unreachable`, in a pool
 * thread the run fails with "panicked: ...". Either way the instance is unusable from now on.
 * @param {unknown} err
 * @param {Module} module
 * @returns {string | null}
 */
export function panicOf(err, module) {
  let text = '';
  try {
    text = module.panicMessage();
  } catch {
    // The instance is too broken to answer: the trap itself is all we know.
  }
  if (text) return text;
  return err instanceof WebAssembly.RuntimeError ? `the module trapped: ${err.message}${memoryNote(module.memory)}` : null;
}

/**
 * A panic or trap seen only as an uncaught error's text (an error event from a pool thread),
 * or null when the text is of some other error.
 * @param {unknown} err
 * @param {string} text
 * @param {Module} module
 */
export function crashOf(err, text, module) {
  return panicOf(err, module) ?? (/RuntimeError|unreachable/.test(text) ? `the module trapped: ${text}${memoryNote(module.memory)}` : null);
}

/**
 * A failed allocation aborts without a panic message (Rust's default alloc error handler), so
 * an out-of-memory trap looks like any other `unreachable`; memory grown to its maximum is the
 * tell.
 * @param {WebAssembly.Memory | null} memory
 */
export function memoryNote(memory) {
  let bytes = 0;
  try {
    bytes = memory?.buffer.byteLength ?? 0;
  } catch {
    return '';
  }
  if (bytes < MAX_MEMORY_BYTES - NEAR_MAX_BYTES) return '';
  return ` — most likely out of memory: the module's memory had grown to ${Math.round(bytes / 2 ** 20)} MiB, its limit (fewer tasks or smaller responses need less)`;
}
