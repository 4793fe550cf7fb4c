//! Browser glue, compiled for wasm32 only: the `#[wasm_bindgen]` exports the page's worker
//! (`www/worker.js`) calls, `fetch` through gloo-net, the shared clock and the rayon pool.
//!
//! Everything here adapts the core to the browser; no scheduling or timing logic lives here.

use crate::params::Params;
use crate::report::StrategyResult;
use crate::schedule::TaskOutcome;
use crate::strategy::{self, Strategy};
use gloo_net::http::Request;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Threads in the rayon pool, 0 until [`start_pool`] has finished.
///
/// rayon's global pool can be built once per module instance, and a `par_iter` that runs before
/// it exists silently builds a one-thread pool (and makes the later init fail), so `cpu-rayon`
/// checks this before it touches rayon.
static POOL_THREADS: AtomicU32 = AtomicU32::new(0);

/// Makes each run's request URLs distinct from the previous run's.
static RUN_NONCE: AtomicU64 = AtomicU64::new(0);

/// Milliseconds on a clock shared by every worker.
///
/// `performance.now()` counts from each worker's own time origin, so rayon threads (each a Web
/// Worker) would disagree; adding `performance.timeOrigin` puts them all on one epoch clock.
pub fn now_ms() -> f64 {
    thread_local! {
        static PERFORMANCE: web_sys::Performance =
            js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
                .expect("the global object has `performance`")
                .unchecked_into();
    }
    PERFORMANCE.with(|p| p.time_origin() + p.now())
}

/// Builds the rayon pool of `threads` Web Workers (wasm-bindgen-rayon) and resolves to its size.
///
/// Call it from a dedicated Worker, never the page's main thread: there rayon's waiting spins,
/// takes one of the cores and freezes the page (1.31x instead of 1.94x on 2 cores).
#[wasm_bindgen(js_name = startPool)]
pub async fn start_pool(threads: u32) -> Result<u32, JsError> {
    if threads == 0 {
        return Err(JsError::new("the pool needs at least one thread"));
    }
    if POOL_THREADS.load(Ordering::SeqCst) != 0 {
        return Err(JsError::new(
            "the pool is already running; rayon's global pool can be built once per worker, \
             so start a new worker to resize it",
        ));
    }
    JsFuture::from(wasm_bindgen_rayon::init_thread_pool(threads as usize))
        .await
        .map_err(|e| JsError::new(&format!("the thread pool did not start: {}", describe(&e))))?;
    let n = rayon::current_num_threads() as u32;
    warm_up(n);
    POOL_THREADS.store(n, Ordering::SeqCst);
    Ok(n)
}

/// Runs a little of the CPU kernel on every pool thread before anything is measured.
///
/// V8 first runs wasm with its baseline compiler and tiers hot functions up later; without this,
/// the first measured strategy pays for that (its first task ran 1.4x slower than later ones,
/// which made the first `cpu-rayon` look worse than it is).
fn warm_up(threads: u32) {
    let clock = || 0.0;
    strategy::cpu_rayon(threads * 4, 20, &clock);
}

/// Threads in the pool, or 0 if it has not been started.
#[wasm_bindgen(js_name = poolThreads)]
pub fn pool_threads() -> u32 {
    POOL_THREADS.load(Ordering::SeqCst)
}

/// The strategy ids the given parameters run, in display order.
#[wasm_bindgen(js_name = strategiesFor)]
pub fn strategies_for(params_json: &str) -> Result<Vec<String>, JsError> {
    let params = Params::from_json(params_json).map_err(|e| JsError::new(&e))?;
    Ok(Strategy::for_workload(params.workload)
        .into_iter()
        .map(|s| s.id().to_string())
        .collect())
}

/// Runs one strategy and resolves to its [`StrategyResult`] as JSON.
///
/// `on_progress(done, total)` is called as fetch tasks finish (at most ~100 times a run). CPU
/// strategies block this worker until they are done, so they report only at the end.
#[wasm_bindgen(js_name = runStrategy)]
pub async fn run_strategy(
    id: String,
    params_json: String,
    on_progress: js_sys::Function,
) -> Result<String, JsError> {
    let strategy =
        Strategy::from_id(&id).ok_or_else(|| JsError::new(&format!("unknown strategy `{id}`")))?;
    let params = Params::from_json(&params_json).map_err(|e| JsError::new(&e))?;
    let tasks = params.tasks;
    let step = (tasks / 100).max(1);
    let progress = move |done: u32| {
        if done == tasks || done.is_multiple_of(step) {
            // A throwing progress callback must not abort the run.
            let _ = on_progress.call2(&JsValue::NULL, &done.into(), &tasks.into());
        }
    };

    let t0 = now_ms();
    let clock = move || now_ms() - t0;
    let run = if strategy.is_fetch() {
        let nonce = RUN_NONCE.fetch_add(1, Ordering::Relaxed);
        let url = |i: u32| task_url(&params, nonce, i);
        let fetch = |i: u32| fetch_one(url(i));
        match strategy {
            Strategy::FetchSequential => {
                strategy::fetch_sequential(tasks, &clock, &progress, fetch).await
            }
            Strategy::FetchConcurrent => {
                strategy::fetch_concurrent(tasks, &clock, &progress, fetch).await
            }
            _ => strategy::fetch_bounded(tasks, params.concurrency, &clock, &progress, fetch).await,
        }
    } else if strategy == Strategy::CpuRayon {
        if pool_threads() == 0 {
            return Err(JsError::new(
                "cpu-rayon needs the thread pool, and it is not running (startPool was not \
                 called or failed)",
            ));
        }
        let run = strategy::cpu_rayon(tasks, params.work, &clock);
        progress(tasks);
        run
    } else {
        let run = strategy::cpu_sequential(tasks, params.work, &clock);
        progress(tasks);
        run
    };
    let wall_ms = clock();
    let result = StrategyResult::from_spans(
        id.as_str(),
        wall_ms,
        run.spans,
        run.checksum,
        run.first_error,
    );
    serde_json::to_string(&result).map_err(|e| JsError::new(&e.to_string()))
}

/// The mock API URL for task `i`. Distinct per task and run, because Chromium serialises
/// identical concurrent GETs through its HTTP cache lock (six parallel requests to one URL took
/// 6 s, not 1 s); `cache: no-store` on the request is the other half of that fix.
fn task_url(params: &Params, nonce: u64, i: u32) -> String {
    let sep = if params.api.contains('?') { '&' } else { '?' };
    format!(
        "{}{sep}ms={}&bytes={}&task={i}&run={nonce}",
        params.api, params.latency, params.bytes
    )
}

/// One GET through gloo-net; the whole body is read, so the span covers the download too.
/// `Ok` carries the body size, which becomes the strategy's checksum.
async fn fetch_one(url: String) -> TaskOutcome {
    let response = Request::get(&url)
        .cache(web_sys::RequestCache::NoStore)
        .send()
        .await
        .map_err(|e| format!("network error (unreachable, or refused by CORS/CORP): {e}"))?;
    if !response.ok() {
        return Err(format!("HTTP {} from {url}", response.status()));
    }
    let body = response
        .binary()
        .await
        .map_err(|e| format!("body not read: {e}"))?;
    Ok(body.len() as u64)
}

fn describe(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}
