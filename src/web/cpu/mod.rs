//! The CPU family's glue: a core function on the pool, or one of the strategies that need the
//! browser's own pieces: [`worker_per_task`] (a Web Worker per task) and [`python_models`]
//! (threads under the GIL on the pool, coroutines on this worker's event loop).

pub mod python_models;
pub mod worker_per_task;

use crate::family::cpu::CpuJob;
use crate::model::{RunClock, Span};
use crate::params::Params;
use crate::plan::CpuPlan;
use crate::report::{Detail, Outcome};
use crate::web::progress::Progress;
use crate::web::{cancel, pool};

/// Runs the CPU strategy `plan` describes, cancellable by the page's Cancel.
pub async fn run(
    plan: CpuPlan,
    params: &Params,
    clock: impl RunClock,
    progress: Progress,
) -> Outcome {
    let job = CpuJob {
        stop: cancel::flag(),
        ..CpuJob::new(params.kernel, params.tasks, params.work)
    };
    let compute = match plan {
        CpuPlan::OnPool(compute) => compute,
        CpuPlan::WorkerPerTask => return worker_per_task::run(job, &clock, &progress).await,
        CpuPlan::ThreadsGil => return python_models::threads_gil(job, clock, progress).await,
        CpuPlan::EventLoop => return python_models::event_loop(job, clock, progress).await,
    };
    let threads = pool::threads();
    let run =
        pool::start_work(move || compute(&job, threads, &clock, &|s: Span| progress.record(s)))
            .await?;
    let detail = Detail::cpu_values(params.kernel, &run.values);
    Ok((run, detail))
}
