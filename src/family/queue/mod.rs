//! The queue family: tasks through a real broker (Redis, behind the playground server's
//! `/queue` bridge) to every worker that joined — this page's threads, tabs opened with the join
//! link, Python processes. The browser glue (`src/web/queue/`) talks to the bridge; this module
//! only shapes what the broker reported into the run's spans and `detail`, so it is host tested
//! with summaries written by hand. docs/task-queue.md is the protocol.

pub mod summary;

use crate::model::{Phase, Run, Span, Status};
use serde::{Deserialize, Serialize};
pub use summary::{DeliveryRow, Summary, TaskResult, WorkerRow};

/// A queue strategy's core: the broker's summary and the offset from its clock to the run's
/// (run ms = server ms + offset) in, the run and its detail out.
pub type QueueFn = fn(&Summary, f64) -> (Run, QueueDetail);

/// One timeline lane: a thread of a worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lane {
    pub worker: String,
    pub thread: u32,
}

/// A worker as the report shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkerShown {
    pub name: String,
    pub kind: String,
    pub host: String,
    /// Deliveries it took, lost ones included.
    pub taken: u32,
}

/// `queue-broker`'s detail: who took the tasks, and what the broker cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueDetail {
    pub workers: Vec<WorkerShown>,
    /// Lane `i` of the spans is `lanes[i]`.
    pub lanes: Vec<Lane>,
    /// Deliveries made, redeliveries included.
    pub deliveries: u32,
    /// Deliveries the broker took back from a silent worker and gave to another.
    pub redelivered: u32,
    /// Results that came after their task was taken back, thrown away.
    pub dropped: u32,
    /// Tasks delivered `maxDeliveries` times without a result: failed.
    pub dead_letters: u32,
    /// Mean time a completed delivery spent outside its own work (bridge, broker, worker).
    pub broker_ms_per_task: Option<f64>,
}

/// `queue-broker`: Celery with a Redis broker — `task.delay()` per task, any worker takes the
/// next, results come back through the broker. One span per delivery on the lane of the worker
/// thread that ran it; a delivery whose worker went silent is cut off where the broker took it
/// back (a [`Phase::Lost`] span from its delivery, or from the task's enqueue when the broker
/// does not say when it began) and the task's next delivery runs on another lane. Every task ends once:
/// ok, failed (its error, or dead-lettered) or cancelled. Expect it slower than `cpu-queue` on
/// one machine (each task crosses the broker, `brokerMsPerTask`), faster only with workers on
/// cores of their own.
pub fn queue_broker(summary: &Summary, offset_ms: f64) -> (Run, QueueDetail) {
    let mut lanes: Vec<Lane> = Vec::new();
    let mut spans = Vec::with_capacity(summary.deliveries.len() + summary.tasks as usize);
    let mut last_ms = 0.0f64;
    for d in &summary.deliveries {
        let Some(status) = span_status(&d.status) else {
            continue;
        };
        let lane = lane_of(&mut lanes, &d.worker, d.thread.unwrap_or(0));
        let start = d.delivered.unwrap_or(d.enqueued) + offset_ms;
        let end = (d.ended + offset_ms).max(start);
        last_ms = last_ms.max(end);
        let mut span = Span::with_status(d.task, lane, start, end, status);
        if d.status == "reclaimed" {
            span.phase = Some(Phase::Lost);
        }
        spans.push(span);
    }
    let mut run = outcomes(summary, last_ms);
    spans.append(&mut run.spans);
    run.spans = spans;
    (run, detail(summary, lanes))
}

/// A delivery's span status; `None` for a late result (`dropped`), which ran nowhere new.
fn span_status(status: &str) -> Option<Status> {
    match status {
        "ok" => Some(Status::Ok),
        "failed" | "dead" => Some(Status::Failed),
        "reclaimed" => Some(Status::Cancelled),
        _ => None,
    }
}

fn lane_of(lanes: &mut Vec<Lane>, worker: &str, thread: u32) -> u32 {
    let found = lanes
        .iter()
        .position(|l| l.worker == worker && l.thread == thread);
    let at = found.unwrap_or_else(|| {
        lanes.push(Lane {
            worker: worker.to_string(),
            thread,
        });
        lanes.len() - 1
    });
    at as u32
}

/// Values, checksum and failures from the per-task results, and a zero-length cancelled span
/// (at `end_ms`) for each task that never ended, so that every task is counted once.
fn outcomes(summary: &Summary, end_ms: f64) -> Run {
    let mut run = Run {
        values: vec![0; summary.tasks as usize],
        ..Run::default()
    };
    let cancelled = TaskResult::default();
    for task in 0..summary.tasks {
        let result = summary.results.get(task as usize).unwrap_or(&cancelled);
        match result.status.as_str() {
            "ok" => {
                let value = result.value.as_deref().and_then(|v| v.parse().ok());
                let value: u64 = value.unwrap_or(0);
                run.values[task as usize] = value;
                run.checksum = run.checksum.wrapping_add(value);
            }
            "failed" => {
                let reason = result.error.clone().unwrap_or_else(|| "failed".into());
                run.failures.push((task, reason));
            }
            _ => run.spans.push(Span::with_status(
                task,
                0,
                end_ms,
                end_ms,
                Status::Cancelled,
            )),
        }
    }
    run
}

fn detail(summary: &Summary, lanes: Vec<Lane>) -> QueueDetail {
    QueueDetail {
        workers: summary.workers.iter().map(WorkerRow::shown).collect(),
        lanes,
        deliveries: summary
            .deliveries
            .iter()
            .filter(|d| d.status != "dropped")
            .count() as u32,
        redelivered: summary.redelivered,
        dropped: summary.dropped,
        dead_letters: summary.dead_letters,
        broker_ms_per_task: summary.broker_ms_per_task,
    }
}

#[cfg(test)]
mod tests;
