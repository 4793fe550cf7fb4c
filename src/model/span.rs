//! A task's span: when it ran, on which lane, how it ended. Every family reports its work as
//! spans, and the report derives its counts from them.

use serde::{Deserialize, Serialize};

/// One task's life: when it started and ended, and on which lane.
///
/// Times are ms since the strategy started, on one clock shared by every worker
/// (`performance.timeOrigin + performance.now()`), so spans from different pool threads line up.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Span {
    pub task: u32,
    /// For CPU work the rayon thread index; for fetch the in-flight slot that ran the task.
    pub lane: u32,
    pub start_ms: f64,
    pub end_ms: f64,
    /// The task's work finished without error. False for failed *and* cancelled tasks.
    pub ok: bool,
    /// The task was cancelled: it never started, or its request was aborted, because the
    /// person pressed Cancel. A cancelled task is neither ok nor failed.
    #[serde(default, skip_serializing_if = "is_false")]
    pub cancelled: bool,
    /// For strategies whose tasks have two stages (the pipeline): `fetch` or `parse`. Lanes are
    /// numbered per phase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<Phase>,
    /// For fetches: when the browser actually sent the request (Resource Timing's
    /// `requestStart`). Between `start_ms` and this the request waited inside the browser,
    /// e.g. for one of the 6 connections it allows per host:port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_ms: Option<f64>,
    /// For fetches: when the last byte of the answer arrived (Resource Timing's `responseEnd`).
    /// `end_ms` is later: it is when the code got to see it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_ms: Option<f64>,
}

/// A stage of a two-stage task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Fetch,
    Parse,
    /// Not a task's work: a worker starting before its first task (`fetch-processes`), drawn
    /// in that worker's lane and left out of the in-flight and lane counts.
    Startup,
    /// A delivery the broker took back: its worker went silent (left, was killed) and the task
    /// went to another worker. Drawn in the lane it ran in; the task's outcome is its other span.
    Lost,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// How a task ended: like a `Future`, with a result, an exception or a cancellation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Failed,
    Cancelled,
}

impl Span {
    /// A one-stage span.
    pub fn new(task: u32, lane: u32, start_ms: f64, end_ms: f64, ok: bool) -> Span {
        Span {
            task,
            lane,
            start_ms,
            end_ms,
            ok,
            cancelled: false,
            phase: None,
            sent_ms: None,
            received_ms: None,
        }
    }

    /// A one-stage span that ended with `status`.
    pub fn with_status(task: u32, lane: u32, start_ms: f64, end_ms: f64, status: Status) -> Span {
        Span {
            cancelled: status == Status::Cancelled,
            ..Span::new(task, lane, start_ms, end_ms, status == Status::Ok)
        }
    }

    pub fn status(&self) -> Status {
        match (self.ok, self.cancelled) {
            (true, _) => Status::Ok,
            (false, true) => Status::Cancelled,
            (false, false) => Status::Failed,
        }
    }
}
