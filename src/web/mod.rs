//! Browser glue, compiled for wasm32 only: the `#[wasm_bindgen]` exports the page's worker
//! (`www/worker.js`) calls. Each parses its arguments, calls the module that does the job and
//! serialises the answer:
//! - [`run`]: running one strategy; [`progress`] and [`cancel`] serve it;
//! - [`dispatch`]: runs a strategy by its plan ([`crate::plan`]), through its family's glue;
//! - [`fetch`]: requests through gloo-net, the mock API's URLs, and the Workers of
//!   `fetch-threads` and `fetch-processes` with their blocking requests;
//! - [`cpu`]: CPU work on the pool, one Web Worker per task, the GIL and event-loop models;
//! - [`race`], [`pipeline`]: the race on the pool; pages fetched here and parsed on the pool;
//! - [`pool`]: the rayon pool of Web Workers, the panic hook, what runs in this build;
//! - [`js`]: the shared clock and JavaScript error text.
//!
//! Two builds share this code. With the `threads` feature (the default, www/pkg) CPU work runs
//! on a rayon pool of Web Workers, which needs shared memory and so a cross-origin isolated page.
//! Without it (www/pkg-single, for pages served without COOP/COEP) there is no pool: the
//! strategies that need one ([`Strategy::needs_pool`]) are refused and `cpu-sequential` runs on
//! the worker's own thread ([`pool::start_work`]).

mod cancel;
mod cpu;
mod dispatch;
mod fetch;
mod js;
mod pipeline;
mod pool;
mod progress;
mod queue;
mod race;
mod run;

use crate::family::cpu::Kernel;
use crate::params::Params;
use crate::strategy::Strategy;
use js::js_error;
pub use js::now_ms;
use wasm_bindgen::prelude::*;

/// Builds the rayon pool of `threads` Web Workers and resolves to its size.
///
/// Call it from a dedicated Worker, never the page's main thread: there rayon's waiting spins,
/// takes one of the cores and freezes the page.
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = startPool)]
pub async fn start_pool(threads: u32) -> Result<u32, JsError> {
    pool::start(threads).await.map_err(js_error)
}

/// Warms the pool's CPU kernels up (see [`pool::warm_up`]); the worker calls it right after
/// telling the page its pool is ready, so the page need not wait for it.
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = warmUp)]
pub fn warm_up() {
    pool::warm_up();
}

/// The single-threaded build's start-up, instead of `startPool`: there is no pool to build
/// (no shared memory), so it only installs the panic hook and resolves to 0 pool threads.
#[cfg(not(feature = "threads"))]
#[wasm_bindgen(js_name = startWithoutPool)]
pub fn start_without_pool() -> u32 {
    pool::install_panic_hook();
    0
}

/// The message of the panic that broke this module instance, or "" if none happened. Once it
/// is not empty the instance must be thrown away: the worker is replaced.
#[wasm_bindgen(js_name = panicMessage)]
pub fn panic_message() -> String {
    pool::panic_message()
}

/// Panics on purpose, for the tests of crash recovery: `where = "worker"` in the worker's own
/// thread (the returned promise rejects with a wasm trap), `"pool"` in a pool thread (it
/// rejects with the panic message once the hook has seen it).
#[wasm_bindgen(js_name = triggerPanic)]
pub async fn trigger_panic(place: String) -> Result<(), JsError> {
    pool::install_panic_hook();
    match place.as_str() {
        "worker" => panic!("deliberate panic in the worker (test trigger)"),
        #[cfg(feature = "threads")]
        "pool" if pool::threads() > 0 => Err(js_error(pool::panic_in_a_pool_thread().await)),
        _ => Err(js_error(format!(
            "triggerPanic: `{place}` is not `worker` or `pool` (with the pool running)"
        ))),
    }
}

/// Cancels the running strategy: its requests are aborted, and no task that has not started
/// will start (CPU tasks already running finish first). Its result still accounts for every
/// task, the stopped ones as `cancelled`.
#[wasm_bindgen(js_name = cancelRun)]
pub fn cancel_run() {
    cancel::cancel();
}

/// Threads in the pool, or 0 if it has not been started.
#[wasm_bindgen(js_name = poolThreads)]
pub fn pool_threads() -> u32 {
    pool::threads()
}

/// The strategy ids the given parameters run, in display order. The single-threaded build
/// leaves out those that need the pool (the page says which), and refuses a list of only those.
#[wasm_bindgen(js_name = strategiesFor)]
pub fn strategies_for(params_json: &str) -> Result<Vec<String>, JsError> {
    let params = Params::from_json(params_json).map_err(js_error)?;
    let runnable = pool::runnable_here(&params.selected()).map_err(js_error)?;
    Ok(runnable.iter().map(|s| s.id().to_string()).collect())
}

/// One CPU kernel task, for `cpu-worker-per-task`'s short-lived workers (www/task-worker.js).
#[wasm_bindgen(js_name = runKernel)]
pub fn run_kernel(kernel: &str, task: u32, tasks: u32, work: u32) -> Result<f64, JsError> {
    let kernel =
        Kernel::from_id(kernel).ok_or_else(|| js_error(format!("unknown kernel `{kernel}`")))?;
    Ok(kernel.run(task, tasks, work) as f64)
}

/// One blocking GET (synchronous XMLHttpRequest), for `fetch-processes`' workers: the body's
/// size, or an error with the reason (`timeoutMs` 0 = none).
#[wasm_bindgen(js_name = blockingGet)]
pub fn blocking_get(url: &str, timeout_ms: u32) -> Result<f64, JsError> {
    fetch::xhr::get(url, timeout_ms)
        .map(|bytes| bytes as f64)
        .map_err(|f| js_error(f.reason(timeout_ms)))
}

/// A `fetch-threads` thread's entry, called by its Worker once it has instantiated this module
/// on the shared memory: serves runs until the Worker is terminated. Never returns.
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = fetchThreadMain)]
pub fn fetch_thread_main(lane: u32) {
    fetch::thread_workers::thread_main(lane);
}

/// Runs one strategy and resolves to its [`crate::report::StrategyResult`] as JSON.
///
/// `on_progress(done, total, spansJson, failed, cancelled)` is called every 100 ms or so when
/// something changed, with the spans finished meanwhile (up to 5,000 tasks; beyond, counts
/// only), for every family: CPU work runs on the pool while this worker's event loop stays free
/// to report.
/// [`cancel_run`] stops it early; the result then still accounts for every task.
#[wasm_bindgen(js_name = runStrategy)]
pub async fn run_strategy(
    id: String,
    params_json: String,
    on_progress: js_sys::Function,
) -> Result<String, JsError> {
    let strategy =
        Strategy::from_id(&id).ok_or_else(|| js_error(format!("unknown strategy `{id}`")))?;
    let params = Params::from_json(&params_json).map_err(js_error)?;
    let result = run::run_strategy(strategy, &params, &on_progress)
        .await
        .map_err(js_error)?;
    serde_json::to_string(&result).map_err(js_error)
}

/// Joins the playground server's task queue as a worker named `name` with this module's
/// threads (the pool's, or this worker's one), and resolves to the worker's id as the broker
/// names it. `on_task(json)` hears of each task taken and answered. [`leave_queue`] leaves.
#[wasm_bindgen(js_name = joinQueue)]
pub async fn join_queue(
    token: String,
    name: String,
    on_task: js_sys::Function,
) -> Result<String, JsError> {
    queue::join_here(&token, &name, on_task)
        .await
        .map_err(js_error)
}

/// Leaves the task queue: closes the worker's socket, even mid-task (the broker gives that task
/// to another worker after the run's reclaimMs).
#[wasm_bindgen(js_name = leaveQueue)]
pub fn leave_queue() {
    queue::leave_here();
}
