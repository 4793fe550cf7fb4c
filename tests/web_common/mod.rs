//! What the wasm tests of the glue share (`tests/web_*.rs`, run in headless Chromium by
//! `npm run test:wasm`: `wasm-pack test --headless --chrome --release`, with the playground
//! server started by scripts/with-server.mjs, whose address arrives as PLAYGROUND_ORIGIN at
//! compile time).
//!
//! They run in a dedicated worker, as the page's code does. Typed by hand (`wasm-pack test
//! --headless --chrome --release`) the tests that need the mock API are listed as ignored, with
//! the reason; `npm run test:wasm` starts the server and runs them all. Each `web_*.rs` is its
//! own module instance, so its own rayon pool.
#![allow(dead_code, unused_imports)]

pub use parallel_playground::web::{
    cancel_run, pool_threads, run_strategy, start_pool, strategies_for,
};
pub use serde_json::{json, Value};

/// The mock API the fetch tests call. The test runner serves the tests from its own port, so
/// this is cross-origin: it also checks the API's CORS and CORP headers under COEP.
pub fn api() -> String {
    let origin = option_env!("PLAYGROUND_ORIGIN").unwrap_or("http://127.0.0.1:8787");
    format!("{origin}/api/delay")
}

pub fn params(overrides: Value) -> String {
    let mut p = json!({
        "workload": "all", "tasks": 6, "latency": 0, "concurrency": 2,
        "work": 20, "bytes": 64, "threads": 2, "api": api(),
        "pages": api().replace("/api/delay", "/api/page"),
    });
    for (k, v) in overrides.as_object().unwrap() {
        p[k] = v.clone();
    }
    p.to_string()
}

pub async fn run(strategy: &str, overrides: Value) -> Value {
    let noop = js_sys::Function::new_no_args("");
    let json = run_strategy(strategy.into(), params(overrides), noop)
        .await
        .unwrap_or_else(|e| panic!("{strategy} failed: {:?}", wasm_bindgen::JsValue::from(e)));
    serde_json::from_str(&json).unwrap()
}

pub fn lanes(result: &Value) -> std::collections::BTreeSet<u64> {
    result["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["lane"].as_u64().unwrap())
        .collect()
}

/// Starts the pool the tests share (one module instance, one rayon pool), if no test has yet.
pub async fn ensure_pool() {
    if pool_threads() == 0 {
        assert_eq!(start_pool(2).await.ok(), Some(2));
    }
}

pub fn count(r: &Value, key: &str) -> u64 {
    r[key].as_u64().unwrap_or_else(|| panic!("{key} in {r}"))
}

/// Why `id` refused to run with `overrides`: its error's message.
pub async fn refusal(id: &str, overrides: Value) -> String {
    let noop = js_sys::Function::new_no_args("");
    let refused = run_strategy(id.into(), params(overrides), noop).await;
    let error = wasm_bindgen::JsValue::from(refused.expect_err("refused"));
    String::from(js_sys::Error::from(error).message())
}
