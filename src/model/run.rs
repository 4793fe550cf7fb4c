//! How tasks end and what a strategy's run hands back: the outcome of each task and the spans,
//! checksum and failures of the whole run.

use super::span::{Span, Status};

/// Why a task did not produce a value: like a `Future`, it raised or it was cancelled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskError {
    /// The task failed; the reason in plain words.
    Failed(String),
    /// The task was cancelled (Cancel was pressed): before it started, or while it ran.
    Cancelled,
}

impl From<String> for TaskError {
    fn from(reason: String) -> Self {
        TaskError::Failed(reason)
    }
}

impl TaskError {
    pub fn status(&self) -> Status {
        match self {
            TaskError::Failed(_) => Status::Failed,
            TaskError::Cancelled => Status::Cancelled,
        }
    }
}

/// What one task reports: `Ok(value)` (summed into the checksum), a failure, or a cancellation.
pub type TaskOutcome = Result<u64, TaskError>;

/// The status a span gets for an outcome.
pub fn status_of<T>(outcome: &Result<T, TaskError>) -> Status {
    outcome.as_ref().err().map_or(Status::Ok, TaskError::status)
}

/// Everything a strategy's run hands back (`crate::schedule::run_bounded` and every family).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Run {
    pub spans: Vec<Span>,
    /// Sum of the `Ok` values.
    pub checksum: u64,
    /// `(task, reason)` for every failed task, by task index.
    pub failures: Vec<(u32, String)>,
    /// Each task's `Ok` value, by task index (0 for a failed or cancelled task).
    pub values: Vec<u64>,
}

/// Collects the failures of `(task, outcome)` pairs sorted by task.
pub fn failures_of<'a, T: 'a>(
    outcomes: impl IntoIterator<Item = (u32, &'a Result<T, TaskError>)>,
) -> Vec<(u32, String)> {
    outcomes
        .into_iter()
        .filter_map(|(task, o)| match o {
            Err(TaskError::Failed(reason)) => Some((task, reason.clone())),
            _ => None,
        })
        .collect()
}
