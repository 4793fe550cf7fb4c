//! An I/O task of the queue in a browser worker: one GET to this site's mock API with the
//! task's latency and size, the request a Python worker's `run_io` makes; its value is the
//! body's size. A tab runs as many at once as it has slots (its `threads`).

use crate::web::js::describe;
use serde_json::Value;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The mock API's `/api/delay` URL for descriptor `d`, on the site this worker came from
/// (www/worker/worker.js is two folders below the site's root, which may be a sub-path).
pub fn delay_url(d: &Value) -> Result<String, String> {
    let scope: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
    let ms = d["latencyMs"].as_u64().unwrap_or(0);
    let bytes = d["bytes"].as_u64().unwrap_or(0);
    let relative = format!("../../api/delay?ms={ms}&bytes={bytes}");
    web_sys::Url::new_with_base(&relative, &scope.location().href())
        .map(|url| url.href())
        .map_err(|e| describe(&e))
}

/// One GET whose whole body is read; the body's size in bytes.
pub async fn get(url: &str) -> Result<u64, String> {
    let scope: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
    let init = web_sys::RequestInit::new();
    // Chromium's HTTP cache lock would otherwise serialise the tasks' identical URLs.
    init.set_cache(web_sys::RequestCache::NoStore);
    let response: web_sys::Response = JsFuture::from(scope.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|e| format!("the request to {url} failed: {}", describe(&e)))?
        .unchecked_into();
    if !response.ok() {
        return Err(format!("HTTP {} from {url}", response.status()));
    }
    let body = response.array_buffer().map_err(|e| describe(&e))?;
    let body = JsFuture::from(body).await.map_err(|e| describe(&e))?;
    Ok(u64::from(
        body.unchecked_into::<js_sys::ArrayBuffer>().byte_length(),
    ))
}
