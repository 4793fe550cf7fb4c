//! Scheduling: running `n` asynchronous tasks with at most `k` in flight.
//!
//! One helper serves every fetch strategy, because the three differ only in `k`:
//! `k = 1` is the plain loop, `k = n` is `asyncio.gather`, anything between is
//! `ThreadPoolExecutor(max_workers=k)`. It is plain `futures` code, so it is tested on the host
//! with fake tasks; the browser glue passes a closure that really calls `fetch`.

use crate::model::{failures_of, status_of, Run, Span, TaskOutcome};
use std::cell::{Cell, RefCell};
use std::future::Future;

/// Runs tasks `0..n` with at most `k` in flight (`k` is clamped to `1..=n`).
///
/// Models a pool of `k` workers pulling the next task index from a shared queue: a worker starts
/// task `i + 1` the moment it finishes one, so slow tasks never hold a slot idle. The lane of a
/// span is the worker (in-flight slot) that ran it. `clock` gives ms on a shared clock;
/// `on_done(done, span)` is called after each task with the number finished so far.
/// Cancellation is the task's business: a task that sees the run cancelled returns
/// `Err(TaskError::Cancelled)` at once, so every task still gets exactly one span.
pub async fn run_bounded<F, Fut>(
    n: u32,
    k: u32,
    clock: &dyn Fn() -> f64,
    on_done: &dyn Fn(u32, &Span),
    task: F,
) -> Run
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = TaskOutcome>,
{
    let k = k.clamp(1, n.max(1));
    let next = Cell::new(0u32);
    let done = Cell::new(0u32);
    let results: RefCell<Vec<(Span, TaskOutcome)>> = RefCell::new(Vec::with_capacity(n as usize));

    let worker = |lane: u32| {
        let (next, done, results, task) = (&next, &done, &results, &task);
        async move {
            loop {
                let i = next.get();
                if i >= n {
                    break;
                }
                next.set(i + 1);
                let start_ms = clock();
                let outcome = task(i).await;
                let end_ms = clock();
                let span = Span::with_status(i, lane, start_ms, end_ms, status_of(&outcome));
                results.borrow_mut().push((span, outcome));
                done.set(done.get() + 1);
                on_done(done.get(), &span);
            }
        }
    };
    futures::future::join_all((0..k).map(worker)).await;

    let mut results = results.into_inner();
    results.sort_by_key(|(s, _)| s.task);
    let values: Vec<u64> = results
        .iter()
        .map(|(_, o)| o.as_ref().map_or(0, |v| *v))
        .collect();
    let failures = failures_of(results.iter().map(|(s, o)| (s.task, o)));
    Run {
        spans: results.into_iter().map(|(s, _)| s).collect(),
        checksum: values.iter().sum(),
        failures,
        values,
    }
}

/// Decides when starting requests must pause to let the browser's event loop turn, so that a
/// Cancel posted during a burst of a thousand starts is seen within the page's grace.
///
/// The glue tells when the loop turns with a 0 ms timer: it fires at the loop's next turn. One
/// timer is out at a time, armed by the first start half a slice after the last turn seen; once
/// `slice_ms` have passed since that turn, every further start waits for the timer. Starts spread
/// out in time (one per answer, say) never wait, and arm about one timer per half slice, not one
/// each: a timer per start was a measurable share of a 0 ms request's cost. A start after a
/// pause of half a slice or more with no timer out counts as a turn: only a pause lets that
/// happen, since any start in the slice's second half arms the timer. It sees only the time the
/// starts themselves take: work they queue to run after them (the browser's `fetch` calls, as
/// promise reactions) holds the thread too, before the loop turns.
#[derive(Debug, Clone)]
pub struct StartPacer {
    slice_ms: f64,
    /// When the loop was last seen to turn; the first start counts as a turn.
    turned_at: Option<f64>,
    /// A timer is out: armed and not yet reported fired.
    armed: bool,
}

/// What a start should do, from [`StartPacer::before_start`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    /// Start now. `arm`: first arm a 0 ms timer, and report when it fired to a later call.
    Go { arm: bool },
    /// The slice is full: wait for the timer out (the loop to turn), then ask again.
    Wait,
}

impl StartPacer {
    pub fn new(slice_ms: f64) -> StartPacer {
        StartPacer {
            slice_ms,
            turned_at: None,
            armed: false,
        }
    }

    /// Called before each start, at `now` ms; `fired_at` is when the timer out fired, if it
    /// has since the last call.
    pub fn before_start(&mut self, now: f64, fired_at: Option<f64>) -> Pace {
        if let Some(at) = fired_at {
            self.turned_at = Some(at);
            self.armed = false;
        }
        let mut held = now - *self.turned_at.get_or_insert(now);
        if held >= self.slice_ms && !self.armed {
            // No start since the slice's half: a pause, not a burst.
            self.turned_at = Some(now);
            held = 0.0;
        }
        if held >= self.slice_ms {
            return Pace::Wait;
        }
        let arm = !self.armed && held >= self.slice_ms / 2.0;
        self.armed |= arm;
        Pace::Go { arm }
    }
}

/// Test helpers shared by the modules that schedule futures or threads.
#[cfg(test)]
pub(crate) mod testing {
    /// A logical clock that ticks on every read, so spans have a well-defined order.
    pub fn ticking() -> impl Fn() -> f64 {
        let t = std::cell::Cell::new(0.0);
        move || {
            t.set(t.get() + 1.0);
            t.get()
        }
    }

    /// A rayon pool of `threads` threads, for a test to `install` a strategy on.
    pub fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    }

    use std::future::Future;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    /// A future that yields `n` times before finishing: stands in for a request in flight.
    pub struct Yield(pub u32);
    impl Future for Yield {
        type Output = ();
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.0 == 0 {
                return Poll::Ready(());
            }
            self.0 -= 1;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{ticking, Yield};
    use super::*;
    use crate::model::{Status, TaskError};
    use crate::stats::tests::peak_overlap;
    use futures::executor::block_on;

    fn run(n: u32, k: u32) -> (Run, u32) {
        let in_flight = Cell::new(0u32);
        let peak = Cell::new(0u32);
        let clock = ticking();
        let r = block_on(run_bounded(n, k, &clock, &|_, _| {}, |i| {
            let (in_flight, peak) = (&in_flight, &peak);
            async move {
                in_flight.set(in_flight.get() + 1);
                peak.set(peak.get().max(in_flight.get()));
                Yield(3 + i % 4).await;
                in_flight.set(in_flight.get() - 1);
                if i == 4 {
                    Err(format!("task {i} failed").into())
                } else if i == 6 {
                    Err(TaskError::Cancelled)
                } else {
                    Ok(u64::from(i))
                }
            }
        }));
        (r, peak.get())
    }

    #[test]
    fn never_exceeds_k_and_reaches_it() {
        for (n, k) in [(10, 1), (10, 3), (10, 10), (3, 8)] {
            let (r, peak) = run(n, k);
            assert_eq!(peak, k.min(n), "n={n} k={k}");
            assert_eq!(peak_overlap(&r.spans), k.min(n));
            assert_eq!(r.spans.len(), n as usize);
            assert!(r.spans.iter().all(|s| s.lane < k.min(n)));
        }
    }

    #[test]
    fn every_task_runs_once_and_failures_are_kept() {
        let (r, _) = run(10, 3);
        let tasks: Vec<u32> = r.spans.iter().map(|s| s.task).collect();
        assert_eq!(tasks, (0..10).collect::<Vec<_>>());
        assert_eq!(
            r.checksum,
            (0..10u64).filter(|&i| i != 4 && i != 6).sum::<u64>()
        );
        assert_eq!(r.failures.first(), Some(&(4, "task 4 failed".to_string())));
        assert_eq!(r.failures, [(4, "task 4 failed".to_string())]);
        assert_eq!(r.spans[4].status(), Status::Failed);
        assert_eq!(r.spans[6].status(), Status::Cancelled);
        assert_eq!(r.spans[3].status(), Status::Ok);
    }

    #[test]
    fn sequential_spans_do_not_overlap() {
        let (r, _) = run(5, 1);
        for pair in r.spans.windows(2) {
            assert!(pair[0].end_ms <= pair[1].start_ms);
        }
    }

    #[test]
    fn reports_progress_up_to_n() {
        let seen = RefCell::new(Vec::new());
        let clock = ticking();
        block_on(run_bounded(
            4,
            2,
            &clock,
            &|d, _| seen.borrow_mut().push(d),
            |_| async { Ok(0) },
        ));
        assert_eq!(*seen.borrow(), [1, 2, 3, 4]);
    }

    #[test]
    fn zero_tasks_is_an_empty_run() {
        let clock = ticking();
        let r = block_on(run_bounded(0, 4, &clock, &|_, _| {}, |_| async { Ok(1) }));
        assert!(r.spans.is_empty() && r.checksum == 0 && r.failures.is_empty());
    }

    #[test]
    fn a_burst_of_starts_waits_for_the_loop_to_turn_every_slice() {
        let mut pacer = StartPacer::new(20.0);
        assert_eq!(pacer.before_start(100.0, None), Pace::Go { arm: false });
        // Back-to-back starts, 0.5 ms each, the loop never turning: 20 ms of them go, and the
        // timer is armed once, half way.
        let mut now = 100.5;
        let mut paces = vec![];
        while let pace @ Pace::Go { .. } = pacer.before_start(now, None) {
            paces.push(pace);
            now += 0.5;
        }
        assert_eq!(paces.len(), 39);
        assert_eq!(
            paces
                .iter()
                .filter(|p| **p == Pace::Go { arm: true })
                .count(),
            1
        );
        // Every further start of the burst waits for that timer, however many.
        assert_eq!(pacer.before_start(now + 5.0, None), Pace::Wait);
        // The loop turns at 130 (the timer fired): starts go for another 20 ms from then.
        assert_eq!(
            pacer.before_start(130.5, Some(130.0)),
            Pace::Go { arm: false }
        );
        assert_eq!(pacer.before_start(140.0, None), Pace::Go { arm: true });
        assert_eq!(pacer.before_start(149.9, None), Pace::Go { arm: false });
        assert_eq!(pacer.before_start(150.0, None), Pace::Wait);
    }

    #[test]
    fn one_slow_start_does_not_end_the_burst() {
        // The first starts of a run are the slowest (cold code): 5 ms each. Time, not the gaps
        // between starts, fills the slice, so the wait still comes after 20 ms.
        let mut pacer = StartPacer::new(20.0);
        let paces: Vec<Pace> = (0..6)
            .map(|i| pacer.before_start(f64::from(i) * 5.0, None))
            .collect();
        assert_eq!(
            paces,
            [
                Pace::Go { arm: false },
                Pace::Go { arm: false },
                Pace::Go { arm: true },
                Pace::Go { arm: false },
                Pace::Wait,
                Pace::Wait,
            ]
        );
    }

    #[test]
    fn starts_far_apart_never_wait_nor_arm() {
        // One start per 50 ms answer (fetch-sequential): each comes after a pause, no timer.
        let mut pacer = StartPacer::new(20.0);
        for i in 0..100u32 {
            assert_eq!(
                pacer.before_start(f64::from(i) * 50.0, None),
                Pace::Go { arm: false }
            );
        }
    }

    #[test]
    fn a_pause_ends_a_slice_but_a_timer_out_means_no_pause() {
        let mut pacer = StartPacer::new(20.0);
        assert_eq!(pacer.before_start(0.0, None), Pace::Go { arm: false });
        // A start at 12 ms arms the timer; a start at 25 ms, the timer not fired, waits: the
        // loop has not turned since 0, whatever the gap.
        assert_eq!(pacer.before_start(12.0, None), Pace::Go { arm: true });
        assert_eq!(pacer.before_start(25.0, None), Pace::Wait);
        assert_eq!(
            pacer.before_start(26.0, Some(25.5)),
            Pace::Go { arm: false }
        );
    }

    #[test]
    fn starts_with_the_loop_turning_between_them_arm_a_timer_per_half_slice() {
        // One start every 0.25 ms for a second, the timer firing 0.1 ms after it is armed: no
        // start waits, and about one timer goes out per 10 ms, not one per start.
        let mut pacer = StartPacer::new(20.0);
        let mut fires_at = None;
        let mut armed = 0;
        for i in 0..4000u32 {
            let now = f64::from(i) * 0.25;
            let fired = fires_at.filter(|at| *at <= now);
            if fired.is_some() {
                fires_at = None;
            }
            match pacer.before_start(now, fired) {
                Pace::Go { arm: true } => {
                    armed += 1;
                    fires_at = Some(now + 0.1);
                }
                Pace::Go { arm: false } => {}
                Pace::Wait => panic!("start {i} waited"),
            }
        }
        assert!((95..=101).contains(&armed), "{armed} timers armed");
    }
}
