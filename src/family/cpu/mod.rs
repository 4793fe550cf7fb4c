//! CPU strategies: the same tasks (a [`Kernel`]) spread over threads in different ways.
//!
//! Each function but [`cpu_worker_per_task`] runs on whatever rayon pool is current: in the
//! browser the wasm-bindgen-rayon pool of Web Workers, on the host a `ThreadPool::install` in the
//! tests. Lanes are rayon thread indices (or worker numbers, for the queue). `on_span` sees each
//! span as its task ends, from whichever thread ran it, so the page can draw the timeline while
//! the run goes on. [`cpu_worker_per_task`] uses no pool: its caller spawns a Worker per task.

pub mod detail;
pub mod event_loop;
pub mod kernels;
pub mod threads_gil;

pub use kernels::Kernel;

use crate::model::{Clock, OnSpan, Run, Span, Status, StopFlag, NEVER_STOP};
use detail::Startup;
use rayon::prelude::*;
use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};

/// A CPU strategy that runs on the current rayon pool, told the pool's thread count.
pub type OnPool = fn(&CpuJob, u32, &Clock<'_>, &OnSpan<'_>) -> Run;

/// What every CPU strategy runs: `tasks` tasks of `kernel` with `work` units each.
#[derive(Debug, Clone, Copy)]
pub struct CpuJob {
    pub kernel: Kernel,
    pub tasks: u32,
    pub work: u32,
    /// Raised by Cancel. Checked before each task and at every checkpoint inside one (see
    /// [`kernels::Checkpoint`]), so even a long task ends within a millisecond or so:
    /// the task that was running ends `cancelled`, as does every task not yet started.
    pub stop: StopFlag,
}

impl CpuJob {
    /// A job nobody can cancel.
    pub const fn new(kernel: Kernel, tasks: u32, work: u32) -> CpuJob {
        CpuJob {
            kernel,
            tasks,
            work,
            stop: &NEVER_STOP,
        }
    }

    /// Runs task `task` on `lane`, timing it, unless the job was stopped: then the task is
    /// cancelled without running, a zero-length span stamped by [`collect`].
    pub(crate) fn timed(
        &self,
        task: u32,
        lane: u32,
        clock: &Clock<'_>,
        on_span: &OnSpan<'_>,
    ) -> (Span, u64) {
        if self.stop.load(Ordering::Relaxed) {
            // No clock read or progress record per cancelled task: for a million of them that
            // costs more than the page's cancel grace, so `collect` stamps them all at once.
            let span = Span::with_status(task, lane, f64::NAN, f64::NAN, Status::Cancelled);
            return (span, 0);
        }
        let start_ms = clock();
        let keep_going = &mut || !self.stop.load(Ordering::Relaxed);
        let value = self
            .kernel
            .run_checked(task, self.tasks, self.work, keep_going);
        let status = if value.is_some() {
            Status::Ok
        } else {
            Status::Cancelled
        };
        let span = Span::with_status(task, lane, start_ms, clock(), status);
        on_span(span);
        (span, value.unwrap_or(0))
    }
}

fn this_thread() -> u32 {
    rayon::current_thread_index().unwrap_or(0) as u32
}

/// Orders the results by task and stamps the cancelled tasks with the time the run noticed
/// the stop (one clock read for all of them).
pub(crate) fn collect(mut results: Vec<(Span, u64)>, clock: &Clock<'_>) -> Run {
    // Only the queue collects out of task order, and a check is cheaper than sorting sorted input.
    if !results.is_sorted_by_key(|(s, _)| s.task) {
        results.sort_by_key(|(s, _)| s.task);
    }
    let mut stopped_at = None;
    for (span, _) in &mut results {
        if span.start_ms.is_nan() {
            let at = *stopped_at.get_or_insert_with(clock);
            (span.start_ms, span.end_ms) = (at, at);
        }
    }
    let values: Vec<u64> = results.iter().map(|(_, v)| *v).collect();
    Run {
        spans: results.into_iter().map(|(s, _)| s).collect(),
        checksum: values.iter().sum(),
        failures: Vec::new(),
        values,
    }
}

/// `for r in ranges: count_primes(r)` — every task on one thread, back to back.
///
/// The baseline. Expect one lane and a time that grows linearly with `tasks x work`.
pub fn cpu_sequential(job: &CpuJob, clock: &Clock<'_>, on_span: &OnSpan<'_>) -> Run {
    let lane = this_thread();
    collect(
        (0..job.tasks)
            .map(|i| job.timed(i, lane, clock, on_span))
            .collect(),
        clock,
    )
}

/// `multiprocessing.Pool().map(f, tasks)` as rayon does it: `par_iter` with work stealing.
///
/// The range of tasks is split in halves recursively; an idle thread steals the other half of
/// a busy one's range. Expect close to P x faster on P cores (1.94x measured on 2 cores from a
/// Worker), one lane per pool thread, and good balance even on the uneven Mandelbrot kernel.
/// Must run on an initialised pool: a `par_iter` before the pool exists silently runs on one
/// thread, so the browser glue refuses to call this until the pool is up.
pub fn cpu_rayon(job: &CpuJob, clock: &Clock<'_>, on_span: &OnSpan<'_>) -> Run {
    collect(
        (0..job.tasks)
            .into_par_iter()
            .map(|i| job.timed(i, this_thread(), clock, on_span))
            .collect(),
        clock,
    )
}

/// `multiprocessing.Pool(P).map(f, tasks, chunksize=ceil(tasks / P))` — static chunks.
///
/// The tasks are cut into `chunks` contiguous chunks up front, one per worker, and nobody
/// helps a worker whose chunk turned out slow. Expect the same time as `cpu-rayon` on even
/// kernels (primes, sha256) and a clearly longer one on Mandelbrot, where the middle chunk
/// holds the expensive rows: the timeline shows one lane finishing early and idling.
pub fn cpu_static_chunks(
    job: &CpuJob,
    chunks: u32,
    clock: &Clock<'_>,
    on_span: &OnSpan<'_>,
) -> Run {
    let chunks = chunks.clamp(1, job.tasks.max(1));
    let size = job.tasks.div_ceil(chunks);
    let results: Vec<Vec<(Span, u64)>> = (0..chunks)
        .into_par_iter()
        // One chunk per split: each chunk is a unit nobody can steal part of.
        .with_max_len(1)
        .map(|c| {
            let lane = this_thread();
            let end = ((c + 1) * size).min(job.tasks);
            (c * size..end)
                .map(|i| job.timed(i, lane, clock, on_span))
                .collect()
        })
        .collect();
    collect(results.into_iter().flatten().collect(), clock)
}

/// A task queue (seed 004's Celery-style workers, `queue.Queue` + worker threads): `workers`
/// workers each pull the next task index from one shared counter until it runs out.
///
/// Balance is as good as work stealing, at the cost of one atomic operation per task. Expect
/// about `cpu-rayon`'s time; with more workers than pool threads, the extra workers wait their
/// turn (lanes are worker numbers, not threads).
pub fn cpu_queue(job: &CpuJob, workers: u32, clock: &Clock<'_>, on_span: &OnSpan<'_>) -> Run {
    let next = AtomicU32::new(0);
    let workers = workers.clamp(1, job.tasks.max(1));
    let results: Vec<Vec<(Span, u64)>> = (0..workers)
        .into_par_iter()
        .with_max_len(1)
        .map(|w| {
            let mut mine = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= job.tasks {
                    break mine;
                }
                mine.push(job.timed(i, w, clock, on_span));
            }
        })
        .collect();
    collect(results.into_iter().flatten().collect(), clock)
}

/// What one task's own Worker reports, times in ms on the strategy's clock.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WorkerReply {
    /// When the caller created the Worker.
    pub spawned_ms: f64,
    /// When the Worker, instantiated, started the kernel.
    pub started_ms: f64,
    pub ended_ms: f64,
    /// The kernel's value.
    pub value: u64,
}

/// `threading.Thread(target=f)` (or a `Process`) per task: start all, join all.
///
/// `spawn(i)` must start task `i`'s brand-new Web Worker when called (the future only collects
/// its reply): every task's Worker has its own wasm instance, which it must fetch its script
/// for, instantiate and start before any work happens. Expect the same parallelism as the pool
/// on big tasks, plus a start-up cost per task (`detail.startupMs`) that dominates small ones:
/// the reason pools exist. Lanes are task numbers, one Worker each.
pub async fn cpu_worker_per_task<F, Fut>(
    tasks: u32,
    clock: &dyn Fn() -> f64,
    on_span: &dyn Fn(Span),
    spawn: F,
) -> (Run, Startup)
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = Result<WorkerReply, String>>,
{
    let spawned: Vec<Fut> = (0..tasks).map(spawn).collect();
    let replies = spawned
        .into_iter()
        .zip(0..)
        .map(|(reply, task)| async move {
            let outcome = WorkerOutcome::of(task, reply.await, clock);
            on_span(outcome.span);
            outcome
        });
    worker_per_task_run(futures::future::join_all(replies).await)
}

/// One task of [`cpu_worker_per_task`] as it ended.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkerOutcome {
    pub span: Span,
    /// From spawning the Worker to the start of its kernel; 0 if it failed.
    pub startup_ms: f64,
    pub value: Result<u64, String>,
}

impl WorkerOutcome {
    /// The span covers the Worker's whole life, start-up included; a failed Worker gets a
    /// zero-length failed span at the time its failure was seen.
    pub fn of(task: u32, reply: Result<WorkerReply, String>, clock: &dyn Fn() -> f64) -> Self {
        match reply {
            Ok(r) => WorkerOutcome {
                span: Span::new(task, task, r.spawned_ms, r.ended_ms, true),
                startup_ms: r.started_ms - r.spawned_ms,
                value: Ok(r.value),
            },
            Err(reason) => {
                let now = clock();
                WorkerOutcome {
                    span: Span::new(task, task, now, now, false),
                    startup_ms: 0.0,
                    value: Err(reason),
                }
            }
        }
    }
}

/// The run and the start-up detail of [`cpu_worker_per_task`]'s outcomes, in task order.
pub fn worker_per_task_run(outcomes: Vec<WorkerOutcome>) -> (Run, Startup) {
    let failures = outcomes
        .iter()
        .filter_map(|o| o.value.clone().err().map(|e| (o.span.task, e)))
        .collect();
    let values: Vec<u64> = outcomes
        .iter()
        .map(|o| *o.value.as_ref().unwrap_or(&0))
        .collect();
    let startup = Startup::of(outcomes.iter().map(|o| o.startup_ms).collect());
    let run = Run {
        spans: outcomes.iter().map(|o| o.span).collect(),
        checksum: values.iter().sum(),
        failures,
        values,
    };
    (run, startup)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::testing::pool;
    use std::collections::BTreeSet;
    use std::sync::atomic::AtomicBool;
    use std::sync::Mutex;
    use std::time::Instant;

    fn wall_clock() -> impl Fn() -> f64 + Sync {
        let t0 = Instant::now();
        move || t0.elapsed().as_secs_f64() * 1e3
    }

    #[test]
    fn cancel_ends_a_long_task_inside_it_and_the_task_is_cancelled() {
        // One task of 5M numbers: seconds of work, longer still in a debug build.
        let stop: &'static AtomicBool = Box::leak(Box::new(AtomicBool::new(false)));
        let job = CpuJob {
            stop,
            ..CpuJob::new(Kernel::Primes, 1, 5_000)
        };
        let clock = wall_clock();
        let raised = std::thread::scope(|s| {
            let raiser = s.spawn(|| {
                std::thread::sleep(std::time::Duration::from_millis(100));
                stop.store(true, Ordering::Relaxed);
                clock()
            });
            let run = cpu_sequential(&job, &clock, &|_| {});
            let raised = raiser.join().unwrap();
            assert_eq!(run.spans[0].status(), Status::Cancelled);
            assert_eq!(run.checksum, 0);
            run.spans[0].end_ms - raised
        });
        // A checkpoint per 1,000 numbers is well under a millisecond apart in a release build;
        // the bound is loose for a debug build on a loaded machine.
        assert!(
            raised < 250.0,
            "the task ran on {raised} ms after the flag was raised"
        );
    }

    const PRIMES: CpuJob = CpuJob::new(Kernel::Primes, 12, 10);

    #[test]
    fn every_strategy_does_the_same_work() {
        let clock = wall_clock();
        let none = |_| {};
        let p = pool(2);
        let runs = p.install(|| {
            [
                cpu_sequential(&PRIMES, &clock, &none),
                cpu_rayon(&PRIMES, &clock, &none),
                cpu_static_chunks(&PRIMES, 2, &clock, &none),
                cpu_queue(&PRIMES, 3, &clock, &none),
            ]
        });
        let expected = kernels::count_primes_in(0, 120_000);
        for run in &runs {
            assert_eq!(run.checksum, expected);
            let tasks: Vec<u32> = run.spans.iter().map(|s| s.task).collect();
            assert_eq!(tasks, (0..12).collect::<Vec<_>>());
            assert!(run.spans.iter().all(|s| s.end_ms >= s.start_ms));
        }
    }

    #[test]
    fn on_span_sees_every_task_once() {
        let seen = Mutex::new(Vec::new());
        let clock = wall_clock();
        let record = |s: Span| seen.lock().unwrap().push(s.task);
        pool(2).install(|| cpu_rayon(&PRIMES, &clock, &record));
        let mut seen = seen.lock().unwrap().clone();
        seen.sort_unstable();
        assert_eq!(seen, (0..12).collect::<Vec<_>>());
    }

    #[test]
    fn cpu_rayon_uses_more_than_one_thread_when_it_has_them() {
        let clock = wall_clock();
        let job = CpuJob {
            tasks: 32,
            work: 40,
            ..PRIMES
        };
        let run = pool(2).install(|| cpu_rayon(&job, &clock, &|_| {}));
        let lanes: BTreeSet<u32> = run.spans.iter().map(|s| s.lane).collect();
        assert_eq!(
            lanes.len(),
            2,
            "both pool threads should have worked: {lanes:?}"
        );
    }

    #[test]
    fn static_chunks_are_contiguous_per_lane() {
        let clock = wall_clock();
        let run = pool(2).install(|| cpu_static_chunks(&PRIMES, 2, &clock, &|_| {}));
        // Tasks 0..6 ran back to back on one lane, 6..12 on one lane.
        for chunk in [0..6usize, 6..12] {
            let lanes: BTreeSet<u32> = run.spans[chunk.clone()].iter().map(|s| s.lane).collect();
            assert_eq!(lanes.len(), 1, "chunk {chunk:?} stayed on one thread");
            for w in run.spans[chunk].windows(2) {
                assert!(w[0].end_ms <= w[1].start_ms);
            }
        }
    }

    #[test]
    fn queue_lanes_are_worker_numbers() {
        let clock = wall_clock();
        let run = pool(2).install(|| cpu_queue(&PRIMES, 3, &clock, &|_| {}));
        assert!(run.spans.iter().all(|s| s.lane < 3));
    }

    #[test]
    fn squares_values_are_kept_in_task_order() {
        let job = CpuJob::new(Kernel::Squares, 5, 1);
        let clock = wall_clock();
        let run = pool(2).install(|| cpu_rayon(&job, &clock, &|_| {}));
        assert_eq!(run.values, [1, 4, 9, 16, 25]);
    }

    #[test]
    fn a_stopped_job_cancels_every_task_not_yet_started() {
        static STOP: AtomicBool = AtomicBool::new(false);
        let job = CpuJob {
            stop: &STOP,
            ..CpuJob::new(Kernel::Primes, 40, 5)
        };
        let clock = wall_clock();
        // Raise the flag once the 5th task has ended, as Cancel would mid-run.
        let ended = AtomicU32::new(0);
        let on_span = |_| {
            if ended.fetch_add(1, Ordering::SeqCst) == 4 {
                STOP.store(true, Ordering::SeqCst);
            }
        };
        let strategies: [&dyn Fn() -> Run; 4] = [
            &|| cpu_sequential(&job, &clock, &on_span),
            &|| pool(2).install(|| cpu_rayon(&job, &clock, &on_span)),
            &|| pool(2).install(|| cpu_queue(&job, 2, &clock, &on_span)),
            &|| pool(2).install(|| cpu_static_chunks(&job, 2, &clock, &on_span)),
        ];
        for strategy in strategies {
            let run = strategy();
            // Tasks that never started get one real time: when the run noticed the stop, after
            // every task that ran had started. A task running when the flag went up stops at its
            // next checkpoint with its own times (at most one per lane).
            let (interrupted, never_started): (Vec<&Span>, Vec<&Span>) = run
                .spans
                .iter()
                .filter(|s| s.cancelled)
                .partition(|s| s.end_ms > s.start_ms);
            assert!(interrupted.len() <= 2, "{interrupted:?}");
            let times: BTreeSet<u64> = never_started
                .iter()
                .map(|s| {
                    assert!(s.start_ms.is_finite() && s.end_ms == s.start_ms, "{s:?}");
                    s.start_ms.to_bits()
                })
                .collect();
            assert_eq!(times.len(), 1);
            let stopped_at = f64::from_bits(*times.first().unwrap());
            assert!(run
                .spans
                .iter()
                .all(|s| s.cancelled || s.start_ms <= stopped_at));
            let r = crate::stats::Counts::of(&run.spans);
            assert_eq!(r.tasks, 40);
            assert_eq!(r.ok + r.failed + r.cancelled, 40);
            // Tasks already running when the flag went up finish or stop; nothing new starts.
            assert!(r.ok >= 5 && r.ok <= 5 + 2, "ok = {}", r.ok);
            assert!(r.cancelled >= 33, "cancelled = {}", r.cancelled);
            STOP.store(false, Ordering::SeqCst);
            ended.store(0, Ordering::SeqCst);
        }
    }

    #[test]
    fn worker_per_task_spawns_every_worker_first_and_times_their_start_up() {
        let spawned = Mutex::new(Vec::new());
        let seen = Mutex::new(Vec::new());
        let spawn = |i: u32| {
            spawned.lock().unwrap().push(i);
            let count = spawned.lock().unwrap().len();
            async move {
                // Every Worker was spawned before the first reply is looked at.
                assert!(count <= 3);
                match i {
                    1 => Err("task worker failed: script error".to_string()),
                    _ => Ok(WorkerReply {
                        spawned_ms: f64::from(i),
                        started_ms: f64::from(i) + 20.0,
                        ended_ms: f64::from(i) + 25.0,
                        value: u64::from(i + 1).pow(2),
                    }),
                }
            }
        };
        let (run, detail) = futures::executor::block_on(cpu_worker_per_task(
            3,
            &|| 99.0,
            &|s| seen.lock().unwrap().push(s.task),
            spawn,
        ));
        assert_eq!(*spawned.lock().unwrap(), [0, 1, 2]);
        assert_eq!(seen.lock().unwrap().len(), 3);
        assert_eq!(run.values, [1, 0, 9]);
        assert_eq!(run.checksum, 10);
        assert_eq!(
            run.failures,
            [(1, "task worker failed: script error".to_string())]
        );
        assert_eq!(run.spans[2], Span::new(2, 2, 2.0, 27.0, true));
        assert_eq!(run.spans[1], Span::new(1, 1, 99.0, 99.0, false));
        let json = serde_json::to_value(detail).unwrap();
        assert_eq!(json["startupMs"], serde_json::json!([20.0, 0.0, 20.0]));
        assert_eq!(json["meanStartupMs"].as_f64().unwrap(), 40.0 / 3.0);
    }
}
