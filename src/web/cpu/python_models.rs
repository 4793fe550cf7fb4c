//! The glue of the two CPU strategies that model one-at-a-time execution: threads under the GIL
//! on the pool, and coroutines on this worker's own event loop.

use crate::family::cpu::detail::{LoopBlocked, Switches};
use crate::family::cpu::event_loop::{cpu_event_loop, LoopWatch};
use crate::family::cpu::threads_gil::cpu_threads_gil;
use crate::family::cpu::CpuJob;
use crate::model::{RunClock, Span};
use crate::report::{Detail, Outcome};
use crate::web::pool;
use crate::web::progress::Progress;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// `cpu-threads-gil` on the pool's threads, with how often the lock changed hands.
pub async fn threads_gil(job: CpuJob, clock: impl RunClock, progress: Progress) -> Outcome {
    let threads = pool::threads();
    let gil = pool::start_work(move || {
        cpu_threads_gil(&job, threads, &clock, &|s: Span| progress.record(s))
    })
    .await?;
    let detail = Detail::Switches(Switches {
        gil_switches: gil.switches,
    });
    Ok((gil.run, Some(detail)))
}

/// `cpu-event-loop` on this worker's thread, with a 0 ms ticker beside it whose longest wait is
/// how long the loop could not answer.
pub async fn event_loop(job: CpuJob, clock: impl RunClock, progress: Progress) -> Outcome {
    let watch = Rc::new(RefCell::new(LoopWatch::default()));
    let done = Rc::new(Cell::new(false));
    let (ticker_watch, ticker_done) = (watch.clone(), done.clone());
    wasm_bindgen_futures::spawn_local(async move {
        while !ticker_done.get() {
            ticker_watch.borrow_mut().tick(clock());
            gloo_timers::future::TimeoutFuture::new(0).await;
        }
    });
    let turn = || gloo_timers::future::TimeoutFuture::new(0);
    let run = cpu_event_loop(&job, &clock, &|s: Span| progress.record(s), turn).await;
    // One last turn, so a long last task shows as a gap too.
    gloo_timers::future::TimeoutFuture::new(0).await;
    done.set(true);
    let seen = *watch.borrow();
    let detail = Detail::LoopBlocked(LoopBlocked {
        longest_blocked_ms: seen.longest_gap_ms,
        ticks: seen.ticks,
    });
    Ok((run, Some(detail)))
}
