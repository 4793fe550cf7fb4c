//! Which URL each task of a run requests: the person's target as it is, or the mock API with
//! the task's latency, size and fault in the query.

use crate::params::Params;
use std::sync::atomic::{AtomicU64, Ordering};

/// Makes each run's request URLs distinct from the previous run's.
static RUN_NONCE: AtomicU64 = AtomicU64::new(0);

/// A number no earlier run of this module instance used, for its URLs.
pub fn next_run_nonce() -> u64 {
    RUN_NONCE.fetch_add(1, Ordering::Relaxed)
}

/// `base` with `query` appended after `?` or `&`, whichever it needs.
fn with_query(base: &str, query: &str) -> String {
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}{query}")
}

/// The URL task `i` GETs from the mock API at `base` (or the target, if one is set). Distinct
/// per task and run, because Chromium serialises identical concurrent GETs through its HTTP
/// cache lock; `cache: no-store` on the request is the other half of that fix.
pub fn task_url(base: &str, params: &Params, nonce: u64, i: u32) -> String {
    if !params.target.is_empty() {
        return params.target.clone();
    }
    let fault = params
        .task_fault(i)
        .map(|f| format!("&fault={}", f.query_value()))
        .unwrap_or_default();
    let query = format!(
        "ms={}&bytes={}&task={i}&run={nonce}{fault}",
        params.task_latency(i),
        params.bytes
    );
    with_query(base, &query)
}

/// The one URL every task of `fetch-same-url` GETs (the target, if one is set): the plain
/// latency, and no per-task faults, which would make the URLs differ.
pub fn same_url(params: &Params, nonce: u64) -> String {
    if !params.target.is_empty() {
        return params.target.clone();
    }
    let query = format!("ms={}&bytes={}&run={nonce}", params.latency, params.bytes);
    with_query(&params.api, &query)
}
