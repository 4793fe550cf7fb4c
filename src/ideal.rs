//! Ideal times: what a strategy would take with no overhead at all. One model, here; every
//! result carries its `idealMs`, and the page and the benchmark read that.
//!
//! Requests: each task's own floor (latency with its spread, its fault, the timeout; see
//! [`Params::task_floor_ms`]) run in order with the strategy's in-flight limit, not even the
//! browser's six connections per host counted. CPU: the measured sequential time divided by
//! the speedup `N / ceil(N / p)` that `p = min(pool threads, cores)` threads allow for `N`
//! equal tasks: more threads than cores add no speedup.

use crate::params::{Context, Params};
use crate::spec::{Ideal, InFlight, Strategy, Threads, MAX_STARTED_AT_ONCE};

/// The ideal speedup of `tasks` equal tasks on `threads` threads over `cores` cores.
pub fn cpu_speedup(tasks: u32, threads: u32, cores: u32) -> f64 {
    let cores = if cores == 0 { threads } else { cores };
    let p = threads.min(cores).min(tasks).max(1);
    f64::from(tasks) / f64::from(tasks.div_ceil(p).max(1))
}

/// The ideal wall time of `strategy` under `params`, in ms; `None` where no finite ideal
/// exists: the race and the pipeline, a real target URL (its latency is unknown), a hang no
/// timeout ends (the mock API's one-minute close is a safety net, not part of the
/// experiment), or a CPU strategy without a sequential time to scale.
/// `own_wall_ms` is the strategy's own measured time (`cpu-sequential`'s ideal is itself).
pub fn ideal_ms(
    strategy: Strategy,
    params: &Params,
    ctx: &Context,
    own_wall_ms: f64,
) -> Option<f64> {
    let in_flight = |limit: InFlight| match limit {
        InFlight::One => 1,
        InFlight::K => params.concurrency,
        InFlight::All => params.tasks.min(MAX_STARTED_AT_ONCE),
        InFlight::ThreadWorkers => params.thread_workers(ctx.cores),
        InFlight::ProcessWorkers => params.process_workers(ctx.cores),
    };
    match strategy.ideal() {
        Ideal::None => None,
        Ideal::Requests(_) | Ideal::OneUrl(_) if !params.target.is_empty() => None,
        Ideal::Requests(limit) => {
            let floors: Option<Vec<u32>> =
                (0..params.tasks).map(|t| params.task_floor_ms(t)).collect();
            Some(crate::stats::ideal_in_order_ms(floors?, in_flight(limit)) as f64)
        }
        Ideal::OneUrl(limit) => {
            let one = match params.timeout {
                0 => params.latency,
                t => params.latency.min(t),
            };
            let all = std::iter::repeat_n(one, params.tasks as usize);
            Some(crate::stats::ideal_in_order_ms(all, in_flight(limit)) as f64)
        }
        Ideal::Cpu(Threads::One) => Some(own_wall_ms),
        // One computes at a time: the best it can do is the sequential time.
        Ideal::Cpu(Threads::OneAtATime) => ctx.sequential_ms,
        Ideal::Cpu(Threads::Pool) => ctx
            .sequential_ms
            .map(|seq| seq / cpu_speedup(params.tasks, ctx.pool_threads, ctx.cores)),
    }
}

/// The ideal a result carries: none for a stopped one (`cancelled` tasks), which timed only
/// some tasks.
pub fn for_result(
    strategy: Strategy,
    params: &Params,
    ctx: &Context,
    cancelled: u32,
    wall_ms: f64,
) -> Option<f64> {
    if cancelled > 0 {
        return None;
    }
    ideal_ms(strategy, params, ctx, wall_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fetch_ideals_follow_each_task_latency_and_limit() {
        let flat = Params {
            tasks: 6,
            latency: 1000,
            concurrency: 4,
            ..Params::default()
        };
        let ideal = |s: Strategy, p: &Params| ideal_ms(s, p, &Context::default(), 0.0);
        assert_eq!(ideal(Strategy::FetchSequential, &flat), Some(6000.0));
        assert_eq!(ideal(Strategy::FetchConcurrent, &flat), Some(1000.0));
        assert_eq!(ideal(Strategy::FetchBounded, &flat), Some(2000.0));
        assert_eq!(ideal(Strategy::FetchSameUrl, &flat), Some(1000.0));
        assert_eq!(
            ideal(Strategy::CpuRayon, &flat),
            None,
            "no sequential time to scale"
        );
        assert_eq!(ideal(Strategy::RaceAtomic, &flat), None);

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
    fn cpu_ideals_scale_the_sequential_time_by_the_cores_that_exist() {
        // The seeds' 64 ranges on 2 cores: at most 2x, however many threads the pool has.
        assert_eq!(cpu_speedup(64, 2, 2), 2.0);
        assert_eq!(
            cpu_speedup(64, 4, 2),
            2.0,
            "oversubscription adds no speedup"
        );
        assert_eq!(cpu_speedup(64, 16, 24), 16.0);
        assert_eq!(
            cpu_speedup(5, 4, 8),
            5.0 / 2.0,
            "the last round is not full"
        );
        assert_eq!(cpu_speedup(1, 8, 8), 1.0);
        assert_eq!(
            cpu_speedup(6, 3, 0),
            3.0,
            "unknown cores: the pool's threads"
        );
        let p = Params {
            tasks: 64,
            ..Params::default()
        };
        let ctx = Context {
            sequential_ms: Some(1600.0),
            pool_threads: 4,
            cores: 2,
        };
        assert_eq!(ideal_ms(Strategy::CpuRayon, &p, &ctx, 900.0), Some(800.0));
        assert_eq!(
            ideal_ms(Strategy::CpuSequential, &p, &ctx, 1590.0),
            Some(1590.0),
            "the sequential run is its own ideal"
        );
        let alone = Context {
            sequential_ms: None,
            ..ctx
        };
        assert_eq!(ideal_ms(Strategy::CpuQueue, &p, &alone, 900.0), None);
    }
}
