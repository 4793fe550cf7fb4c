//! Runs a strategy by its [`Plan`] ([`crate::plan`]): each family's glue with this worker's
//! requests, the pool and the cancel flag plugged in. It names no strategy: the plan's
//! exhaustive match does, so a strategy without an arm fails to build rather than to run.

use super::progress::Progress;
use super::{cpu, fetch, pipeline, queue, race};
use crate::model::RunClock;
use crate::params::Params;
use crate::plan::{Executor, Plan};
use crate::report::Outcome;

/// Runs `plan` to what its strategy hands back.
pub async fn run_plan(
    plan: Plan,
    params: &Params,
    clock: impl RunClock,
    progress: Progress,
) -> Outcome {
    match plan {
        Plan::Fetch(schedule, spread) => {
            fetch::run(schedule, spread, params, &clock, &progress).await
        }
        Plan::Executor(executor) => run_executor(executor, params, clock, &progress).await,
        Plan::Cpu(cpu_plan) => cpu::run(cpu_plan, params, clock, progress).await,
        Plan::Race(race_with) => race::run(race_with, params, clock, progress).await,
        Plan::Pipeline(schedule) => pipeline::run(schedule, params, clock, progress).await,
        Plan::Queue(shape) => queue::run(shape, params, clock, progress).await,
    }
}

/// The fetch strategies of real threads and processes, each blocked in its requests.
async fn run_executor(
    executor: Executor,
    params: &Params,
    clock: impl RunClock,
    progress: &Progress,
) -> Outcome {
    let cores = params.context.cores;
    match executor {
        #[cfg(feature = "threads")]
        Executor::Threads => {
            let k = params.thread_workers(cores);
            fetch::thread_workers::run(params, k, clock, progress).await
        }
        #[cfg(not(feature = "threads"))]
        Executor::Threads => Err("fetch-threads needs the threaded build (shared memory)".into()),
        Executor::Processes => {
            let k = params.process_workers(cores);
            fetch::process_workers::run(params, k, &clock, progress).await
        }
    }
}

/// What a plan needs ready before its clock starts: `fetch-threads`' threads, which are kept
/// between runs (as the rayon pool is), so that no run pays for starting Workers.
pub async fn prepare(plan: Plan, params: &Params) -> Result<(), String> {
    #[cfg(feature = "threads")]
    if let Plan::Executor(Executor::Threads) = plan {
        return fetch::thread_workers::prepare(params.thread_workers(params.context.cores)).await;
    }
    let _ = (plan, params);
    Ok(())
}
