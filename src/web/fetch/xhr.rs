//! Blocking GETs with synchronous `XMLHttpRequest`, which workers allow: a thread (or a
//! process's only thread) blocked in its request, as Python's are in `requests.get`.
//!
//! Split in three so that a thread is marked blocked (and may be terminated, see
//! [`crate::family::fetch::threads`]) only around [`send`], which allocates nothing in this module's memory.

use crate::family::fetch::threads::Failure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::XmlHttpRequest;

/// A synchronous GET of `url`, not yet sent; `timeout_ms` 0 = none (XHR's `timeout` applies to
/// synchronous requests in workers).
pub fn open(url: &str, timeout_ms: u32) -> Result<XmlHttpRequest, Failure> {
    let xhr = XmlHttpRequest::new().map_err(|_| Failure::Network)?;
    xhr.open_with_async("GET", url, false)
        .map_err(|_| Failure::Network)?;
    if timeout_ms > 0 {
        xhr.set_timeout(timeout_ms);
    }
    Ok(xhr)
}

/// The blocking part: returns once the whole answer has arrived, the timeout fired or the
/// connection failed.
pub fn send(xhr: &XmlHttpRequest) -> Result<(), JsValue> {
    xhr.send()
}

/// What the request came to: the body's size, or why it failed.
pub fn answer(xhr: &XmlHttpRequest, sent: Result<(), JsValue>) -> Result<u64, Failure> {
    if let Err(e) = sent {
        let name = e.dyn_ref::<web_sys::DomException>().map(|d| d.name());
        return Err(match name.as_deref() {
            Some("TimeoutError") => Failure::TimedOut,
            _ => Failure::Network,
        });
    }
    match xhr.status().unwrap_or(0) {
        0 => Err(Failure::Network),
        status if !(200..300).contains(&status) => Err(Failure::Http(status)),
        _ => Ok(xhr
            .response_text()
            .ok()
            .flatten()
            .map_or(0, |t| t.len() as u64)),
    }
}

/// One blocking GET start to end, for a worker that has nothing to be terminated in.
pub fn get(url: &str, timeout_ms: u32) -> Result<u64, Failure> {
    let xhr = open(url, timeout_ms)?;
    let sent = send(&xhr);
    answer(&xhr, sent)
}
