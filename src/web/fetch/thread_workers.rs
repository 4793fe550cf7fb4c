//! `fetch-threads`' threads: Web Workers started on this module's shared memory (as
//! wasm-bindgen-rayon starts the pool's), beside the rayon pool. Each runs
//! [`thread_main`], which waits for a run, serves it with blocking requests
//! ([`crate::family::fetch::threads`]) and waits for the next: the threads are kept between runs, like the
//! rayon pool, so a run does not pay for starting Workers (tens of ms each, which an OS thread
//! does not cost); they are started before the run's clock starts ([`prepare`]).
//!
//! Cancel: the threads stop taking tasks at once. A synchronous request cannot be aborted from
//! another thread, so a thread still blocked after [`GRACE_MS`] is claimed and its Worker
//! terminated (it holds no lock then, see [`crate::family::fetch::threads`]); it is started afresh by the
//! next run. Its stack and the one run state it held are not freed (a few hundred KB).

use super::urls::{next_run_nonce, task_url};
use super::xhr;
use crate::family::fetch::detail::Workers;
use crate::family::fetch::threads::{Blocked, Board, Lane, LaneState, Worker};
use crate::gil::{Gil, SWITCH_INTERVAL_MS};
use crate::model::RunClock;
use crate::params::Params;
use crate::report::{Detail, Outcome};
use crate::web::cancel;
use crate::web::js::{describe, main_js, now_ms};
use crate::web::progress::Progress;
use std::cell::RefCell;
use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering};
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The most threads a run can have: `maxWorkers`' maximum in spec.json.
const MAX_THREADS: usize = 64;
/// How long Cancel waits for blocked threads to come back before terminating them.
pub const GRACE_MS: f64 = 100.0;
/// How often the owner looks at the board (progress, Cancel, the end).
const POLL_MS: u32 = 10;
/// Each thread's stack: its requests need little.
const STACK_BYTES: u32 = 256 * 1024;

static LANES: [Lane; MAX_THREADS] = [const { Lane::new() }; MAX_THREADS];
/// A run's state handed to each lane (an `Arc<Shared>` turned into a pointer), 0 = none.
static HANDOFF: [AtomicUsize; MAX_THREADS] = [const { AtomicUsize::new(0) }; MAX_THREADS];
/// Rung (incremented and notified) when a lane has a run waiting.
static BELLS: [AtomicI32; MAX_THREADS] = [const { AtomicI32::new(0) }; MAX_THREADS];
/// Never changes: a claimed thread waits on it until its Worker is gone.
static NEVER: AtomicI32 = AtomicI32::new(0);

thread_local! {
    /// The Workers of the lanes, held by the worker that owns the runs.
    static WORKERS: RefCell<Vec<Option<JsValue>>> = const { RefCell::new(Vec::new()) };
}

/// One run as the threads see it.
struct Shared {
    board: Board,
    gil: Gil,
    params: Params,
    nonce: u64,
}

/// The thread's script, started from a Blob (see the file's header for why).
const THREAD_SCRIPT: &str = include_str!("../../../www/worker/fetch-thread-worker.js");

#[wasm_bindgen(inline_js = "
let url;
export function spawn_thread(source, module, memory, mainJS, lane, stack) {
  // A Blob, as wasm-bindgen-rayon does, so it runs wherever the module is served from.
  url ??= URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url, { type: 'module', name: `fetch-threads ${lane}` });
  return new Promise((resolve, reject) => {
    const fail = (why) => {
      worker.terminate();
      reject(new Error(`fetch-threads: thread ${lane} did not start: ${why}`));
    };
    worker.onmessage = ({ data }) => (data.ready ? resolve(worker) : fail(data.error));
    worker.onerror = (e) => fail(e.message || 'script error');
    worker.postMessage({ module, memory, mainJS, lane, stack });
  });
}
export function terminate_worker(worker) {
  worker.terminate();
}
")]
extern "C" {
    fn spawn_thread(
        source: &str,
        module: JsValue,
        memory: JsValue,
        main_js: &str,
        lane: u32,
        stack: u32,
    ) -> js_sys::Promise;
    fn terminate_worker(worker: &JsValue);
}

/// Starts the lanes `0..k` that have no live thread, and waits until they all can take a run.
pub async fn prepare(k: u32) -> Result<(), String> {
    let k = (k as usize).min(MAX_THREADS);
    let missing: Vec<usize> = WORKERS.with(|w| {
        let mut w = w.borrow_mut();
        let len = w.len().max(k);
        w.resize(len, None);
        (0..k)
            .filter(|&lane| w[lane].is_none() || LANES[lane].state() == LaneState::Killed)
            .collect()
    });
    let url = main_js();
    let spawned = missing.iter().map(|&lane| {
        LANES[lane].set_idle();
        let memory = wasm_bindgen::memory();
        let promise = spawn_thread(
            THREAD_SCRIPT,
            wasm_bindgen::module(),
            memory,
            &url,
            lane as u32,
            STACK_BYTES,
        );
        async move { (lane, JsFuture::from(promise).await) }
    });
    for (lane, worker) in futures::future::join_all(spawned).await {
        let worker = worker.map_err(|e| describe(&e))?;
        WORKERS.with(|w| w.borrow_mut()[lane] = Some(worker));
    }
    Ok(())
}

/// A thread's life: wait for a run, serve it, wait for the next. Never returns.
pub fn thread_main(lane: u32) {
    let i = lane as usize;
    loop {
        let seen = BELLS[i].load(Ordering::SeqCst);
        let handed = HANDOFF[i].swap(0, Ordering::SeqCst);
        if handed != 0 {
            // SAFETY: `run` put an `Arc::into_raw` here for this lane, taken once (the swap).
            let shared = unsafe { Arc::from_raw(handed as *const Shared) };
            serve(&shared, lane);
            continue;
        }
        // SAFETY: a valid, aligned i32 of the shared memory; workers may block.
        unsafe { core::arch::wasm32::memory_atomic_wait32(BELLS[i].as_ptr(), seen, -1) };
    }
}

fn serve(shared: &Shared, lane: u32) {
    let clock = now_ms;
    let worker = Worker {
        board: &shared.board,
        lane: &LANES[lane as usize],
        lane_index: lane,
        gil: &shared.gil,
        clock: &clock,
    };
    let timeout = shared.params.timeout;
    worker.serve(&|task, w| {
        let url = task_url(&shared.params.api, &shared.params, shared.nonce, task);
        let request = match xhr::open(&url, timeout) {
            Ok(request) => request,
            Err(failure) => return Blocked::Returned(Err(failure)),
        };
        match w.blocked(task, || xhr::send(&request)) {
            Blocked::Returned(sent) => Blocked::Returned(xhr::answer(&request, sent)),
            Blocked::Claimed => park_forever(),
        }
    });
}

/// A claimed thread touches nothing more: it waits here until its Worker is terminated.
fn park_forever() -> ! {
    loop {
        // SAFETY: as in `thread_main`.
        unsafe { core::arch::wasm32::memory_atomic_wait32(NEVER.as_ptr(), 0, -1) };
    }
}

/// Runs `fetch-threads` on `k` threads (started by [`prepare`]).
pub async fn run(params: &Params, k: u32, clock: impl RunClock, progress: &Progress) -> Outcome {
    prepare(k).await?;
    let k = k.min(MAX_THREADS as u32);
    let shared = Arc::new(Shared {
        board: Board::new(params.tasks, now_ms() - clock(), params.timeout),
        gil: Gil::new(SWITCH_INTERVAL_MS),
        params: params.clone(),
        nonce: next_run_nonce(),
    });
    for lane in 0..k as usize {
        HANDOFF[lane].store(Arc::into_raw(shared.clone()) as usize, Ordering::SeqCst);
        BELLS[lane].fetch_add(1, Ordering::SeqCst);
        // SAFETY: a valid, aligned i32 of the shared memory.
        unsafe { core::arch::wasm32::memory_atomic_notify(BELLS[lane].as_ptr(), 1) };
    }
    let board = &shared.board;
    let mut shown = Shown::default();
    let (mut claimed, mut cancelled_at) = (0, None);
    while board.threads_left() + claimed < k {
        gloo_timers::future::TimeoutFuture::new(POLL_MS).await;
        shown.report(board, progress, clock());
        if cancel::cancelled() {
            board.stop();
            let at = *cancelled_at.get_or_insert(clock());
            if clock() - at >= GRACE_MS {
                claimed += claim_blocked(k, board, clock());
            }
        }
    }
    let run = board.run(clock());
    Ok((run, Some(Detail::Workers(Workers::threads(k)))))
}

/// Terminates the Workers of threads still blocked in a request; their tasks end cancelled.
fn claim_blocked(k: u32, board: &Board, now: f64) -> u32 {
    let mut claimed = 0;
    for (lane, state) in LANES.iter().enumerate().take(k as usize) {
        if let Some(task) = state.claim_blocked() {
            board.cancel_task(task, now);
            WORKERS.with(|w| {
                if let Some(worker) = w.borrow_mut()[lane].take() {
                    terminate_worker(&worker);
                }
            });
            claimed += 1;
        }
    }
    claimed
}

/// Which tasks' spans progress has seen.
#[derive(Default)]
struct Shown {
    seen: Vec<bool>,
    /// Every task below this has been seen.
    low: u32,
}

impl Shown {
    fn report(&mut self, board: &Board, progress: &Progress, now: f64) {
        let taken = board.taken();
        self.seen.resize(taken as usize, false);
        for task in self.low..taken {
            if !self.seen[task as usize] && board.ended(task) {
                self.seen[task as usize] = true;
                progress.record(board.span(task, now));
            }
        }
        while self.low < taken && self.seen[self.low as usize] {
            self.low += 1;
        }
    }
}
