//! The strategies, one named function each.
//!
//! Each doc comment says which Python construct from the seed articles the function models and
//! what a person should expect to see on the page. The fetch strategies are generic over the
//! request (`fetch`), so the browser glue passes a real `fetch` and the host tests a fake one.

use crate::params::Workload;
use crate::report::Span;
use crate::schedule::{run_bounded, Run, TaskOutcome};
use crate::workload::prime_task;
use rayon::prelude::*;
use serde::Serialize;
use std::future::Future;

/// Stable strategy ids, as they appear in reports, the README and the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Strategy {
    #[serde(rename = "fetch-sequential")]
    FetchSequential,
    #[serde(rename = "fetch-concurrent")]
    FetchConcurrent,
    #[serde(rename = "fetch-bounded")]
    FetchBounded,
    #[serde(rename = "cpu-sequential")]
    CpuSequential,
    #[serde(rename = "cpu-rayon")]
    CpuRayon,
}

impl Strategy {
    pub const ALL: [Strategy; 5] = [
        Strategy::FetchSequential,
        Strategy::FetchConcurrent,
        Strategy::FetchBounded,
        Strategy::CpuSequential,
        Strategy::CpuRayon,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Strategy::FetchSequential => "fetch-sequential",
            Strategy::FetchConcurrent => "fetch-concurrent",
            Strategy::FetchBounded => "fetch-bounded",
            Strategy::CpuSequential => "cpu-sequential",
            Strategy::CpuRayon => "cpu-rayon",
        }
    }

    pub fn from_id(id: &str) -> Option<Strategy> {
        Strategy::ALL.into_iter().find(|s| s.id() == id)
    }

    pub fn is_fetch(self) -> bool {
        matches!(
            self,
            Strategy::FetchSequential | Strategy::FetchConcurrent | Strategy::FetchBounded
        )
    }

    /// The strategies a workload runs, in the order the page shows them.
    pub fn for_workload(workload: Workload) -> Vec<Strategy> {
        Strategy::ALL
            .into_iter()
            .filter(|s| match workload {
                Workload::All => true,
                Workload::Fetch => s.is_fetch(),
                Workload::Cpu => !s.is_fetch(),
            })
            .collect()
    }
}

/// `for url in urls: requests.get(url)` — the seeds' plain loop.
///
/// One request at a time; each waits for the previous to finish. Expect `tasks x latency`
/// (seed 000: six 1 s endpoints took ~7 s) and a timeline that is a single staircase lane.
pub async fn fetch_sequential<F, Fut>(
    tasks: u32,
    clock: &dyn Fn() -> f64,
    on_done: &dyn Fn(u32),
    fetch: F,
) -> Run
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = TaskOutcome>,
{
    run_bounded(tasks, 1, clock, on_done, fetch).await
}

/// `asyncio.gather(*[fetch(url) for url in urls])` — start every request, then await them all.
///
/// Expect about one latency for up to 6 tasks. Past that, Chromium keeps at most 6 HTTP/1.1
/// connections per host:port, so 24 tasks at 500 ms take four rounds (~2 s) even though all 24
/// were "started" at once: the browser, not the code, is then the limit.
pub async fn fetch_concurrent<F, Fut>(
    tasks: u32,
    clock: &dyn Fn() -> f64,
    on_done: &dyn Fn(u32),
    fetch: F,
) -> Run
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = TaskOutcome>,
{
    run_bounded(tasks, tasks, clock, on_done, fetch).await
}

/// `ThreadPoolExecutor(max_workers=k)` with `submit` + `as_completed`: at most `k` in flight.
///
/// Expect `ceil(tasks / k) x latency`: with 6 tasks of 1 s and k = 3, two rounds, ~2 s. The
/// timeline shows k lanes, each picking up the next task as soon as its previous one ends.
pub async fn fetch_bounded<F, Fut>(
    tasks: u32,
    k: u32,
    clock: &dyn Fn() -> f64,
    on_done: &dyn Fn(u32),
    fetch: F,
) -> Run
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = TaskOutcome>,
{
    run_bounded(tasks, k, clock, on_done, fetch).await
}

/// Runs CPU task `task` of `tasks` and records its span on `lane`.
fn timed_prime_task(
    task: u32,
    tasks: u32,
    blocks: u32,
    lane: u32,
    clock: &dyn Fn() -> f64,
) -> (Span, u64) {
    let start_ms = clock();
    let primes = prime_task(u64::from(task), u64::from(tasks), u64::from(blocks));
    let end_ms = clock();
    let span = Span {
        task,
        lane,
        start_ms,
        end_ms,
        ok: true,
    };
    (span, primes)
}

fn collect(results: Vec<(Span, u64)>) -> Run {
    let checksum = results.iter().map(|(_, p)| p).sum();
    Run {
        spans: results.into_iter().map(|(s, _)| s).collect(),
        checksum,
        first_error: None,
    }
}

/// `for r in ranges: count_primes(r)` — CPU work on one thread (in the page's worker, never the
/// page's main thread).
///
/// The baseline: one lane, tasks back to back. Expect the time to grow linearly with
/// `tasks x work`.
pub fn cpu_sequential(tasks: u32, blocks: u32, clock: &dyn Fn() -> f64) -> Run {
    collect(
        (0..tasks)
            .map(|i| timed_prime_task(i, tasks, blocks, 0, clock))
            .collect(),
    )
}

/// `multiprocessing.Pool().map(count_primes, ranges)` — the same tasks as [`cpu_sequential`]
/// spread over the rayon pool with `par_iter` (work stealing).
///
/// Expect close to P x faster on P cores (1.94x measured on 2 cores from a Worker) and one lane
/// per pool thread in the timeline. The lane is the rayon thread index. Must run on an
/// initialised pool: a `par_iter` before the pool exists silently runs on one thread, so the
/// browser glue refuses to call this until the pool is up.
pub fn cpu_rayon(tasks: u32, blocks: u32, clock: &(dyn Fn() -> f64 + Sync)) -> Run {
    collect(
        (0..tasks)
            .into_par_iter()
            .map(|i| {
                let lane = rayon::current_thread_index().unwrap_or(0) as u32;
                timed_prime_task(i, tasks, blocks, lane, clock)
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::executor::block_on;
    use std::time::Instant;

    fn wall_clock() -> impl Fn() -> f64 + Sync {
        let t0 = Instant::now();
        move || t0.elapsed().as_secs_f64() * 1e3
    }

    #[test]
    fn ids_round_trip_and_serialise() {
        for s in Strategy::ALL {
            assert_eq!(Strategy::from_id(s.id()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.id());
        }
        assert_eq!(Strategy::from_id("nope"), None);
    }

    #[test]
    fn workloads_select_strategies() {
        assert_eq!(Strategy::for_workload(Workload::All).len(), 5);
        assert!(Strategy::for_workload(Workload::Fetch)
            .iter()
            .all(|s| s.is_fetch()));
        assert_eq!(
            Strategy::for_workload(Workload::Cpu),
            [Strategy::CpuSequential, Strategy::CpuRayon]
        );
    }

    #[test]
    fn cpu_strategies_agree_on_the_work() {
        let clock = wall_clock();
        let seq = cpu_sequential(6, 20, &clock);
        let par = cpu_rayon(6, 20, &clock);
        assert_eq!(seq.checksum, par.checksum);
        assert_eq!(seq.checksum, crate::workload::count_primes_in(0, 120_000));
        assert_eq!(seq.spans.len(), 6);
        assert_eq!(
            par.spans.iter().map(|s| s.task).collect::<Vec<_>>(),
            (0..6).collect::<Vec<_>>()
        );
        assert!(seq
            .spans
            .iter()
            .all(|s| s.lane == 0 && s.end_ms >= s.start_ms));
    }

    #[test]
    fn cpu_rayon_uses_more_than_one_thread_when_it_has_them() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let clock = wall_clock();
        // Enough tasks and work that both threads get some; lanes are thread indices.
        let run = pool.install(|| cpu_rayon(32, 40, &clock));
        let lanes: std::collections::BTreeSet<u32> = run.spans.iter().map(|s| s.lane).collect();
        assert!(lanes.iter().all(|&l| l < 2));
        assert_eq!(
            lanes.len(),
            2,
            "both pool threads should have worked: {lanes:?}"
        );
    }

    #[test]
    fn fetch_strategies_differ_only_in_limit() {
        let clock = || 0.0;
        let fake = |i: u32| async move {
            crate::schedule::testing::Yield(2).await;
            Ok(u64::from(i))
        };
        let seq = block_on(fetch_sequential(5, &clock, &|_| {}, fake));
        let all = block_on(fetch_concurrent(5, &clock, &|_| {}, fake));
        let two = block_on(fetch_bounded(5, 2, &clock, &|_| {}, fake));
        assert_eq!(seq.checksum, 10);
        assert_eq!(all.checksum, 10);
        assert_eq!(two.checksum, 10);
        assert!(seq.spans.iter().all(|s| s.lane == 0));
        assert_eq!(all.spans.iter().map(|s| s.lane).max(), Some(4));
        assert!(two.spans.iter().all(|s| s.lane < 2));
    }
}
