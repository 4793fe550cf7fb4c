//! Small adapters between the browser's JavaScript objects and Rust: the shared clock and the
//! text of a thrown value.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The global `performance`, in the page or in any worker.
pub fn performance() -> web_sys::Performance {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
        .expect("the global object has `performance`")
        .unchecked_into()
}

/// Milliseconds on a clock shared by every worker.
///
/// `performance.now()` counts from each worker's own time origin, so rayon threads (each a Web
/// Worker) would disagree; adding `performance.timeOrigin` puts them all on one epoch clock.
pub fn now_ms() -> f64 {
    thread_local! {
        static PERFORMANCE: web_sys::Performance = performance();
    }
    PERFORMANCE.with(|p| p.time_origin() + p.now())
}

/// What a thrown JavaScript value says: an `Error`'s message, a string, or its debug form.
pub fn describe(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}

/// A message as the `Error` a JavaScript caller gets.
pub fn js_error(message: impl std::fmt::Display) -> wasm_bindgen::JsError {
    wasm_bindgen::JsError::new(&message.to_string())
}

#[wasm_bindgen]
extern "C" {
    /// The URL of this module's JavaScript glue, which workers that load the module import.
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static MAIN_JS: js_sys::JsString;
}

/// The URL of this module's JavaScript glue (for workers that load the module themselves).
pub fn main_js() -> String {
    MAIN_JS.with(|url| String::from(url.clone()))
}
