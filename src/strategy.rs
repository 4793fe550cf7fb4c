//! The strategy registry and the fetch strategies.
//!
//! Every strategy is one named function whose doc comment says which Python construct from the
//! seed articles it models and what a person should expect to see. Fetch strategies live here;
//! CPU ones in [`crate::cpu`], the race in [`crate::race`], the pipeline in [`crate::pipeline`].
//! Fetch strategies are generic over the request (`fetch`), so the browser glue passes a real
//! `fetch` and the host tests a fake one.

use crate::params::{Params, Workload};
use crate::report::Span;
use crate::schedule::{run_bounded, Run, TaskOutcome};
use serde::Serialize;
use std::future::Future;

/// Which kind of work a strategy does; decides how the glue runs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    Fetch,
    Cpu,
    Pipeline,
    Race,
}

impl Family {
    /// The family's name, as in ids (`fetch-...`) and params.json's `tasks.maxFor`.
    pub fn name(self) -> &'static str {
        match self {
            Family::Fetch => "fetch",
            Family::Cpu => "cpu",
            Family::Pipeline => "pipeline",
            Family::Race => "race",
        }
    }
}

macro_rules! strategies {
    ($($variant:ident = $id:literal, $family:ident, $usual:literal;)*) => {
        /// Stable strategy ids, as they appear in reports, the README and the page.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
        pub enum Strategy {
            $(#[serde(rename = $id)] $variant,)*
        }

        impl Strategy {
            /// Every strategy, in the order the page shows them.
            pub const ALL: &'static [Strategy] = &[$(Strategy::$variant,)*];

            pub fn id(self) -> &'static str {
                match self { $(Strategy::$variant => $id,)* }
            }

            pub fn family(self) -> Family {
                match self { $(Strategy::$variant => Family::$family,)* }
            }

            /// Part of its workload's usual set (what runs when `strategies` is empty).
            fn usual(self) -> bool {
                match self { $(Strategy::$variant => $usual,)* }
            }
        }
    };
}

strategies! {
    FetchSequential = "fetch-sequential", Fetch, true;
    FetchConcurrent = "fetch-concurrent", Fetch, true;
    FetchBounded = "fetch-bounded", Fetch, true;
    FetchMap = "fetch-map", Fetch, false;
    FetchAsCompleted = "fetch-as-completed", Fetch, false;
    FetchMultiport = "fetch-multiport", Fetch, false;
    FetchSameUrl = "fetch-same-url", Fetch, false;
    CpuSequential = "cpu-sequential", Cpu, true;
    CpuRayon = "cpu-rayon", Cpu, true;
    CpuStaticChunks = "cpu-static-chunks", Cpu, false;
    CpuQueue = "cpu-queue", Cpu, false;
    CpuWorkerPerTask = "cpu-worker-per-task", Cpu, false;
    PipelineSequential = "pipeline-sequential", Pipeline, true;
    PipelineFetchThenParse = "pipeline-fetch-then-parse", Pipeline, true;
    PipelineOverlapped = "pipeline-overlapped", Pipeline, true;
    RaceUnsynchronized = "race-unsynchronized", Race, true;
    RaceAtomic = "race-atomic", Race, true;
    RaceMutex = "race-mutex", Race, true;
}

impl Strategy {
    pub fn from_id(id: &str) -> Option<Strategy> {
        Strategy::ALL.iter().copied().find(|s| s.id() == id)
    }

    pub fn is_fetch(self) -> bool {
        self.family() == Family::Fetch
    }

    /// Needs the rayon pool, so shared memory, so a cross-origin isolated page: the
    /// single-threaded build (no `threads` feature) refuses these. What needs no pool: the
    /// fetches (the event loop), the one-thread loops `cpu-sequential` and `pipeline-sequential`,
    /// and `cpu-worker-per-task`, whose workers each have their own memory. params.json's
    /// `strategies.needsPool` lists the same ids, for the page.
    pub fn needs_pool(self) -> bool {
        use Strategy::*;
        match self {
            CpuRayon | CpuStaticChunks | CpuQueue => true,
            PipelineFetchThenParse | PipelineOverlapped => true,
            RaceUnsynchronized | RaceAtomic | RaceMutex => true,
            FetchSequential | FetchConcurrent | FetchBounded | FetchMap | FetchAsCompleted
            | FetchMultiport | FetchSameUrl => false,
            CpuSequential | CpuWorkerPerTask | PipelineSequential => false,
        }
    }

    /// The ideal wall time of a fetch strategy against the mock API: every task's own floor
    /// (latency with its jitter, its fault, the timeout; see [`Params::task_floor_ms`]) run in
    /// order with the strategy's in-flight limit and no overhead at all, not even the
    /// browser's six connections per host. The "start everything" strategies count as
    /// [`MAX_STARTED_AT_ONCE`] in flight when there are more tasks, as they run. `None` where no
    /// finite ideal exists: other families (the page derives CPU ideals from cpu-sequential's
    /// measured time), a real target URL (its latency is unknown), or a hang no timeout ends
    /// (the mock API closes a hung request after a minute, but that is its safety net against
    /// leaks, not part of the experiment, so it is no floor).
    pub fn ideal_ms(self, params: &Params) -> Option<f64> {
        use Strategy::*;
        if !self.is_fetch() || !params.target.is_empty() {
            return None;
        }
        let k = match self {
            FetchSequential => 1,
            FetchBounded | FetchMap | FetchAsCompleted => params.concurrency,
            _ => params.tasks.min(MAX_STARTED_AT_ONCE),
        };
        let ideal = if self == FetchSameUrl {
            // One URL for all: the plain latency, no per-task jitter or faults (see web.rs).
            let one = match params.timeout {
                0 => params.latency,
                t => params.latency.min(t),
            };
            crate::stats::ideal_in_order_ms(std::iter::repeat_n(one, params.tasks as usize), k)
        } else {
            let floors: Option<Vec<u32>> =
                (0..params.tasks).map(|t| params.task_floor_ms(t)).collect();
            crate::stats::ideal_in_order_ms(floors?, k)
        };
        Some(ideal as f64)
    }

    /// The strategies a workload runs when no list is given, in display order.
    pub fn for_workload(workload: Workload) -> Vec<Strategy> {
        let family = match workload {
            Workload::All => None,
            Workload::Fetch => Some(Family::Fetch),
            Workload::Cpu => Some(Family::Cpu),
            Workload::Pipeline => Some(Family::Pipeline),
            Workload::Race => Some(Family::Race),
        };
        Strategy::ALL
            .iter()
            .copied()
            .filter(|s| s.usual())
            .filter(|s| match family {
                None => matches!(s.family(), Family::Fetch | Family::Cpu),
                Some(f) => s.family() == f,
            })
            .collect()
    }

    /// What the parameters ask to run: the `strategies` list if given (in registry order),
    /// else the workload's usual set.
    pub fn selected(params: &Params) -> Vec<Strategy> {
        if params.strategies.is_empty() {
            return Strategy::for_workload(params.workload);
        }
        Strategy::ALL
            .iter()
            .copied()
            .filter(|s| params.strategies.iter().any(|id| id == s.id()))
            .collect()
    }
}

/// The most requests the "start everything" strategies hand to the browser at once.
///
/// Chromium refuses requests with `net::ERR_INSUFFICIENT_RESOURCES` when too many are pending
/// in one renderer: of 100,000 fetches started at once, 91,174 failed that way (and each failure
/// was logged to the console, which stalled the page for minutes). Python's aiohttp has the
/// same kind of guard (its connector allows 100 connections by default). Up to this many tasks
/// nothing changes; beyond, the 1,001st request starts when one of the first thousand ends.
pub const MAX_STARTED_AT_ONCE: u32 = 1_000;

/// `for url in urls: requests.get(url)` — the seeds' plain loop.
///
/// One request at a time; each waits for the previous to finish. Expect `tasks x latency`
/// (seed 000: six 1 s endpoints took ~7 s) and a timeline that is a single staircase lane.
pub async fn fetch_sequential<F, Fut>(
    tasks: u32,
    clock: &dyn Fn() -> f64,
    on_done: &dyn Fn(u32, &Span),
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
/// were "started" at once: the browser, not the code, is then the limit (`fetch-multiport`
/// gets past it). More than [`MAX_STARTED_AT_ONCE`] are started a thousand at a time.
pub async fn fetch_concurrent<F, Fut>(
    tasks: u32,
    clock: &dyn Fn() -> f64,
    on_done: &dyn Fn(u32, &Span),
    fetch: F,
) -> Run
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = TaskOutcome>,
{
    run_bounded(tasks, tasks.min(MAX_STARTED_AT_ONCE), clock, on_done, fetch).await
}

/// `ThreadPoolExecutor(max_workers=k)` with `submit` + `as_completed`: at most `k` in flight.
///
/// Expect `ceil(tasks / k) x latency`: with 6 tasks of 1 s and k = 3, two rounds, ~2 s. The
/// timeline shows k lanes, each picking up the next task as soon as its previous one ends.
pub async fn fetch_bounded<F, Fut>(
    tasks: u32,
    k: u32,
    clock: &dyn Fn() -> f64,
    on_done: &dyn Fn(u32, &Span),
    fetch: F,
) -> Run
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = TaskOutcome>,
{
    run_bounded(tasks, k, clock, on_done, fetch).await
}

/// When each result reaches the caller, and in which order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Delivery {
    /// Task indices in the order the caller receives them.
    pub order: Vec<u32>,
    /// ms (since the strategy started) at which each entry of `order` was received.
    pub at_ms: Vec<f64>,
}

/// `Executor.map(fetch, urls)`: at most `k` in flight, results handed back **in input order**.
///
/// The requests run exactly as in `fetch-bounded`; what differs is delivery: result `i` reaches
/// the caller only once results `0..i` have, so one slow early request holds back every later
/// one. Expect the same wall time as `fetch-as-completed`, a later first result when latencies
/// vary (raise the latency spread), and `detail.order` = 0, 1, 2, ...
pub async fn fetch_map<F, Fut>(
    tasks: u32,
    k: u32,
    clock: &dyn Fn() -> f64,
    on_done: &dyn Fn(u32, &Span),
    fetch: F,
) -> (Run, Delivery)
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = TaskOutcome>,
{
    let run = run_bounded(tasks, k, clock, on_done, fetch).await;
    let delivery = in_input_order(&run.spans);
    (run, delivery)
}

/// `as_completed(futures)`: at most `k` in flight, each result handed back **as it completes**.
///
/// Expect the first result after the fastest request, and `detail.order` scrambled when
/// latencies vary: the caller can start on each result at once.
pub async fn fetch_as_completed<F, Fut>(
    tasks: u32,
    k: u32,
    clock: &dyn Fn() -> f64,
    on_done: &dyn Fn(u32, &Span),
    fetch: F,
) -> (Run, Delivery)
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = TaskOutcome>,
{
    let run = run_bounded(tasks, k, clock, on_done, fetch).await;
    let delivery = in_completion_order(&run.spans);
    (run, delivery)
}

/// Delivery in input order: result `i` is available at the latest end among spans `0..=i`.
pub fn in_input_order(spans: &[Span]) -> Delivery {
    let mut by_task: Vec<&Span> = spans.iter().collect();
    by_task.sort_by_key(|s| s.task);
    let mut ready = f64::MIN;
    let at_ms = by_task
        .iter()
        .map(|s| {
            ready = ready.max(s.end_ms);
            ready
        })
        .collect();
    Delivery {
        order: by_task.iter().map(|s| s.task).collect(),
        at_ms,
    }
}

/// Delivery in completion order: each result when its own span ends.
pub fn in_completion_order(spans: &[Span]) -> Delivery {
    let mut by_end: Vec<&Span> = spans.iter().collect();
    by_end.sort_by(|a, b| a.end_ms.total_cmp(&b.end_ms).then(a.task.cmp(&b.task)));
    Delivery {
        order: by_end.iter().map(|s| s.task).collect(),
        at_ms: by_end.iter().map(|s| s.end_ms).collect(),
    }
}

/// `asyncio.gather` spread over several copies of the API on different ports.
///
/// Chromium's limit is 6 HTTP/1.1 connections per *host:port*, so the same mock API listening
/// on m ports allows 6m requests in flight. Expect 24 x 500 ms to take ~0.5 s over 6 ports where
/// `fetch-concurrent` takes ~2 s. (HTTP/2 would also do it, but browsers speak it only over TLS,
/// which on localhost means certificate warnings.) `url_for(i)` picks the port for task `i`.
pub async fn fetch_multiport<F, Fut>(
    tasks: u32,
    clock: &dyn Fn() -> f64,
    on_done: &dyn Fn(u32, &Span),
    fetch: F,
) -> Run
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = TaskOutcome>,
{
    run_bounded(tasks, tasks.min(MAX_STARTED_AT_ONCE), clock, on_done, fetch).await
}

/// `asyncio.gather` of requests to **one identical URL**, with the browser's default cache mode.
///
/// The cache-lock lesson: Chromium lets only one request per URL through its HTTP cache at a
/// time, so identical GETs queue behind each other and 6 x 1 s take ~6 s, not 1 s, although all
/// were started together. Every other fetch strategy uses a distinct URL per task and
/// `cache: 'no-store'` for exactly this reason.
pub async fn fetch_same_url<F, Fut>(
    tasks: u32,
    clock: &dyn Fn() -> f64,
    on_done: &dyn Fn(u32, &Span),
    fetch: F,
) -> Run
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = TaskOutcome>,
{
    run_bounded(tasks, tasks.min(MAX_STARTED_AT_ONCE), clock, on_done, fetch).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::testing::Yield;
    use futures::executor::block_on;

    #[test]
    fn ids_round_trip_and_serialise() {
        for &s in Strategy::ALL {
            assert_eq!(Strategy::from_id(s.id()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.id());
            assert!(s.id().starts_with(match s.family() {
                Family::Fetch => "fetch-",
                Family::Cpu => "cpu-",
                Family::Pipeline => "pipeline-",
                Family::Race => "race-",
            }));
        }
        assert_eq!(Strategy::from_id("nope"), None);
    }

    #[test]
    fn workloads_select_their_usual_strategies() {
        let ids = |w| -> Vec<&str> { Strategy::for_workload(w).iter().map(|s| s.id()).collect() };
        assert_eq!(
            ids(Workload::All),
            [
                "fetch-sequential",
                "fetch-concurrent",
                "fetch-bounded",
                "cpu-sequential",
                "cpu-rayon"
            ]
        );
        assert_eq!(ids(Workload::Cpu), ["cpu-sequential", "cpu-rayon"]);
        assert_eq!(ids(Workload::Race).len(), 3);
        assert_eq!(ids(Workload::Pipeline).len(), 3);
    }

    #[test]
    fn an_explicit_list_wins_in_registry_order() {
        let p = Params {
            strategies: vec!["cpu-rayon".into(), "fetch-map".into()],
            ..Params::default()
        };
        assert_eq!(
            Strategy::selected(&p),
            [Strategy::FetchMap, Strategy::CpuRayon]
        );
    }

    async fn fake(i: u32) -> TaskOutcome {
        // Later tasks finish sooner: 6 - i yields.
        Yield(6 - i.min(5)).await;
        Ok(u64::from(i))
    }

    #[test]
    fn fetch_strategies_differ_only_in_limit() {
        let clock = || 0.0;
        let seq = block_on(fetch_sequential(5, &clock, &|_, _| {}, fake));
        let all = block_on(fetch_concurrent(5, &clock, &|_, _| {}, fake));
        let two = block_on(fetch_bounded(5, 2, &clock, &|_, _| {}, fake));
        for run in [&seq, &all, &two] {
            assert_eq!(run.checksum, 10);
        }
        assert!(seq.spans.iter().all(|s| s.lane == 0));
        assert_eq!(all.spans.iter().map(|s| s.lane).max(), Some(4));
        assert!(two.spans.iter().all(|s| s.lane < 2));
    }

    #[test]
    fn start_everything_strategies_hand_at_most_a_thousand_to_the_browser() {
        let clock = || 0.0;
        let in_flight = std::cell::Cell::new(0u32);
        let peak = std::cell::Cell::new(0u32);
        let task = |i: u32| {
            let (in_flight, peak) = (&in_flight, &peak);
            async move {
                in_flight.set(in_flight.get() + 1);
                peak.set(peak.get().max(in_flight.get()));
                Yield(2).await;
                in_flight.set(in_flight.get() - 1);
                Ok(u64::from(i))
            }
        };
        let run = block_on(fetch_concurrent(2_500, &clock, &|_, _| {}, task));
        assert_eq!(run.spans.len(), 2_500);
        assert_eq!(peak.get(), MAX_STARTED_AT_ONCE);
    }

    #[test]
    fn fetch_ideals_follow_each_task_latency_and_limit() {
        let flat = Params {
            tasks: 6,
            latency: 1000,
            concurrency: 4,
            ..Params::default()
        };
        let ideal = |s: Strategy, p: &Params| s.ideal_ms(p);
        assert_eq!(ideal(Strategy::FetchSequential, &flat), Some(6000.0));
        assert_eq!(ideal(Strategy::FetchConcurrent, &flat), Some(1000.0));
        assert_eq!(ideal(Strategy::FetchBounded, &flat), Some(2000.0));
        assert_eq!(ideal(Strategy::FetchSameUrl, &flat), Some(1000.0));
        assert_eq!(
            ideal(Strategy::CpuRayon, &flat),
            None,
            "the page derives CPU ideals"
        );

        // With jitter the sequential ideal is the sum of the tasks' own latencies and the
        // concurrent one the longest of them, not tasks x latency and latency.
        let jittery = Params {
            tasks: 30,
            latency: 400,
            jitter: 50,
            ..flat.clone()
        };
        let each: Vec<u32> = (0..30).map(|t| jittery.task_latency(t)).collect();
        let sum: u32 = each.iter().sum();
        let max = *each.iter().max().unwrap();
        assert_eq!(
            ideal(Strategy::FetchSequential, &jittery),
            Some(f64::from(sum))
        );
        assert_eq!(
            ideal(Strategy::FetchConcurrent, &jittery),
            Some(f64::from(max))
        );
        assert!(
            max > 400,
            "some task is slower than the plain latency: {each:?}"
        );
        let bounded = ideal(Strategy::FetchBounded, &jittery).unwrap();
        assert!(
            bounded >= f64::from(sum) / 4.0 && bounded <= f64::from(sum) / 4.0 + f64::from(max)
        );
        assert_eq!(
            ideal(Strategy::FetchSameUrl, &jittery),
            Some(400.0),
            "one URL, no jitter"
        );

        // A hang nothing ends has no finite ideal; the timeout gives it one.
        let hanging = Params {
            hangs: 100,
            ..flat.clone()
        };
        assert_eq!(ideal(Strategy::FetchConcurrent, &hanging), None);
        let cut = Params {
            timeout: 1500,
            ..hanging
        };
        assert_eq!(ideal(Strategy::FetchSequential, &cut), Some(9000.0));
        // Past MAX_STARTED_AT_ONCE tasks, "start everything" starts a thousand at a time.
        let many = Params {
            tasks: 2_500,
            latency: 100,
            ..flat.clone()
        };
        assert_eq!(ideal(Strategy::FetchConcurrent, &many), Some(300.0));
        assert_eq!(ideal(Strategy::FetchSameUrl, &many), Some(300.0));
        // A real target's latency is unknown.
        let target = Params {
            target: "https://example.org/".into(),
            ..flat
        };
        assert_eq!(ideal(Strategy::FetchSequential, &target), None);
    }

    #[test]
    fn map_delivers_in_input_order_as_completed_in_completion_order() {
        let t = std::cell::Cell::new(0.0);
        let clock = || {
            t.set(t.get() + 1.0);
            t.get()
        };
        let (_, map) = block_on(fetch_map(5, 5, &clock, &|_, _| {}, fake));
        let (_, done) = block_on(fetch_as_completed(5, 5, &clock, &|_, _| {}, fake));
        assert_eq!(map.order, [0, 1, 2, 3, 4]);
        assert_eq!(
            done.order[0], 4,
            "the shortest task completes first: {:?}",
            done.order
        );
        assert!(done.at_ms[0] - done.at_ms[0].min(0.0) <= done.at_ms[4]);
        // Input order waits for the slowest early task: no result before task 0's end.
        assert!(map.at_ms.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn delivery_orders_from_spans() {
        let spans = [
            Span::new(0, 0, 0.0, 30.0, true),
            Span::new(1, 1, 0.0, 10.0, true),
            Span::new(2, 2, 0.0, 20.0, true),
        ];
        let map = in_input_order(&spans);
        assert_eq!(map.order, [0, 1, 2]);
        assert_eq!(map.at_ms, [30.0, 30.0, 30.0]);
        let done = in_completion_order(&spans);
        assert_eq!(done.order, [1, 2, 0]);
        assert_eq!(done.at_ms, [10.0, 20.0, 30.0]);
    }
}
