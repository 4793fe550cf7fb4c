//! Browser glue, compiled for wasm32 only: the `#[wasm_bindgen]` exports the page's worker
//! (`www/worker.js`) calls, `fetch` through gloo-net, the shared clock and the rayon pool.
//!
//! Two builds share this file. With the `threads` feature (the default, www/pkg) CPU work runs
//! on a rayon pool of Web Workers, which needs shared memory and so a cross-origin isolated page.
//! Without it (www/pkg-single, for pages served without COOP/COEP) there is no pool: the
//! strategies that need one ([`Strategy::needs_pool`]) are refused and `cpu-sequential` runs on
//! the worker's own thread. Only `start_pool` (`start_without_pool`), `warm_up`, `on_pool` and
//! the pool branch of `trigger_panic` differ.
//!
//! Everything here adapts the core to the browser; the scheduling and timing logic is in the
//! core modules, tested on the host.

use crate::cpu::{self, CpuJob};
use crate::fetch as strategy;
use crate::params::Params;
use crate::pipeline;
use crate::race;
use crate::report::{attach_wire_times, Span, Status, StrategyResult, WireEntry};
use crate::schedule::{Pace, Run, StartPacer, TaskError};
use crate::strategy::{Family, Strategy};
use futures::future::{self, Either};
use gloo_net::http::Request;
use serde_json::json;
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Threads in the rayon pool, 0 until [`start_pool`] has finished.
///
/// rayon's global pool can be built once per module instance, and a `par_iter` that runs before
/// it exists silently builds a one-thread pool (and makes the later init fail), so every CPU
/// strategy checks this before it touches rayon.
static POOL_THREADS: AtomicU32 = AtomicU32::new(0);

/// Makes each run's request URLs distinct from the previous run's.
static RUN_NONCE: AtomicU64 = AtomicU64::new(0);

/// Raised by [`cancel_run`]: CPU tasks check it before starting (in any pool thread), fetch
/// tasks before sending. Lowered when the next strategy starts.
static CANCEL: AtomicBool = AtomicBool::new(false);

/// Set by the panic hook, in whichever thread panicked. A panic in a pool thread aborts that
/// thread's Web Worker (wasm32 panics abort), so nothing would ever resolve the run waiting
/// for it; the run's ticker polls this instead and fails the run with the message.
static PANICKED: AtomicBool = AtomicBool::new(false);
static PANIC_MESSAGE: Mutex<String> = Mutex::new(String::new());

/// Resolves when the person cancels the running strategy (or with `Err` once it has ended).
type Stopped = future::Shared<futures::channel::oneshot::Receiver<()>>;

thread_local! {
    /// Aborts every request of the running strategy at once when the person cancels.
    static RUN_ABORT: std::cell::RefCell<Option<web_sys::AbortController>> =
        const { std::cell::RefCell::new(None) };
    /// Tells the running strategy's requests that the person cancelled: each in-flight request
    /// races it, so the strategy ends without waiting for every aborted fetch to come back
    /// (see [`Requests::unless_cancelled`]).
    static RUN_STOP: std::cell::RefCell<Option<(futures::channel::oneshot::Sender<()>, Stopped)>> =
        const { std::cell::RefCell::new(None) };
}

/// How often progress (and the spans finished meanwhile) is posted to the page.
const PROGRESS_EVERY_MS: u32 = 50;
/// Above this many tasks only counts are posted live; the spans arrive with the result.
const LIVE_SPANS_UP_TO: u32 = 5_000;

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
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = startPool)]
pub async fn start_pool(threads: u32) -> Result<u32, JsError> {
    install_panic_hook();
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

/// Runs a little of each CPU kernel on every pool thread before anything is measured.
///
/// V8 first runs wasm with its baseline compiler and tiers hot functions up later; without this,
/// the first measured strategy pays for that (its first task ran 1.4x slower than later ones).
#[cfg(feature = "threads")]
fn warm_up(threads: u32) {
    use crate::workload::Kernel;
    for kernel in [Kernel::Primes, Kernel::Mandelbrot, Kernel::Sha256] {
        cpu::cpu_rayon(&CpuJob::new(kernel, threads * 4, 20), &|| 0.0, &|_| {});
    }
}

/// The single-threaded build's start-up, instead of `start_pool`: there is no pool to build
/// (no shared memory), so it only installs the panic hook and resolves to 0 pool threads.
#[cfg(not(feature = "threads"))]
#[wasm_bindgen(js_name = startWithoutPool)]
pub fn start_without_pool() -> u32 {
    install_panic_hook();
    0
}

/// Records a panic's message for the page, from any thread, before wasm aborts.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let mut message = PANIC_MESSAGE.lock().unwrap_or_else(|e| e.into_inner());
        if message.is_empty() {
            *message = info.to_string();
        }
        PANICKED.store(true, Ordering::SeqCst);
    }));
}

/// The message of the panic that broke this module instance, or "" if none happened. Once it
/// is not empty the instance must be thrown away: the worker is replaced.
#[wasm_bindgen(js_name = panicMessage)]
pub fn panic_message() -> String {
    PANIC_MESSAGE.lock().map(|m| m.clone()).unwrap_or_default()
}

/// Panics on purpose, for the tests of crash recovery: `where = "worker"` in the worker's own
/// thread (the returned promise rejects with a wasm trap), `"pool"` in a pool thread (it
/// rejects with the panic message once the hook has seen it).
#[wasm_bindgen(js_name = triggerPanic)]
pub async fn trigger_panic(place: String) -> Result<(), JsError> {
    install_panic_hook();
    match place.as_str() {
        "worker" => panic!("deliberate panic in the worker (test trigger)"),
        #[cfg(feature = "threads")]
        "pool" if pool_threads() > 0 => {
            rayon::spawn(|| panic!("deliberate panic in a pool thread (test trigger)"));
            while !PANICKED.load(Ordering::SeqCst) {
                gloo_timers::future::TimeoutFuture::new(10).await;
            }
            Err(JsError::new(&panic_message()))
        }
        _ => Err(JsError::new(&format!(
            "triggerPanic: `{place}` is not `worker` or `pool` (with the pool running)"
        ))),
    }
}

/// Cancels the running strategy: its requests are aborted, and no task that has not started
/// will start (CPU tasks already running finish first). Its result still accounts for every
/// task, the stopped ones as `cancelled`.
#[wasm_bindgen(js_name = cancelRun)]
pub fn cancel_run() {
    CANCEL.store(true, Ordering::SeqCst);
    if let Some((tell, _)) = RUN_STOP.with(|c| c.borrow_mut().take()) {
        let _ = tell.send(());
    }
    RUN_ABORT.with(|c| {
        if let Some(controller) = c.borrow().as_ref() {
            controller.abort();
        }
    });
}

fn cancelled() -> bool {
    CANCEL.load(Ordering::SeqCst)
}

/// Threads in the pool, or 0 if it has not been started.
#[wasm_bindgen(js_name = poolThreads)]
pub fn pool_threads() -> u32 {
    POOL_THREADS.load(Ordering::SeqCst)
}

/// The strategy ids the given parameters run, in display order. The single-threaded build
/// leaves out those that need the pool (the page says which), and refuses a list of only those.
#[wasm_bindgen(js_name = strategiesFor)]
pub fn strategies_for(params_json: &str) -> Result<Vec<String>, JsError> {
    let params = Params::from_json(params_json).map_err(|e| JsError::new(&e))?;
    let selected = Strategy::selected(&params);
    let runnable: Vec<String> = selected
        .iter()
        .filter(|s| runs_here(**s))
        .map(|s| s.id().to_string())
        .collect();
    match selected.first() {
        Some(&first) if runnable.is_empty() => Err(JsError::new(&no_pool_here(first))),
        _ => Ok(runnable),
    }
}

/// Whether this build can run `strategy` at all: the single-threaded one has no pool.
fn runs_here(strategy: Strategy) -> bool {
    cfg!(feature = "threads") || !strategy.needs_pool()
}

/// Why the single-threaded build refuses `strategy`, in plain words (www/params.js says the same).
fn no_pool_here(strategy: Strategy) -> String {
    let others: Vec<&str> = Strategy::ALL
        .iter()
        .filter(|s| !s.is_fetch() && !s.needs_pool())
        .map(|s| s.id())
        .collect();
    let (last, rest) = others.split_last().unwrap_or((&"", &[]));
    format!(
        "{} needs the thread pool, which needs a cross-origin isolated page \
         (SharedArrayBuffer); this page is not, so only the fetch strategies, {} and {last} run \
         here",
        strategy.id(),
        rest.join(", ")
    )
}

/// One CPU kernel task, for `cpu-worker-per-task`'s short-lived workers (www/task-worker.js).
#[wasm_bindgen(js_name = runKernel)]
pub fn run_kernel(kernel: &str, task: u32, tasks: u32, work: u32) -> Result<f64, JsError> {
    let kernel: crate::workload::Kernel = serde_json::from_value(json!(kernel))
        .map_err(|_| JsError::new(&format!("unknown kernel `{kernel}`")))?;
    Ok(kernel.run(task, tasks, work) as f64)
}

/// Spans finished since the last progress message, collected from any thread.
#[derive(Clone, Default)]
struct Progress {
    done: Arc<AtomicU32>,
    failed: Arc<AtomicU32>,
    cancelled: Arc<AtomicU32>,
    pending: Arc<Mutex<Vec<Span>>>,
    live_spans: bool,
}

impl Progress {
    fn record(&self, span: Span) {
        // Two-stage tasks (the pipeline) count when their last stage ends.
        if span.phase == Some(crate::report::Phase::Fetch) && span.ok {
            self.push(span);
            return;
        }
        match span.status() {
            Status::Failed => self.failed.fetch_add(1, Ordering::SeqCst),
            Status::Cancelled => self.cancelled.fetch_add(1, Ordering::SeqCst),
            Status::Ok => 0,
        };
        self.done.fetch_add(1, Ordering::SeqCst);
        self.push(span);
    }

    fn push(&self, span: Span) {
        if self.live_spans {
            self.pending
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(span);
        }
    }

    /// Posts `(done, total, newSpansJson, failed, cancelled)` to the page's callback.
    fn flush(&self, callback: &js_sys::Function, total: u32) {
        let spans = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()));
        let json = serde_json::to_string(&spans).unwrap_or_else(|_| "[]".into());
        // `record` bumps failed/cancelled before done: read them first, so a snapshot never
        // has more failed + cancelled tasks than done ones.
        let failed = self.failed.load(Ordering::SeqCst);
        let cancelled = self.cancelled.load(Ordering::SeqCst);
        let done = self.done.load(Ordering::SeqCst).min(total);
        // A throwing progress callback must not abort the run.
        let _ = callback.call5(
            &JsValue::NULL,
            &done.into(),
            &total.into(),
            &json.into(),
            &failed.into(),
            &cancelled.into(),
        );
    }
}

/// Runs one strategy and resolves to its [`StrategyResult`] as JSON.
///
/// `on_progress(done, total, spansJson, failed, cancelled)` is called every 50 ms or so with
/// the spans finished meanwhile (up to 5,000 tasks; beyond, counts only), for every family:
/// CPU work runs on the pool while this worker's event loop stays free to report.
/// [`cancel_run`] stops it early; the result then still accounts for every task.
#[wasm_bindgen(js_name = runStrategy)]
pub async fn run_strategy(
    id: String,
    params_json: String,
    on_progress: js_sys::Function,
) -> Result<String, JsError> {
    let strategy =
        Strategy::from_id(&id).ok_or_else(|| JsError::new(&format!("unknown strategy `{id}`")))?;
    let params = Params::from_json(&params_json).map_err(|e| JsError::new(&e))?;
    let requests = matches!(strategy.family(), Family::Fetch | Family::Pipeline);
    if requests && !params.target.is_empty() && web_sys::Url::new(&params.target).is_err() {
        return Err(JsError::new(&format!(
            "target `{}` is not a URL the browser can parse",
            params.target
        )));
    }
    if PANICKED.load(Ordering::SeqCst) {
        return Err(JsError::new(&format!(
            "this module instance panicked earlier and must be replaced: {}",
            panic_message()
        )));
    }
    if !runs_here(strategy) {
        return Err(JsError::new(&no_pool_here(strategy)));
    }
    // The threaded build runs cpu-sequential on a pool thread too (see `on_pool`).
    let on_the_pool = strategy.needs_pool() || strategy == Strategy::CpuSequential;
    if cfg!(feature = "threads") && on_the_pool && pool_threads() == 0 {
        return Err(JsError::new(&format!(
            "{id} needs the thread pool, and it is not running (startPool was not called or failed)"
        )));
    }
    let progress = Progress {
        live_spans: params.tasks <= LIVE_SPANS_UP_TO,
        ..Progress::default()
    };
    CANCEL.store(false, Ordering::SeqCst);
    let abort = web_sys::AbortController::new().map_err(|e| JsError::new(&describe(&e)))?;
    RUN_ABORT.with(|c| *c.borrow_mut() = Some(abort));
    let (tell, told) = futures::channel::oneshot::channel();
    RUN_STOP.with(|c| *c.borrow_mut() = Some((tell, future::FutureExt::shared(told))));
    let t0 = now_ms();
    let clock = move || now_ms() - t0;

    let work = run_family(strategy, &params, clock, progress.clone());
    // Posts progress, and watches for a panic in a pool thread, which would otherwise leave
    // `work` waiting forever for a thread that no longer exists.
    let ticker = async {
        loop {
            gloo_timers::future::TimeoutFuture::new(PROGRESS_EVERY_MS).await;
            progress.flush(&on_progress, params.tasks);
            if PANICKED.load(Ordering::SeqCst) {
                break panic_message();
            }
        }
    };
    futures::pin_mut!(work, ticker);
    let outcome = match future::select(work, ticker).await {
        Either::Left((outcome, _)) => outcome,
        Either::Right((message, _)) => Err(format!("panicked: {message}")),
    };
    RUN_ABORT.with(|c| c.borrow_mut().take());
    RUN_STOP.with(|c| c.borrow_mut().take());
    let (run, detail) = outcome.map_err(|e| JsError::new(&e))?;
    let wall_ms = clock();
    progress.flush(&on_progress, params.tasks);
    let result = StrategyResult::from_spans(&id, wall_ms, run.spans, run.checksum, run.failures)
        .with_detail(detail);
    let context = crate::ideal::Context {
        pool_threads: pool_threads(),
        ..params.context
    };
    let ideal = crate::ideal::for_result(strategy, &params, &context, &result);
    let result = result.with_ideal(ideal);
    serde_json::to_string(&result).map_err(|e| JsError::new(&e.to_string()))
}

type Outcome = Result<(Run, serde_json::Value), String>;

async fn run_family(
    strategy: Strategy,
    params: &Params,
    clock: impl Fn() -> f64 + Send + Sync + Copy + 'static,
    progress: Progress,
) -> Outcome {
    match strategy.family() {
        Family::Fetch => run_fetch(strategy, params, &clock, &progress).await,
        Family::Cpu => run_cpu(strategy, params, clock, progress).await,
        Family::Race => run_race(strategy, params, clock, progress).await,
        Family::Pipeline => run_pipeline(strategy, params, clock, progress).await,
    }
}

/// The URL task `i` GETs: the person's target as it is, or the mock API. Mock URLs are
/// distinct per task and run, because Chromium serialises identical concurrent GETs through its
/// HTTP cache lock (six parallel requests to one URL took 6 s, not 1 s); `cache: no-store` on
/// the request is the other half of that fix (and all a real target gets).
fn task_url(base: &str, params: &Params, nonce: u64, i: u32) -> String {
    if !params.target.is_empty() {
        return params.target.clone();
    }
    let sep = if base.contains('?') { '&' } else { '?' };
    let fault = params
        .task_fault(i)
        .map(|f| format!("&fault={}", f.query_value()))
        .unwrap_or_default();
    format!(
        "{base}{sep}ms={}&bytes={}&task={i}&run={nonce}{fault}",
        params.task_latency(i),
        params.bytes
    )
}

async fn run_fetch(
    strategy: Strategy,
    params: &Params,
    clock: &dyn Fn() -> f64,
    progress: &Progress,
) -> Outcome {
    let nonce = RUN_NONCE.fetch_add(1, Ordering::Relaxed);
    let tasks = params.tasks;
    let k = params.concurrency;
    performance().clear_resource_timings();
    // The URL each task's answer came from, to look up when the browser really sent it
    // (Resource Timing) once the run is over: one look-up per request during the run cost
    // ~1.3 ms each, more than the rest of the request's overhead.
    let urls: std::cell::RefCell<Vec<Option<String>>> =
        std::cell::RefCell::new(vec![None; tasks as usize]);
    let on_done = |_: u32, s: &Span| progress.record(*s);
    let request = Requests::new(params);
    let timed = |i: u32, url: String, no_store: bool| {
        let (urls, request) = (&urls, &request);
        async move {
            let (len, answered_from) = request.bytes(url, no_store).await?;
            if let Some(slot) = urls.borrow_mut().get_mut(i as usize) {
                *slot = Some(answered_from);
            }
            Ok(len)
        }
    };
    let origin = now_ms() - clock();
    let with_wire_times = |mut run: Run| {
        attach_wire_times(&mut run.spans, &urls.borrow(), wire_entries(origin));
        run
    };
    let fetch = |i: u32| timed(i, task_url(&params.api, params, nonce, i), true);
    let plain = |run: Run| Ok((with_wire_times(run), serde_json::Value::Null));
    match strategy {
        Strategy::FetchSequential => {
            plain(strategy::fetch_sequential(tasks, clock, &on_done, fetch).await)
        }
        Strategy::FetchConcurrent => {
            plain(strategy::fetch_concurrent(tasks, clock, &on_done, fetch).await)
        }
        Strategy::FetchBounded => {
            plain(strategy::fetch_bounded(tasks, k, clock, &on_done, fetch).await)
        }
        Strategy::FetchMap | Strategy::FetchAsCompleted => {
            let (run, delivery) = if strategy == Strategy::FetchMap {
                strategy::fetch_map(tasks, k, clock, &on_done, fetch).await
            } else {
                strategy::fetch_as_completed(tasks, k, clock, &on_done, fetch).await
            };
            let run = with_wire_times(run);
            let shown = (tasks as usize).min(200);
            let detail = json!({
                "order": &delivery.order[..shown],
                "deliveredMs": &delivery.at_ms[..shown],
                "firstResultMs": delivery.at_ms.first(),
            });
            Ok((run, detail))
        }
        Strategy::FetchMultiport => {
            if params.mirrors.is_empty() {
                return Err(
                    "fetch-multiport needs the mock API on other ports (`mirrors`); \
                            the page asks the server for them at start"
                        .into(),
                );
            }
            let bases: Vec<&str> = std::iter::once(params.api.as_str())
                .chain(params.mirrors.iter().map(String::as_str))
                .collect();
            let spread = |i: u32| {
                let base = bases[i as usize % bases.len()];
                timed(i, task_url(base, params, nonce, i), true)
            };
            let (run, _) = plain(strategy::fetch_multiport(tasks, clock, &on_done, spread).await)?;
            Ok((run, json!({ "ports": bases.len() })))
        }
        Strategy::FetchSameUrl => {
            // One URL for every task (per run; the target as is, if one is set), default cache
            // mode: the cache lock queues them. No per-task faults: they would make the URLs
            // differ (the page says so when faults are set).
            let url = if params.target.is_empty() {
                format!(
                    "{}{}ms={}&bytes={}&run={nonce}",
                    params.api,
                    if params.api.contains('?') { '&' } else { '?' },
                    params.latency,
                    params.bytes
                )
            } else {
                params.target.clone()
            };
            let same = |i: u32| timed(i, url.clone(), false);
            plain(strategy::fetch_same_url(tasks, clock, &on_done, same).await)
        }
        _ => Err(format!("{} is not a fetch strategy", strategy.id())),
    }
}

/// Hands `f` to the rayon pool **now** and returns a future of its result, which awaits it
/// without blocking this worker's event loop (so progress keeps flowing and fetches keep
/// running). Not an `async fn`: that would spawn only when first polled, and the overlapped
/// pipeline polls its parses only after the last fetch, so every page was parsed at the end
/// (measured: 20 pages fetched by 50 ms, all parsed at ~107 ms) and 3,000 pages of 1 MiB piled
/// up until the module ran out of memory.
#[cfg(feature = "threads")]
fn on_pool<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> impl Future<Output = Result<T, String>> {
    let (tx, rx) = futures::channel::oneshot::channel();
    rayon::spawn(move || {
        let _ = tx.send(f());
    });
    async move {
        rx.await
            .map_err(|_| "the pool thread stopped before finishing (a panic?)".to_string())
    }
}

/// The single-threaded build has no pool: `f` runs right here, on the worker's own thread, and
/// blocks its event loop until it returns. So no progress is posted during it (the result comes
/// all at once) and a Cancel is only seen afterwards (the page then replaces the worker after its
/// grace period). Acceptable for the one pool-less strategy that calls this, cpu-sequential.
#[cfg(not(feature = "threads"))]
fn on_pool<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> impl Future<Output = Result<T, String>> {
    let done = f();
    async move { Ok(done) }
}

async fn run_cpu(
    strategy: Strategy,
    params: &Params,
    clock: impl Fn() -> f64 + Send + Sync + Copy + 'static,
    progress: Progress,
) -> Outcome {
    let job = CpuJob {
        stop: &CANCEL,
        ..CpuJob::new(params.kernel, params.tasks, params.work)
    };
    if strategy == Strategy::CpuWorkerPerTask {
        return cpu_worker_per_task(job, clock, progress).await;
    }
    let threads = pool_threads();
    let run = on_pool(move || {
        let on_span = |s: Span| progress.record(s);
        match strategy {
            Strategy::CpuSequential => cpu::cpu_sequential(&job, &clock, &on_span),
            Strategy::CpuRayon => cpu::cpu_rayon(&job, &clock, &on_span),
            Strategy::CpuStaticChunks => cpu::cpu_static_chunks(&job, threads, &clock, &on_span),
            _ => cpu::cpu_queue(&job, threads, &clock, &on_span),
        }
    })
    .await?;
    let detail = if params.kernel == crate::workload::Kernel::Squares && params.tasks <= 50 {
        json!({ "values": run.values })
    } else {
        serde_json::Value::Null
    };
    Ok((run, detail))
}

#[wasm_bindgen(inline_js = "
export function spawn_task_worker(module, kernel, task, tasks, work) {
  // One short-lived Worker per task: a `threading.Thread` or a process per task. It gets its own
  // instance and memory of the already-compiled module, runs one task and ends.
  const url = new URL('task-worker.js', self.location.href);
  const spawnedAt = performance.timeOrigin + performance.now();
  const worker = new Worker(url, { type: 'module' });
  return new Promise((resolve, reject) => {
    worker.onmessage = ({ data }) => {
      worker.terminate();
      if (data.error) reject(new Error(data.error));
      else resolve({ spawnedAt, ...data });
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(`task worker failed: ${e.message || 'script error'}`));
    };
    worker.postMessage({ module, kernel, task, tasks, work });
  });
}
")]
extern "C" {
    fn spawn_task_worker(
        module: JsValue,
        kernel: &str,
        task: u32,
        tasks: u32,
        work: u32,
    ) -> js_sys::Promise;
}

/// `threading.Thread(target=f)` (or a `Process`) per task: start all, join all.
///
/// Every task gets a brand-new Web Worker with its own wasm instance, which it must fetch its
/// script for, instantiate and start before any work happens. Expect the same parallelism as the
/// pool on big tasks, plus a start-up cost per task (`detail.startupMs`) that dominates small
/// ones: the reason pools exist. Lanes are task numbers, one worker each.
async fn cpu_worker_per_task(job: CpuJob, clock: impl Fn() -> f64, progress: Progress) -> Outcome {
    // Its `maxTasks` in spec.json; `Params::validate` refused more before the run started.
    let most = Strategy::CpuWorkerPerTask.max_tasks().unwrap_or(64);
    if job.tasks > most {
        return Err(format!(
            "cpu-worker-per-task starts one Web Worker per task; {} tasks is over its limit of \
             {most} (use a pool strategy for more)",
            job.tasks
        ));
    }
    let kernel = serde_json::to_value(job.kernel)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default();
    let t0 = now_ms() - clock();
    let module = wasm_bindgen::module();
    let started: Vec<_> = (0..job.tasks)
        .map(|i| {
            JsFuture::from(spawn_task_worker(
                module.clone(),
                &kernel,
                i,
                job.tasks,
                job.work,
            ))
        })
        .collect();
    let outcomes = future::join_all(started.into_iter().enumerate().map(|(i, f)| {
        let progress = progress.clone();
        async move {
            let reply = f.await;
            let field = |obj: &JsValue, name: &str| {
                js_sys::Reflect::get(obj, &name.into())
                    .ok()
                    .and_then(|v| v.as_f64())
                    .unwrap_or(0.0)
            };
            let (span, startup, value) = match reply {
                Ok(obj) => {
                    let spawned = field(&obj, "spawnedAt") - t0;
                    let kernel_start = field(&obj, "startedAt") - t0;
                    let end = field(&obj, "endedAt") - t0;
                    let span = Span::new(i as u32, i as u32, spawned, end, true);
                    (
                        span,
                        kernel_start - spawned,
                        Ok(field(&obj, "value") as u64),
                    )
                }
                Err(e) => {
                    let now = now_ms() - t0;
                    (
                        Span::new(i as u32, i as u32, now, now, false),
                        0.0,
                        Err(describe(&e)),
                    )
                }
            };
            progress.record(span);
            (span, startup, value)
        }
    }))
    .await;
    let failures = outcomes
        .iter()
        .filter_map(|(s, _, v)| v.clone().err().map(|e| (s.task, e)))
        .collect();
    let values: Vec<u64> = outcomes
        .iter()
        .map(|(_, _, v)| *v.as_ref().unwrap_or(&0))
        .collect();
    let startup: Vec<f64> = outcomes.iter().map(|(_, s, _)| *s).collect();
    let run = Run {
        spans: outcomes.iter().map(|(s, _, _)| *s).collect(),
        checksum: values.iter().sum(),
        failures,
        values,
    };
    let mean = startup.iter().sum::<f64>() / startup.len().max(1) as f64;
    Ok((run, json!({ "startupMs": startup, "meanStartupMs": mean })))
}

async fn run_race(
    strategy: Strategy,
    params: &Params,
    clock: impl Fn() -> f64 + Send + Sync + Copy + 'static,
    progress: Progress,
) -> Outcome {
    let job = race::RaceJob {
        workers: params.tasks,
        increments: u64::from(params.work) * 1000,
        stop: &CANCEL,
    };
    let (run, count) = on_pool(move || {
        let on_span = |s: Span| progress.record(s);
        match strategy {
            Strategy::RaceUnsynchronized => race::race_unsynchronized(job, &clock, &on_span),
            Strategy::RaceAtomic => race::race_atomic(job, &clock, &on_span),
            _ => race::race_mutex(job, &clock, &on_span),
        }
    })
    .await?;
    Ok((run, serde_json::to_value(count).unwrap_or_default()))
}

async fn run_pipeline(
    strategy: Strategy,
    params: &Params,
    clock: impl Fn() -> f64 + Send + Sync + Copy + 'static,
    progress: Progress,
) -> Outcome {
    let nonce = RUN_NONCE.fetch_add(1, Ordering::Relaxed);
    let request = Requests::new(params);
    let fetch = |i: u32| request.text(task_url(&params.pages, params, nonce, i));
    let on_span = |s: Span| progress.record(s);
    // Hands a page to the pool now (`on_pool` spawns before returning); the future resolves
    // when a pool thread has parsed it (or skipped it, cancelled, if Cancel came first).
    // Each parse span is recorded where it ends, so live progress counts the task then (the
    // pipelines' own `on_span` sees only the fetch stage when the pool parses).
    let submit_parse = |i: u32, body: String| {
        let on_pool_progress = progress.clone();
        let parsed = on_pool(move || {
            let lane = rayon::current_thread_index().unwrap_or(0) as u32;
            let (span, outcome) = if cancelled() {
                let now = clock();
                let span = Span {
                    phase: Some(crate::report::Phase::Parse),
                    ..Span::with_status(i, lane, now, now, Status::Cancelled)
                };
                (span, Err(TaskError::Cancelled))
            } else {
                pipeline::timed_parse(i, lane, &body, &clock)
            };
            on_pool_progress.record(span);
            (span, outcome)
        });
        async move {
            parsed.await.unwrap_or_else(|e| {
                let now = clock();
                let span = Span {
                    phase: Some(crate::report::Phase::Parse),
                    ..Span::new(i, 0, now, now, false)
                };
                (span, Err(TaskError::Failed(e)))
            })
        }
    };
    let (tasks, k) = (params.tasks, params.concurrency);
    let run = match strategy {
        Strategy::PipelineSequential => {
            pipeline::pipeline_sequential(tasks, &clock, &on_span, fetch).await
        }
        Strategy::PipelineFetchThenParse => {
            pipeline::pipeline_fetch_then_parse(
                tasks,
                k,
                pipeline::HELD_PAGES_MAX_BYTES,
                &clock,
                &on_span,
                fetch,
                submit_parse,
            )
            .await
        }
        _ => pipeline::pipeline_overlapped(tasks, k, &clock, &on_span, fetch, submit_parse).await,
    };
    Ok((run, serde_json::Value::Null))
}

fn performance() -> web_sys::Performance {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
        .expect("the global object has `performance`")
        .unchecked_into()
}

/// Every answer in this worker's Resource Timing buffer (cleared at each fetch run's start):
/// when the browser sent the request and received its whole answer, in ms since `origin` (epoch
/// ms). Cross-origin answers need `Timing-Allow-Origin` for this; the mock API sends it.
fn wire_entries(origin: f64) -> Vec<WireEntry> {
    let perf = performance();
    let base = perf.time_origin() - origin;
    perf.get_entries_by_type("resource")
        .iter()
        .filter_map(|entry| entry.dyn_into::<web_sys::PerformanceResourceTiming>().ok())
        .filter(|t| t.request_start() > 0.0 && t.response_end() >= t.request_start())
        .map(|t| WireEntry {
            url: t.name(),
            sent_ms: base + t.request_start(),
            received_ms: base + t.response_end(),
        })
        .collect()
}

/// How this run's requests are made: cancellable, with the per-task timeout, and with failure
/// reasons in plain words.
struct Requests {
    timeout_ms: u32,
    /// A real target instead of the mock API: network errors then mostly mean CORS.
    real_target: bool,
    /// Resolves when the person cancels this run.
    stopped: Option<Stopped>,
    /// Lets the event loop turn during a long burst of starts, so a Cancel message gets in.
    pacer: std::cell::RefCell<StartPacer>,
    /// The open slice's timer (see [`StartPacer`]).
    turn: std::cell::RefCell<Option<LoopTurn>>,
}

/// How long a burst of request starts may hold this worker's thread before the rest wait for the
/// event loop to turn (see [`StartPacer`]): well inside the page's 100 ms cancel grace.
const START_SLICE_MS: f64 = 20.0;

/// A 0 ms timer: it fires when the event loop next turns, which is all it is for.
struct LoopTurn {
    turned: std::rc::Rc<std::cell::Cell<bool>>,
    fired: future::Shared<futures::channel::oneshot::Receiver<()>>,
    /// Cleared when dropped (the run is over, or a new slice has its own timer).
    _timer: gloo_timers::callback::Timeout,
}

impl LoopTurn {
    fn arm() -> LoopTurn {
        let turned = std::rc::Rc::new(std::cell::Cell::new(false));
        let (tell, fired) = futures::channel::oneshot::channel();
        let flag = turned.clone();
        let timer = gloo_timers::callback::Timeout::new(0, move || {
            flag.set(true);
            let _ = tell.send(());
        });
        LoopTurn {
            turned,
            fired: future::FutureExt::shared(fired),
            _timer: timer,
        }
    }
}

impl Requests {
    fn new(params: &Params) -> Requests {
        Requests {
            timeout_ms: params.timeout,
            real_target: !params.target.is_empty(),
            stopped: RUN_STOP.with(|c| c.borrow().as_ref().map(|(_, told)| told.clone())),
            pacer: std::cell::RefCell::new(StartPacer::new(START_SLICE_MS)),
            turn: std::cell::RefCell::new(None),
        }
    }

    /// Waits, if this start comes when a burst of starts has held the thread for a slice,
    /// until the event loop has turned (see [`StartPacer`]). Without it, "start everything"
    /// with 1,000 tasks held this thread for ~80 ms, so a Cancel pressed then came too late
    /// and the worker was terminated.
    async fn pace(&self) -> Result<(), TaskError> {
        loop {
            let turned = self.turn.borrow().as_ref().is_some_and(|t| t.turned.get());
            let fired = match self.pacer.borrow_mut().before_start(now_ms(), turned) {
                Pace::Go { new_slice: true } => {
                    *self.turn.borrow_mut() = Some(LoopTurn::arm());
                    return Ok(());
                }
                Pace::Go { new_slice: false } => return Ok(()),
                Pace::Wait => match self.turn.borrow().as_ref() {
                    Some(turn) => turn.fired.clone(),
                    None => return Ok(()),
                },
            };
            // `Err` only if the timer was dropped, i.e. a new slice has opened: ask again.
            let _ = self.unless_cancelled(fired).await?;
        }
    }

    /// `work`, or `Cancelled` the moment the person cancels, whichever comes first. The
    /// request is aborted too, but waiting for each abort to come back costs ~0.1-0.2 ms per
    /// request in the threaded build (the browser rejects each fetch, and wasm-bindgen-futures'
    /// multithreaded executor wakes for each): with 1,000 in flight a cooperative Cancel took
    /// 80-170 ms, past the 100 ms the page waits before terminating the worker (and losing the
    /// failure reasons). Raced, the whole strategy ends in one poll.
    async fn unless_cancelled<T>(&self, work: impl Future<Output = T>) -> Result<T, TaskError> {
        let Some(stopped) = self.stopped.clone() else {
            return Ok(work.await);
        };
        futures::pin_mut!(work);
        match future::select(work, stopped).await {
            Either::Left((value, _)) => Ok(value),
            Either::Right((Ok(()), _)) => Err(TaskError::Cancelled),
            // The run ended (its sender dropped) without a cancel: just finish.
            Either::Right((Err(_), work)) => Ok(work.await),
        }
    }

    /// One GET whose whole body is read, so the span covers the download too. `Ok` carries the
    /// body size (summed into the checksum) and the absolute URL that answered (the key of its
    /// Resource Timing entry).
    async fn bytes(&self, url: String, no_store: bool) -> Result<(u64, String), TaskError> {
        let (response, guard) = self.send(&url, no_store).await?;
        let body = self.unless_cancelled(response.binary()).await?;
        let body = guard.check(body.map_err(|_| self.broke_while_reading()))?;
        Ok((body.len() as u64, response.url()))
    }

    async fn text(&self, url: String) -> Result<String, TaskError> {
        let (response, guard) = self.send(&url, true).await?;
        let body = self.unless_cancelled(response.text()).await?;
        guard.check(body.map_err(|_| self.broke_while_reading()))
    }

    async fn send(
        &self,
        url: &str,
        no_store: bool,
    ) -> Result<(gloo_net::http::Response, Abortable), TaskError> {
        self.pace().await?;
        // A task that has not started when Cancel comes is cancelled without sending anything.
        if cancelled() {
            return Err(TaskError::Cancelled);
        }
        let guard = Abortable::new(self.timeout_ms)?;
        let mut request = Request::get(url).abort_signal(guard.signal.as_ref());
        if no_store {
            request = request.cache(web_sys::RequestCache::NoStore);
        }
        let response = self.unless_cancelled(request.send()).await?;
        let response = guard.check(response.map_err(|_| self.network_error(url)))?;
        if !response.ok() {
            let text = response.status_text();
            return Err(TaskError::Failed(
                format!("HTTP {} {text}", response.status())
                    .trim_end()
                    .to_string(),
            ));
        }
        Ok((response, guard))
    }

    fn network_error(&self, url: &str) -> String {
        if self.real_target {
            let host = web_sys::Url::new(url).map(|u| u.host()).unwrap_or_default();
            format!(
                "network error: {host} is unreachable, or it refused this page by CORS (the \
                 answer must carry Access-Control-Allow-Origin; the browser does not say which)"
            )
        } else {
            "network error: the connection closed without an answer".to_string()
        }
    }

    fn broke_while_reading(&self) -> String {
        "the connection broke while the body was arriving".to_string()
    }
}

/// The signal one request is sent with: aborted by Cancel (the run's controller) or by the
/// per-task timeout, whichever comes first. Telling which one fired, after the fact, is how a
/// failure becomes `cancelled` or `timed out`.
struct Abortable {
    signal: Option<web_sys::AbortSignal>,
    run: Option<web_sys::AbortSignal>,
    timeout: Option<(web_sys::AbortSignal, u32)>,
}

impl Abortable {
    fn new(timeout_ms: u32) -> Result<Abortable, TaskError> {
        let run = RUN_ABORT.with(|c| c.borrow().as_ref().map(|c| c.signal()));
        let timeout = (timeout_ms > 0).then(|| {
            (
                web_sys::AbortSignal::timeout_with_u32(timeout_ms),
                timeout_ms,
            )
        });
        // AbortSignal.any (Chrome 116, Firefox 124, Safari 17.4) only when there are two
        // signals to combine: without a timeout, older browsers still get Cancel.
        let signal = match (&run, &timeout) {
            (Some(run), Some((t, _))) => {
                Some(web_sys::AbortSignal::any(&js_sys::Array::of2(run, t)))
            }
            (Some(run), None) => Some(run.clone()),
            (None, Some((t, _))) => Some(t.clone()),
            (None, None) => None,
        };
        Ok(Abortable {
            signal,
            run,
            timeout,
        })
    }

    /// Passes a success through; a failure of an aborted request is `cancelled` or
    /// `timed out`, whatever error the browser reported for the abort.
    fn check<T>(&self, outcome: Result<T, String>) -> Result<T, TaskError> {
        let reason = match outcome {
            Ok(value) => return Ok(value),
            Err(reason) => reason,
        };
        if self.run.as_ref().is_some_and(|s| s.aborted()) {
            return Err(TaskError::Cancelled);
        }
        match &self.timeout {
            Some((t, ms)) if t.aborted() => {
                Err(TaskError::Failed(format!("timed out after {ms} ms")))
            }
            _ => Err(TaskError::Failed(reason)),
        }
    }
}

fn describe(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}
