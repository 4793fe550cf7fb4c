//! The rayon pool of Web Workers and what depends on it: starting and warming it up (threaded
//! build), the panic hook, running CPU work off or on this worker's thread, and which
//! strategies can run in this build.
//!
//! The single-threaded build (no `threads` feature) has no pool: the strategies that need one
//! are refused, and the rest of its CPU work runs on the worker's own thread.

use crate::plan::{plan, CpuPlan, Plan};
use crate::strategy::Strategy;
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Mutex;

/// Threads in the rayon pool, 0 until [`start`] has finished.
///
/// rayon's global pool can be built once per module instance, and a `par_iter` that runs before
/// it exists silently builds a one-thread pool (and makes the later init fail), so every CPU
/// strategy checks this before it touches rayon.
static POOL_THREADS: AtomicU32 = AtomicU32::new(0);

/// Set by the panic hook, in whichever thread panicked. A panic in a pool thread aborts that
/// thread's Web Worker (wasm32 panics abort), so nothing would ever resolve the run waiting
/// for it; the run's ticker polls this instead and fails the run with the message.
static PANICKED: AtomicBool = AtomicBool::new(false);
static PANIC_MESSAGE: Mutex<String> = Mutex::new(String::new());

/// Threads in the pool, or 0 if it has not been started (or this build has none).
pub fn threads() -> u32 {
    POOL_THREADS.load(Ordering::SeqCst)
}

#[cfg(feature = "threads")]
const ALREADY_RUNNING: &str = "the pool is already running; rayon's global pool can be built \
                               once per worker, so start a new worker to resize it";

/// Builds the rayon pool of `threads` Web Workers (wasm-bindgen-rayon) and resolves to its
/// size; [`warm_up`] is run apart, after the page has been told the pool is ready.
#[cfg(feature = "threads")]
pub async fn start(threads: u32) -> Result<u32, String> {
    install_panic_hook();
    if threads == 0 {
        return Err("the pool needs at least one thread".into());
    }
    if self::threads() != 0 {
        return Err(ALREADY_RUNNING.into());
    }
    wasm_bindgen_futures::JsFuture::from(wasm_bindgen_rayon::init_thread_pool(threads as usize))
        .await
        .map_err(|e| format!("the thread pool did not start: {}", super::js::describe(&e)))?;
    let n = rayon::current_num_threads() as u32;
    let _ = super::js::performance().mark("boot:threads");
    POOL_THREADS.store(n, Ordering::SeqCst);
    Ok(n)
}

/// Runs a little of each CPU kernel on every pool thread before anything is measured.
///
/// V8 first runs wasm with its baseline compiler and tiers hot functions up later, and the
/// first measured strategy would pay for that. It blocks the calling worker, so a run asked
/// for meanwhile starts after it. Does nothing before the pool runs.
#[cfg(feature = "threads")]
pub fn warm_up() {
    use crate::family::cpu::{cpu_rayon, CpuJob, Kernel};
    let threads = self::threads();
    if threads == 0 {
        return;
    }
    for kernel in [Kernel::Primes, Kernel::Mandelbrot, Kernel::Sha256] {
        cpu_rayon(&CpuJob::new(kernel, threads * 4, 20), &|| 0.0, &|_| {});
    }
}

/// Records a panic's message for the page, from any thread, before wasm aborts.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let mut message = PANIC_MESSAGE.lock().unwrap_or_else(|e| e.into_inner());
        if message.is_empty() {
            *message = info.to_string();
        }
        PANICKED.store(true, Ordering::SeqCst);
    }));
}

pub fn panicked() -> bool {
    PANICKED.load(Ordering::SeqCst)
}

/// The message of the panic that broke this module instance, or "" if none happened.
pub fn panic_message() -> String {
    PANIC_MESSAGE.lock().map(|m| m.clone()).unwrap_or_default()
}

/// Panics in a pool thread and resolves, once the hook has seen it, to the panic's message.
#[cfg(feature = "threads")]
pub async fn panic_in_a_pool_thread() -> String {
    rayon::spawn(|| panic!("deliberate panic in a pool thread (test trigger)"));
    while !panicked() {
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
    panic_message()
}

/// Starts `f` **now** and returns a future of its result.
///
/// Threaded build: `f` goes to a pool thread, and the future awaits it without blocking this
/// worker's event loop (so progress keeps flowing and fetches keep running). Not an `async fn`,
/// which would spawn only when first polled: the overlapped pipeline polls its parses only after
/// the last fetch, and would hold every page until then.
#[cfg(feature = "threads")]
pub fn start_work<T: Send + 'static>(
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

/// Starts `f` **now** and returns a future of its result.
///
/// Single-threaded build: there is no pool, so `f` runs right here, on the worker's own thread,
/// and blocks its event loop until it returns: no progress is posted meanwhile and a Cancel is
/// seen only afterwards (the page replaces the worker after its grace period). Only
/// cpu-sequential gets here: the rest of the work that calls this needs the pool.
#[cfg(not(feature = "threads"))]
pub fn start_work<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> impl Future<Output = Result<T, String>> {
    let done = f();
    async move { Ok(done) }
}

/// Whether this build can run `strategy` at all: the single-threaded one has no pool.
pub fn runs_in_this_build(strategy: Strategy) -> bool {
    cfg!(feature = "threads") || !strategy.needs_pool()
}

/// Whether `strategy` computes on the pool in this build: those that need it, and a CPU
/// function that does not (cpu-sequential), which the threaded build runs on a pool thread to
/// keep this one free.
fn computes_on_the_pool(strategy: Strategy) -> bool {
    let on_pool = matches!(plan(strategy), Plan::Cpu(CpuPlan::OnPool(_)));
    cfg!(feature = "threads") && (strategy.needs_pool() || on_pool)
}

/// Why `strategy` cannot run in this module instance now, in plain words (www/params.js says
/// the same about the single-threaded build), or `Ok` if it can.
pub fn check_runnable(strategy: Strategy) -> Result<(), String> {
    if !runs_in_this_build(strategy) {
        let ids = |fetch: bool, pool: bool| -> Vec<&str> {
            Strategy::ALL
                .iter()
                .filter(|s| s.is_fetch() == fetch && s.needs_pool() == pool)
                .map(|s| s.id())
                .collect()
        };
        let others = ids(false, false);
        let (last, rest) = others.split_last().unwrap_or((&"", &[]));
        let fetch = match ids(true, true) {
            but if but.is_empty() => "the fetch strategies".to_string(),
            but => format!("the fetch strategies but {}", but.join(", ")),
        };
        return Err(format!(
            "{} needs the thread pool, which needs a cross-origin isolated page \
             (SharedArrayBuffer); this page is not, so only {fetch}, {} and {last} run here",
            strategy.id(),
            rest.join(", ")
        ));
    }
    if computes_on_the_pool(strategy) && threads() == 0 {
        return Err(format!(
            "{} needs the thread pool, and it is not running (startPool was not called or \
             failed)",
            strategy.id()
        ));
    }
    Ok(())
}

/// The strategies of `selected` this build runs, refusing a list of only those it cannot.
pub fn runnable_here(selected: &[Strategy]) -> Result<Vec<Strategy>, String> {
    let runnable: Vec<Strategy> = selected
        .iter()
        .copied()
        .filter(|s| runs_in_this_build(*s))
        .collect();
    if let (true, Some(&first)) = (runnable.is_empty(), selected.first()) {
        check_runnable(first)?;
    }
    Ok(runnable)
}
