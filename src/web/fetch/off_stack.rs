//! The browser's `fetch` for the fetch strategies' GETs, called by a promise's reaction (a
//! microtask) instead of from inside wasm, with the body's read chained on in the same way.
//!
//! Chromium's `fetch()` used about 0.1 ms more of our worker's CPU per call when it was called
//! with wasm frames on the stack: measured by the worker thread's CPU per 0 ms request of
//! `fetch-bounded`, the same JavaScript called directly from wasm or queued as a microtask
//! (docs/benchmarks.md, "Why targets are missed"). That was most of our gap to the same
//! requests made from plain JavaScript.
//!
//! Only the browser's own functions are chained here, bound with their arguments, so the glue
//! gains no JavaScript module of its own: a build with an extra `inline_js` snippet for this
//! hung wasm-bindgen-test's module loading in 3 of 5 runs, and was reverted.

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::{wasm_bindgen, Closure};
use wasm_bindgen::{JsCast, JsValue};

#[wasm_bindgen]
extern "C" {
    /// A promise whose `then` and `catch` are given JavaScript functions, not Rust closures (as
    /// `js_sys::Promise`'s are), so each reaction runs with no wasm frame under it.
    type Thenable;
    #[wasm_bindgen(method, js_name = then)]
    fn then(this: &Thenable, f: &JsValue) -> Thenable;
    #[wasm_bindgen(method, js_name = catch)]
    fn catch(this: &Thenable, f: &JsValue) -> Thenable;
}

/// What one thread chains its requests from, made once.
struct Chain {
    scope: JsValue,
    fetch: Function,
    /// `Function.prototype.call` bound to `Response.prototype.arrayBuffer`: called with a
    /// response, it reads that response's body.
    read_body: Function,
    /// The body's stand-in when reading it failed: -1. Called only then, so it may be Rust.
    broke: Closure<dyn FnMut(JsValue) -> JsValue>,
    /// An already resolved promise, whose reactions run as the next microtasks.
    resolved: Thenable,
}

impl Chain {
    fn new() -> Chain {
        let scope = js_sys::global().into();
        let get = |target: &JsValue, key: &str| Reflect::get(target, &JsValue::from_str(key));
        let native = |target: &JsValue, key: &str| -> Function {
            get(target, key)
                .ok()
                .and_then(|f| f.dyn_into().ok())
                .unwrap_or_else(|| panic!("this worker has no {key} function"))
        };
        let response_proto = get(&scope, "Response")
            .and_then(|r| get(&r, "prototype"))
            .expect("this worker has no Response");
        let array_buffer = native(&response_proto, "arrayBuffer");
        let call = native(&array_buffer, "call");
        Chain {
            fetch: native(&scope, "fetch"),
            read_body: call.bind0(&array_buffer),
            broke: Closure::new(|_: JsValue| JsValue::from(-1)),
            resolved: Promise::resolve(&JsValue::UNDEFINED).unchecked_into(),
            scope,
        }
    }
}

thread_local! {
    static CHAIN: Chain = Chain::new();
}

/// GETs `url` with `init` and reads its whole body. Resolves to `[response, body]`, where
/// `body` is an `ArrayBuffer`, or -1 if the connection broke while it was arriving (a body is
/// read whatever the status). Rejects if no answer came: a network error, CORS, or the
/// request's signal aborted it first.
pub fn fetch_with_body(url: &str, init: &web_sys::RequestInit) -> Promise {
    CHAIN.with(|chain| {
        let send = chain
            .fetch
            .bind2(&chain.scope, &JsValue::from_str(url), init);
        let response = chain.resolved.then(&send);
        let body = response.then(&chain.read_body).catch(chain.broke.as_ref());
        Promise::all(&Array::of2(&response, &body))
    })
}
