//! The broker's summary of a run, as the bridge sends it (`{type:"summary"}`,
//! docs/task-queue.md "What each number means"); times on Redis's clock, in ms.

use super::WorkerShown;
use serde::Deserialize;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Summary {
    pub tasks: u32,
    pub ok: u32,
    pub failed: u32,
    pub cancelled: u32,
    pub redelivered: u32,
    pub dropped: u32,
    pub dead_letters: u32,
    pub duplicates: u32,
    pub workers: Vec<WorkerRow>,
    pub deliveries: Vec<DeliveryRow>,
    /// One per task, by index.
    pub results: Vec<TaskResult>,
    pub broker_ms_per_task: Option<f64>,
}

/// A worker that took at least one delivery; `id` is `<kind> <name> @ <host>`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct WorkerRow {
    pub id: String,
    pub kind: String,
    pub host: String,
    pub taken: u32,
}

/// One delivery of a task: `status` is `ok`, `failed`, `reclaimed` (its holder went silent),
/// `dead` (its last delivery ran out) or `dropped` (a result that came too late).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct DeliveryRow {
    pub task: u32,
    pub worker: String,
    pub delivery: u32,
    pub enqueued: f64,
    pub delivered: Option<f64>,
    pub ended: f64,
    pub status: String,
    pub thread: Option<u32>,
}

/// A task's one result: `status` is `ok`, `failed` or `cancelled`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct TaskResult {
    pub status: String,
    pub value: Option<String>,
    pub error: Option<String>,
    pub worker: Option<String>,
}

impl WorkerRow {
    /// The worker's name: its id without the kind in front and the host behind.
    pub fn shown(&self) -> WorkerShown {
        let rest = self
            .id
            .strip_prefix(&self.kind)
            .unwrap_or(&self.id)
            .trim_start();
        let name = rest.rsplit_once(" @ ").map_or(rest, |(name, _)| name);
        WorkerShown {
            name: name.to_string(),
            kind: self.kind.clone(),
            host: self.host.clone(),
            taken: self.taken,
        }
    }
}
