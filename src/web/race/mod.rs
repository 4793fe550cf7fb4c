//! The race family's glue: its function on the pool, cancellable by the page's Cancel.

use crate::family::race::{RaceFn, RaceJob};
use crate::model::{RunClock, Span};
use crate::params::Params;
use crate::report::{Detail, Outcome};
use crate::web::progress::Progress;
use crate::web::{cancel, pool};

/// Runs `race_with` with `tasks` workers of `work` thousand increments each.
pub async fn run(
    race_with: RaceFn,
    params: &Params,
    clock: impl RunClock,
    progress: Progress,
) -> Outcome {
    let job = RaceJob {
        workers: params.tasks,
        increments: u64::from(params.work) * 1000,
        stop: cancel::flag(),
    };
    let (run, count) =
        pool::start_work(move || race_with(job, &clock, &|s: Span| progress.record(s))).await?;
    Ok((run, Some(Detail::Count(count))))
}
