//! The pipeline family's glue: pages fetched on this worker's event loop, parsed on the pool.

use crate::family::pipeline::{self, Schedule};
use crate::model::{RunClock, Span, TaskError, TaskOutcome};
use crate::params::Params;
use crate::report::Outcome;
use crate::web::fetch::http::Requests;
use crate::web::fetch::urls::{next_run_nonce, task_url};
use crate::web::progress::Progress;
use crate::web::{cancel, pool};
use std::future::Future;

/// Runs the pipeline `schedule` over the mock API's pages (or the target).
pub async fn run(
    schedule: Schedule,
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
    let run = schedule.run(tasks, k, &clock, &on_span, fetch, parse).await;
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
