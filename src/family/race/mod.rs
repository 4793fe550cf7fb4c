//! The race condition (seed 004): `workers` workers each add 1 to one shared counter
//! `increments` times, three ways. Expect the unsynchronised counter to end below
//! `workers x increments` as soon as two workers really run at once (lost updates), and the
//! atomic and mutex counters to be exact, the mutex slowest.

use crate::model::{Clock, OnSpan, Run, Span, Status, StopFlag, NEVER_STOP};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// A race strategy: its run on the current rayon pool, and the counter at the end.
pub type RaceFn = fn(RaceJob, &Clock<'_>, &OnSpan<'_>) -> (Run, Count);

/// The counter at the end of a race.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Count {
    /// Increments the workers made: `workers x increments`, or fewer after a Cancel.
    pub expected: u64,
    pub actual: u64,
    pub lost: u64,
}

/// What every race strategy runs: `workers` workers that each add 1 `increments` times.
#[derive(Debug, Clone, Copy)]
pub struct RaceJob {
    pub workers: u32,
    pub increments: u64,
    /// Raised by Cancel. Each worker checks it every `CHECK_STOP_EVERY` increments and stops
    /// there; its task then ends `cancelled`, and the count covers the increments made so far
    /// (a million increments with the lock take seconds, too long to wait for the next task).
    pub stop: StopFlag,
}

impl RaceJob {
    /// A race nobody can cancel.
    pub const fn new(workers: u32, increments: u64) -> RaceJob {
        RaceJob {
            workers,
            increments,
            stop: &NEVER_STOP,
        }
    }
}

/// Increments between two looks at the stop flag: a relaxed load per 16,384 increments costs
/// nothing measurable, and even the mutex gets through that many in a few ms.
const CHECK_STOP_EVERY: u64 = 16_384;

/// Runs the job's workers on the pool, each calling `bump` until it has made its increments or
/// the job is stopped.
fn race(
    job: RaceJob,
    clock: &Clock<'_>,
    on_span: &OnSpan<'_>,
    bump: &(dyn Fn() + Sync),
    read: &dyn Fn() -> u64,
) -> (Run, Count) {
    let RaceJob {
        workers,
        increments,
        stop,
    } = job;
    let made = AtomicU64::new(0);
    // The first round starts together, or a late-waking thread could race nobody; the wait is
    // bounded, so more workers than threads cannot deadlock.
    let arrived = AtomicU64::new(0);
    let together = u64::from(workers).min(rayon::current_num_threads() as u64);
    let mut spans: Vec<Span> = (0..workers)
        .into_par_iter()
        // One worker per split, so workers really run side by side on different threads.
        .with_max_len(1)
        .map(|w| {
            let lane = rayon::current_thread_index().unwrap_or(0) as u32;
            arrived.fetch_add(1, Ordering::SeqCst);
            // `clock`, not `Instant`: wasm32-unknown-unknown has no `Instant`.
            let waiting_since = clock();
            while arrived.load(Ordering::SeqCst) < together
                && clock() - waiting_since < 100.0
                && !stop.load(Ordering::Relaxed)
            {
                std::hint::spin_loop();
            }
            let start = clock();
            let mut done = 0;
            while done < increments && !stop.load(Ordering::Relaxed) {
                let chunk = (increments - done).min(CHECK_STOP_EVERY);
                for _ in 0..chunk {
                    bump();
                }
                done += chunk;
            }
            made.fetch_add(done, Ordering::Relaxed);
            let status = if done == increments {
                Status::Ok
            } else {
                Status::Cancelled
            };
            let span = Span::with_status(w, lane, start, clock(), status);
            on_span(span);
            span
        })
        .collect();
    spans.sort_by_key(|s| s.task);
    let expected = made.load(Ordering::SeqCst);
    let actual = read();
    let run = Run {
        spans,
        checksum: actual,
        failures: Vec::new(),
        values: Vec::new(),
    };
    let lost = expected.saturating_sub(actual);
    (
        run,
        Count {
            expected,
            actual,
            lost,
        },
    )
}

/// The step between reading the counter and writing it back, as wide as CPython's four
/// bytecodes for `counter += 1`: with a bare `load; add; store`, workers taking turns on one
/// busy core often lost nothing at all.
fn add_one(seen: u64) -> u64 {
    let mut v = seen;
    for _ in 0..WINDOW_STEPS {
        v = std::hint::black_box(v);
    }
    v + 1
}

/// See [`add_one`]: enough to make the read-to-write window most of each increment.
const WINDOW_STEPS: u32 = 16;

/// `counter += 1` in Python threads: read the value, add one, write it back, as separate
/// steps. Another worker's write between the read and the write is overwritten: a lost update.
///
/// Written with a relaxed atomic load and a separate store, which is exactly that race without
/// undefined behaviour. Expect `lost > 0` with 2+ workers on 2+ threads; with one worker, or
/// one pool thread, nothing is lost — the bug hides until there is real parallelism.
pub fn race_unsynchronized(job: RaceJob, clock: &Clock<'_>, on_span: &OnSpan<'_>) -> (Run, Count) {
    let counter = AtomicU64::new(0);
    let bump = || {
        let seen = counter.load(Ordering::Relaxed);
        counter.store(add_one(seen), Ordering::Relaxed);
    };
    race(job, clock, on_span, &bump, &|| {
        counter.load(Ordering::SeqCst)
    })
}

/// `counter += 1` made indivisible with an atomic read-modify-write (`fetch_add`), like an
/// `itertools.count()` shared between threads or `multiprocessing.Value` with its lock.
///
/// Expect an exact count and a cost between the other two: the cores pass the counter's cache
/// line back and forth.
pub fn race_atomic(job: RaceJob, clock: &Clock<'_>, on_span: &OnSpan<'_>) -> (Run, Count) {
    let counter = AtomicU64::new(0);
    let bump = || {
        counter.fetch_add(1, Ordering::Relaxed);
    };
    race(job, clock, on_span, &bump, &|| {
        counter.load(Ordering::SeqCst)
    })
}

/// `with lock: counter += 1` — `threading.Lock` around the read-modify-write.
///
/// Expect an exact count and the slowest time: every increment takes and releases the lock, and
/// workers wait for each other. The same read-to-write step as the unsynchronised counter runs
/// inside the lock.
pub fn race_mutex(job: RaceJob, clock: &Clock<'_>, on_span: &OnSpan<'_>) -> (Run, Count) {
    let counter = Mutex::new(0u64);
    let bump = || {
        let mut c = counter.lock().unwrap_or_else(|e| e.into_inner());
        *c = add_one(*c);
    };
    race(job, clock, on_span, &bump, &|| {
        *counter.lock().unwrap_or_else(|e| e.into_inner())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::testing::pool;
    use std::sync::atomic::AtomicBool;

    #[test]
    fn atomic_and_mutex_are_exact() {
        let clock = || 0.0;
        let p = pool(2);
        let (_, a) = p.install(|| race_atomic(RaceJob::new(4, 50_000), &clock, &|_| {}));
        let (_, m) = p.install(|| race_mutex(RaceJob::new(4, 50_000), &clock, &|_| {}));
        for c in [a, m] {
            assert_eq!(
                c,
                Count {
                    expected: 200_000,
                    actual: 200_000,
                    lost: 0
                }
            );
        }
    }

    #[test]
    fn cancel_stops_every_worker_mid_count_and_the_count_covers_what_was_made() {
        // Billions of increments: without the stop checks this would run for minutes.
        let stop: &'static AtomicBool = Box::leak(Box::new(AtomicBool::new(false)));
        let job = RaceJob {
            workers: 3,
            increments: 4_000_000_000,
            stop,
        };
        let raise = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(100));
            stop.store(true, Ordering::Relaxed);
        });
        let started = std::time::Instant::now();
        let (run, count) = pool(2).install(|| race_mutex(job, &|| 0.0, &|_| {}));
        raise.join().unwrap();
        assert!(
            started.elapsed().as_secs() < 10,
            "stopped at the next check"
        );
        assert!(run.spans.iter().all(|s| s.status() == Status::Cancelled));
        assert_eq!(run.spans.len(), 3);
        assert!(count.expected > 0 && count.expected < 3 * 4_000_000_000);
        assert_eq!(count.expected % CHECK_STOP_EVERY, 0, "whole chunks");
        assert_eq!(
            (count.actual, count.lost),
            (count.expected, 0),
            "the mutex is exact"
        );

        // Raised before the start: nothing is counted and every worker is cancelled.
        let (run, count) = pool(2).install(|| race_atomic(job, &|| 0.0, &|_| {}));
        assert!(run.spans.iter().all(|s| s.status() == Status::Cancelled));
        assert_eq!(count.expected, 0);
    }

    #[test]
    fn one_worker_loses_nothing() {
        let (_, c) =
            pool(2).install(|| race_unsynchronized(RaceJob::new(1, 100_000), &|| 0.0, &|_| {}));
        assert_eq!(c.lost, 0);
    }

    #[test]
    fn unsynchronized_workers_lose_updates() {
        // Needs two cores really running at once; CI machines here have 2. Retry a few times,
        // since one run can in principle interleave perfectly.
        if std::thread::available_parallelism().map_or(1, |n| n.get()) < 2 {
            return;
        }
        let p = pool(2);
        let lost = (0..5).any(|_| {
            p.install(|| race_unsynchronized(RaceJob::new(2, 2_000_000), &|| 0.0, &|_| {}))
                .1
                .lost
                > 0
        });
        assert!(
            lost,
            "two unsynchronised workers should lose at least one update"
        );
    }
}
