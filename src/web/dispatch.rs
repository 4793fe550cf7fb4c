//! Which named strategy function runs for each [`Strategy`], with this worker's requests, the
//! pool and the cancel flag plugged in.

use super::cancel;
use super::cpu_models;
use super::http::{Requests, WireTimedGets};
use super::pool;
use super::progress::Progress;
use super::task_workers;
use super::urls::{next_run_nonce, same_url, task_url};
use crate::cpu::{self, Clock, CpuJob, OnSpan};
use crate::detail::{Detail, Hosts, Ports};
use crate::fetch::{self, Delivery};
use crate::params::Params;
use crate::pipeline;
use crate::race::{self, Count, RaceJob};
use crate::report::Span;
use crate::schedule::{Run, TaskError, TaskOutcome};
use crate::strategy::{Family, Strategy};
use std::future::Future;

/// What a strategy's run hands back to be shaped into its result, or why it did not run.
pub type Outcome = Result<(Run, Option<Detail>), String>;

/// The strategy's clock, ms since it started: copied into pool threads, so `Send + Copy`.
pub trait RunClock: Fn() -> f64 + Send + Sync + Copy + 'static {}
impl<C: Fn() -> f64 + Send + Sync + Copy + 'static> RunClock for C {}

pub async fn run_family(
    strategy: Strategy,
    params: &Params,
    clock: impl RunClock,
    progress: Progress,
) -> Outcome {
    match strategy.family() {
        Family::Fetch if is_executor(strategy) => {
            run_executor(strategy, params, clock, &progress).await
        }
        Family::Fetch => run_fetch(strategy, params, &clock, &progress).await,
        Family::Cpu => run_cpu(strategy, params, clock, progress).await,
        Family::Race => run_race(strategy, params, clock, progress).await,
        Family::Pipeline => run_pipeline(strategy, params, clock, progress).await,
    }
}

fn not_in_family(strategy: Strategy) -> String {
    format!(
        "{} is not a {} strategy",
        strategy.id(),
        strategy.family().name()
    )
}

const NO_MIRRORS: &str = "fetch-multiport needs the mock API on other ports (`mirrors`); the \
                          page asks the server for them at start";

const NO_SHARDS: &str = "fetch-sharded needs the playground's own server (`npm start`), which \
                         answers under s0.localhost, s1.localhost, ...; this page's server \
                         does not (a static host, or a page not on localhost)";

/// Whether the server offers what `strategy` spreads its requests over.
fn check_endpoints(strategy: Strategy, params: &Params) -> Result<(), String> {
    match strategy {
        Strategy::FetchMultiport if params.mirrors.is_empty() => Err(NO_MIRRORS.into()),
        Strategy::FetchSharded if params.shards.is_empty() => Err(NO_SHARDS.into()),
        _ => Ok(()),
    }
}

fn is_executor(strategy: Strategy) -> bool {
    matches!(strategy, Strategy::FetchThreads | Strategy::FetchProcesses)
}

/// The fetch strategies of real threads and processes, each blocked in its requests.
async fn run_executor(
    strategy: Strategy,
    params: &Params,
    clock: impl RunClock,
    progress: &Progress,
) -> Outcome {
    let cores = params.context.cores;
    match strategy {
        #[cfg(feature = "threads")]
        Strategy::FetchThreads => {
            let k = params.thread_workers(cores);
            super::thread_workers::run(params, k, clock, progress).await
        }
        Strategy::FetchProcesses => {
            let k = params.process_workers(cores);
            super::process_workers::run(params, k, &clock, progress).await
        }
        _ => Err(format!(
            "{} needs the threaded build (shared memory)",
            strategy.id()
        )),
    }
}

async fn run_fetch(
    strategy: Strategy,
    params: &Params,
    clock: &dyn Fn() -> f64,
    progress: &Progress,
) -> Outcome {
    check_endpoints(strategy, params)?;
    let nonce = next_run_nonce();
    let gets = WireTimedGets::start(params, clock);
    let on_done = |_: u32, s: &Span| progress.record(*s);
    let own_url = |i: u32| gets.get(i, task_url(&params.api, params, nonce, i), true);
    let (tasks, k) = (params.tasks, params.concurrency);
    let delivered = |(run, delivery): (Run, Delivery)| (run, Some(Detail::delivery(&delivery)));
    let (run, detail) = match strategy {
        Strategy::FetchSequential => (
            fetch::fetch_sequential(tasks, clock, &on_done, own_url).await,
            None,
        ),
        Strategy::FetchConcurrent => (
            fetch::fetch_concurrent(tasks, clock, &on_done, own_url).await,
            None,
        ),
        Strategy::FetchBounded => (
            fetch::fetch_bounded(tasks, k, clock, &on_done, own_url).await,
            None,
        ),
        Strategy::FetchMap => delivered(fetch::fetch_map(tasks, k, clock, &on_done, own_url).await),
        Strategy::FetchAsCompleted => {
            delivered(fetch::fetch_as_completed(tasks, k, clock, &on_done, own_url).await)
        }
        Strategy::FetchMultiport => {
            let bases: Vec<&str> = std::iter::once(params.api.as_str())
                .chain(params.mirrors.iter().map(String::as_str))
                .collect();
            let spread = |i: u32| {
                let base = bases[i as usize % bases.len()];
                gets.get(i, task_url(base, params, nonce, i), true)
            };
            let ports = Detail::Ports(Ports {
                ports: bases.len() as u32,
            });
            let run = fetch::fetch_multiport(tasks, clock, &on_done, spread).await;
            (run, Some(ports))
        }
        Strategy::FetchSharded => {
            let hosts = fetch::shard_count(tasks, params.shards.len());
            let spread = |i: u32| {
                let base = &params.shards[(i % hosts) as usize];
                gets.get(i, task_url(base, params, nonce, i), true)
            };
            let run = fetch::fetch_sharded(tasks, clock, &on_done, spread).await;
            (run, Some(Detail::Hosts(Hosts { hosts })))
        }
        Strategy::FetchSameUrl => {
            let url = same_url(params, nonce);
            // The default cache mode, so the HTTP cache lock queues them: what this one shows.
            let same = |i: u32| gets.get(i, url.clone(), false);
            let run = fetch::fetch_same_url(tasks, clock, &on_done, same).await;
            (run, None)
        }
        _ => return Err(not_in_family(strategy)),
    };
    Ok((gets.with_wire_times(run), detail))
}

/// What a strategy needs ready before its clock starts: `fetch-threads`' threads, which are
/// kept between runs (as the rayon pool is), so that no run pays for starting Workers.
pub async fn prepare(strategy: Strategy, params: &Params) -> Result<(), String> {
    #[cfg(feature = "threads")]
    if strategy == Strategy::FetchThreads {
        return super::thread_workers::prepare(params.thread_workers(params.context.cores)).await;
    }
    let _ = (strategy, params);
    Ok(())
}

/// A CPU strategy over a job and the pool's thread count.
type CpuStrategy = fn(&CpuJob, u32, &Clock<'_>, &OnSpan<'_>) -> Run;

async fn run_cpu(
    strategy: Strategy,
    params: &Params,
    clock: impl RunClock,
    progress: Progress,
) -> Outcome {
    let job = CpuJob {
        stop: cancel::flag(),
        ..CpuJob::new(params.kernel, params.tasks, params.work)
    };
    let compute: CpuStrategy = match strategy {
        Strategy::CpuSequential => {
            |job, _, clock, on_span| cpu::cpu_sequential(job, clock, on_span)
        }
        Strategy::CpuRayon => |job, _, clock, on_span| cpu::cpu_rayon(job, clock, on_span),
        Strategy::CpuStaticChunks => cpu::cpu_static_chunks,
        Strategy::CpuQueue => cpu::cpu_queue,
        Strategy::CpuWorkerPerTask => return task_workers::run(job, &clock, &progress).await,
        Strategy::CpuThreadsGil => return cpu_models::threads_gil(job, clock, progress).await,
        Strategy::CpuEventLoop => return cpu_models::event_loop(job, clock, progress).await,
        _ => return Err(not_in_family(strategy)),
    };
    let threads = pool::threads();
    let run =
        pool::start_work(move || compute(&job, threads, &clock, &|s: Span| progress.record(s)))
            .await?;
    let detail = Detail::cpu_values(params.kernel, &run.values);
    Ok((run, detail))
}

async fn run_race(
    strategy: Strategy,
    params: &Params,
    clock: impl RunClock,
    progress: Progress,
) -> Outcome {
    let race_with: fn(RaceJob, &Clock<'_>, &OnSpan<'_>) -> (Run, Count) = match strategy {
        Strategy::RaceUnsynchronized => race::race_unsynchronized,
        Strategy::RaceAtomic => race::race_atomic,
        Strategy::RaceMutex => race::race_mutex,
        _ => return Err(not_in_family(strategy)),
    };
    let job = RaceJob {
        workers: params.tasks,
        increments: u64::from(params.work) * 1000,
        stop: cancel::flag(),
    };
    let (run, count) =
        pool::start_work(move || race_with(job, &clock, &|s: Span| progress.record(s))).await?;
    Ok((run, Some(Detail::Count(count))))
}

async fn run_pipeline(
    strategy: Strategy,
    params: &Params,
    clock: impl RunClock,
    progress: Progress,
) -> Outcome {
    let nonce = next_run_nonce();
    let requests = Requests::new(params);
    let fetch = |i: u32| requests.text(task_url(&params.pages, params, nonce, i));
    let on_span = |s: Span| progress.record(s);
    let parse = |i: u32, body: String| parse_on_pool(i, body, clock, progress.clone());
    let (tasks, k) = (params.tasks, params.concurrency);
    let held_max = pipeline::HELD_PAGES_MAX_BYTES;
    let run = match strategy {
        Strategy::PipelineSequential => {
            pipeline::pipeline_sequential(tasks, &clock, &on_span, fetch).await
        }
        Strategy::PipelineFetchThenParse => {
            pipeline::pipeline_fetch_then_parse(tasks, k, held_max, &clock, &on_span, fetch, parse)
                .await
        }
        Strategy::PipelineOverlapped => {
            pipeline::pipeline_overlapped(tasks, k, &clock, &on_span, fetch, parse).await
        }
        _ => return Err(not_in_family(strategy)),
    };
    Ok((run, None))
}

/// Hands page `i` to the pool now; the future resolves when a pool thread has parsed it, or
/// skipped it because Cancel came first. The parse's span is recorded where it ends, because
/// the pipelines' own `on_span` sees only the fetch stage of a page parsed on the pool.
fn parse_on_pool(
    i: u32,
    body: String,
    clock: impl RunClock,
    progress: Progress,
) -> impl Future<Output = (Span, TaskOutcome)> {
    let parsed = pool::start_work(move || {
        let lane = rayon::current_thread_index().unwrap_or(0) as u32;
        let parsed = if cancel::cancelled() {
            pipeline::parse_not_run(i, lane, clock(), TaskError::Cancelled)
        } else {
            pipeline::timed_parse(i, lane, &body, &clock)
        };
        progress.record(parsed.0);
        parsed
    });
    async move {
        parsed
            .await
            .unwrap_or_else(|e| pipeline::parse_not_run(i, 0, clock(), TaskError::Failed(e)))
    }
}
