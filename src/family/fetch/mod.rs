//! The fetch strategies: the seeds' loops, pools and `asyncio.gather` over the browser's fetch.
//!
//! Each is generic over the request (`fetch`), so the browser glue passes a real `fetch` and
//! the host tests a fake one. They differ in how many requests they keep in flight, and the
//! map / as-completed pair in the order results reach the caller.

pub mod detail;
pub mod processes;
pub mod threads;
pub mod wire;

use crate::model::{Run, Span, TaskOutcome};
use crate::schedule::run_bounded;
use crate::spec::{CONNECTIONS_PER_HOST, MAX_SHARDS, MAX_STARTED_AT_ONCE};
use serde::Serialize;
use std::future::Future;

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

/// `asyncio.gather` spread over many host names of the same server: HTTP/1.1 domain sharding.
///
/// Chromium keeps its 6-connection limit per host, and resolves every `*.localhost` name to
/// loopback itself, so `s0.localhost`, `s1.localhost`, ... on the page's own server and port are
/// separate hosts to it: one host per 6 requests wanted ([`shard_count`]) lets hundreds be on
/// the wire at once, with no extra ports and no certificates. Expect 24 x 500 ms in about one
/// latency over 4 hosts, and 1000 x 50 ms well past `fetch-multiport`; the next ceilings are the
/// browser's socket pool (about 256 in all) and its CPU per request. `url_for(i)` picks task
/// `i`'s host.
pub async fn fetch_sharded<F, Fut>(
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

/// How many of `available` host names `fetch-sharded` uses for `tasks` requests: one per
/// [`CONNECTIONS_PER_HOST`] requests that can be in flight, at most [`MAX_SHARDS`] (40 hosts x 6
/// is just under Chromium's 256 sockets in all), at least one.
pub fn shard_count(tasks: u32, available: usize) -> u32 {
    let wanted = tasks
        .min(MAX_STARTED_AT_ONCE)
        .div_ceil(CONNECTIONS_PER_HOST);
    let offered = u32::try_from(available).unwrap_or(u32::MAX);
    wanted.min(MAX_SHARDS).min(offered).max(1)
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

/// Which of the functions above runs a fetch strategy on the worker's event loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    Sequential,
    Concurrent,
    Bounded,
    Map,
    AsCompleted,
    Multiport,
    Sharded,
    SameUrl,
}

/// Which URL each task of a fetch strategy asks for: what it spreads its requests over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spread {
    /// A distinct URL per task on the mock API (or the target), `cache: 'no-store'`.
    OwnUrl,
    /// The mock API and its copies on other ports (`mirrors` in the parameters), in turn.
    Mirrors,
    /// The server under several host names (`shards` in the parameters), in turn.
    Shards,
    /// One identical URL for every task, with the browser's default cache mode.
    OneUrl,
}

impl Spread {
    /// What it spreads its requests over, in the page's words (`spreadsOver` in www/spec.json).
    pub fn over(self) -> Option<&'static str> {
        match self {
            Spread::Mirrors => Some("ports"),
            Spread::Shards => Some("hosts"),
            Spread::OwnUrl | Spread::OneUrl => None,
        }
    }
}

impl Schedule {
    /// Runs the schedule's function: its run, and the order results reached the caller for
    /// the two that record one.
    pub async fn run<F, Fut>(
        self,
        tasks: u32,
        k: u32,
        clock: &dyn Fn() -> f64,
        on_done: &dyn Fn(u32, &Span),
        fetch: F,
    ) -> (Run, Option<Delivery>)
    where
        F: Fn(u32) -> Fut,
        Fut: Future<Output = TaskOutcome>,
    {
        let delivered = |(run, delivery): (Run, Delivery)| (run, Some(delivery));
        match self {
            Schedule::Sequential => (fetch_sequential(tasks, clock, on_done, fetch).await, None),
            Schedule::Concurrent => (fetch_concurrent(tasks, clock, on_done, fetch).await, None),
            Schedule::Bounded => (fetch_bounded(tasks, k, clock, on_done, fetch).await, None),
            Schedule::Map => delivered(fetch_map(tasks, k, clock, on_done, fetch).await),
            Schedule::AsCompleted => {
                delivered(fetch_as_completed(tasks, k, clock, on_done, fetch).await)
            }
            Schedule::Multiport => (fetch_multiport(tasks, clock, on_done, fetch).await, None),
            Schedule::Sharded => (fetch_sharded(tasks, clock, on_done, fetch).await, None),
            Schedule::SameUrl => (fetch_same_url(tasks, clock, on_done, fetch).await, None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::testing::Yield;
    use futures::executor::block_on;

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

    #[test]
    fn sharding_takes_one_host_per_six_requests_up_to_the_cap() {
        assert_eq!(shard_count(1, 40), 1);
        assert_eq!(shard_count(6, 40), 1);
        assert_eq!(shard_count(7, 40), 2);
        assert_eq!(shard_count(24, 40), 4);
        assert_eq!(shard_count(1000, 40), 40);
        assert_eq!(shard_count(1000, 100), MAX_SHARDS);
        assert_eq!(shard_count(1000, 8), 8, "no more than the server offers");
        assert_eq!(shard_count(0, 40), 1);
    }
}
