//! `fetch-processes`: `ProcessPoolExecutor(max_workers=k)` used for I/O, as seed 000 does.
//!
//! k workers, each with its own module instance and memory (in the browser a Web Worker that
//! instantiates the module afresh: a process), are started for the run; each, once started,
//! takes the next task from the caller (the executor's call queue) and makes its request, then
//! the next. What it adds over threads is the start-up: each worker's is a span of its own
//! ([`Phase::Startup`]) in its lane, and the detail lists them.

use crate::model::{Phase, Run, Span, Status, TaskError, TaskOutcome};
use std::cell::{Cell, RefCell};
use std::future::Future;

/// One request a worker made: when it started and ended on the run's clock, and its outcome.
pub struct Answer {
    pub start_ms: f64,
    pub end_ms: f64,
    pub outcome: TaskOutcome,
}

/// What a run of [`fetch_processes`] did beyond its tasks: each worker's start-up.
#[derive(Debug, Clone, PartialEq)]
pub struct Startups {
    /// Per worker (lane): ms from asking for it to it being ready; `None` if it failed.
    pub startup_ms: Vec<Option<f64>>,
}

/// `with ProcessPoolExecutor(max_workers=k) as ppe: [ppe.submit(fetch, url) for url in urls]`.
///
/// `start(lane)` starts worker `lane` and resolves once it can take tasks; `get(lane, task)`
/// has that worker make task `task`'s request. Expect fetch-threads' time plus the start-up
/// (seed 000: 6 x 1 s took 1.68 s, ~1 s of waiting and the rest starting processes). Tasks no
/// worker took (Cancel, or every worker failed to start) are cancelled or failed with the
/// start-up's error.
pub async fn fetch_processes<S, SF, G, GF>(
    tasks: u32,
    k: u32,
    clock: &dyn Fn() -> f64,
    on_span: &dyn Fn(Span),
    start: S,
    get: G,
) -> (Run, Startups)
where
    S: Fn(u32) -> SF,
    SF: Future<Output = Result<(), String>>,
    G: Fn(u32, u32) -> GF,
    GF: Future<Output = Answer>,
{
    let k = k.clamp(1, tasks.max(1));
    let next = Cell::new(0u32);
    let outcomes: RefCell<Vec<Option<(Span, TaskOutcome)>>> =
        RefCell::new((0..tasks).map(|_| None).collect());
    let startups = RefCell::new(Vec::new());
    let start_error = RefCell::new(None);
    let lane = |lane: u32| {
        let (next, outcomes, startups, start_error) = (&next, &outcomes, &startups, &start_error);
        let (start, get) = (&start, &get);
        async move {
            let asked = clock();
            if let Err(e) = start(lane).await {
                start_error.borrow_mut().get_or_insert(e);
                return None;
            }
            let ready = clock();
            let mut startup = Some(Span {
                phase: Some(Phase::Startup),
                ..Span::new(0, lane, asked, ready, true)
            });
            loop {
                let task = next.get();
                if task >= tasks {
                    break;
                }
                next.set(task + 1);
                if let Some(mut s) = startup.take() {
                    s.task = task;
                    on_span(s);
                    startups.borrow_mut().push(s);
                }
                let a = get(lane, task).await;
                let span = Span::with_status(task, lane, a.start_ms, a.end_ms, status(&a.outcome));
                on_span(span);
                let cancelled = matches!(a.outcome, Err(TaskError::Cancelled));
                outcomes.borrow_mut()[task as usize] = Some((span, a.outcome));
                if cancelled {
                    // Cancel: the rest are not given to anyone.
                    next.set(tasks);
                }
            }
            Some(ready - asked)
        }
    };
    let startup_ms = futures::future::join_all((0..k).map(lane)).await;
    let run = assemble(
        outcomes.into_inner(),
        startups.into_inner(),
        clock(),
        start_error.into_inner().as_deref(),
    );
    (run, Startups { startup_ms })
}

/// The run: the start-up spans, then every task's span, a task no worker took included.
fn assemble(
    outcomes: Vec<Option<(Span, TaskOutcome)>>,
    mut spans: Vec<Span>,
    end: f64,
    start_error: Option<&str>,
) -> Run {
    let mut values = vec![0u64; outcomes.len()];
    let mut failures = Vec::new();
    for (task, o) in outcomes.into_iter().enumerate() {
        let task = task as u32;
        let (span, outcome) = o.unwrap_or_else(|| not_taken(task, end, start_error));
        match outcome {
            Ok(v) => values[task as usize] = v,
            Err(TaskError::Failed(r)) => failures.push((task, r)),
            Err(TaskError::Cancelled) => {}
        }
        spans.push(span);
    }
    Run {
        spans,
        checksum: values.iter().sum(),
        failures,
        values,
    }
}

fn status(outcome: &TaskOutcome) -> Status {
    match outcome {
        Ok(_) => Status::Ok,
        Err(TaskError::Cancelled) => Status::Cancelled,
        Err(TaskError::Failed(_)) => Status::Failed,
    }
}

/// A task no worker took: cancelled, or failed with why the workers could not start.
fn not_taken(task: u32, at: f64, start_error: Option<&str>) -> (Span, TaskOutcome) {
    let outcome = match start_error {
        Some(e) => Err(TaskError::Failed(format!("no worker started: {e}"))),
        None => Err(TaskError::Cancelled),
    };
    (
        Span::with_status(task, 0, at, at, status(&outcome)),
        outcome,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::testing::{ticking as tick, Yield};
    use crate::stats::Counts;
    use futures::executor::block_on;

    #[test]
    fn each_worker_starts_once_then_takes_tasks_and_its_start_up_is_a_span() {
        let clock = tick();
        let started = RefCell::new(Vec::new());
        let start = |lane: u32| {
            started.borrow_mut().push(lane);
            async move {
                Yield(3).await;
                Ok(())
            }
        };
        let get = |_lane: u32, task: u32| async move {
            Yield(2).await;
            Answer {
                start_ms: 0.0,
                end_ms: 1.0,
                outcome: if task == 4 {
                    Err(TaskError::Failed("HTTP 500".into()))
                } else {
                    Ok(u64::from(task))
                },
            }
        };
        let (run, startups) = block_on(fetch_processes(6, 3, &clock, &|_| {}, start, get));
        assert_eq!(*started.borrow(), [0, 1, 2], "one start per worker");
        assert_eq!(startups.startup_ms.len(), 3);
        assert!(startups.startup_ms.iter().all(|s| s.unwrap() > 0.0));
        let startup_spans = run.spans.iter().filter(|s| s.phase == Some(Phase::Startup));
        assert_eq!(startup_spans.count(), 3);
        assert_eq!(run.checksum, 1 + 2 + 3 + 5);
        assert_eq!(run.failures, [(4, "HTTP 500".to_string())]);
        let r = Counts::of(&run.spans);
        assert_eq!((r.tasks, r.ok, r.failed, r.cancelled), (6, 5, 1, 0));
        assert_eq!(r.lanes_used, 3, "start-up spans are not lanes of their own");
    }

    #[test]
    fn failed_start_ups_and_cancel_account_for_every_task() {
        let clock = tick();
        let start = |_| async { Err("script error".to_string()) };
        let get = |_, _| async { unreachable!("no worker started") };
        let (run, _) = block_on(fetch_processes(3, 2, &clock, &|_| {}, start, get));
        assert_eq!(run.failures.len(), 3);
        assert!(run.failures[0]
            .1
            .contains("no worker started: script error"));

        let start = |_| async { Ok(()) };
        let get = |_, task: u32| async move {
            Answer {
                start_ms: 0.0,
                end_ms: 0.0,
                outcome: if task == 0 {
                    Ok(1)
                } else {
                    Err(TaskError::Cancelled)
                },
            }
        };
        let (run, _) = block_on(fetch_processes(8, 2, &clock, &|_| {}, start, get));
        let r = Counts::of(&run.spans);
        assert_eq!((r.tasks, r.ok, r.failed), (8, 1, 0));
        assert_eq!(r.cancelled, 7);
    }
}
