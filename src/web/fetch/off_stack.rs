//! The browser's `fetch` for the fetch strategies' GETs, called from a microtask instead of
//! from inside wasm, with the body read in the same few lines of JavaScript.
//!
//! Chromium's `fetch()` used about 0.1 ms more of our worker's CPU per call when it was called
//! with wasm frames on the stack: measured by the worker thread's CPU per 0 ms request of
//! `fetch-bounded`, the same JavaScript called directly from wasm or queued as a microtask
//! (docs/benchmarks.md, "Per request"). That was most of our gap to the same requests made from
//! plain JavaScript. Reading the body here too makes a request one promise for Rust to await,
//! not two, and no `Response` or `ArrayBuffer` crosses into wasm on success.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(inline_js = "
export function fetchLength(url, noStore, signal) {
  const init = { cache: noStore ? 'no-store' : 'default', signal };
  return Promise.resolve()
    .then(() => fetch(url, init))
    .then((response) => (response.ok ? response.arrayBuffer().then((b) => b.byteLength, () => -1) : response));
}")]
extern "C" {
    /// GETs `url` and reads its whole body. Resolves to the body's length in bytes; to -1 if
    /// the connection broke while the body was arriving; or to the `Response` itself if its
    /// status is not 2xx. Rejects if no answer came (a network error, CORS, or `signal`
    /// aborted it first).
    #[wasm_bindgen(js_name = fetchLength)]
    pub fn fetch_length(
        url: &str,
        no_store: bool,
        signal: Option<&web_sys::AbortSignal>,
    ) -> js_sys::Promise;
}
