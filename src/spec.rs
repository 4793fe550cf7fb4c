//! The shared spec, `www/spec.json`, as Rust. build.rs generates the strategy, family and
//! workload enums, the parameter ranges and the shared constants from it, so the page, the
//! benchmark and the core read one table.

use serde::{Deserialize, Serialize};

/// Range of one integer parameter (`params.*` in spec.json).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub min: u64,
    pub max: u64,
    pub default: u64,
}

/// How a strategy's ideal time is modelled (`strategies[].ideal` in spec.json).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ideal {
    /// No simple model: the race, the pipeline.
    None,
    /// Each task's own request floor, with this many in flight.
    Requests(InFlight),
    /// One URL for every task: the plain latency, no per-task spread or faults.
    OneUrl(InFlight),
    /// The measured sequential time spread over this many threads.
    Cpu(Threads),
}

/// How many requests a strategy keeps in flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InFlight {
    One,
    /// `concurrency`, as `ThreadPoolExecutor(max_workers=k)`.
    K,
    /// Every task, at most [`MAX_STARTED_AT_ONCE`] at a time.
    All,
    /// `maxWorkers` threads, 0 = `ThreadPoolExecutor`'s default `min(32, cores + 4)`.
    ThreadWorkers,
    /// `maxWorkers` processes, 0 = `ProcessPoolExecutor`'s default `os.cpu_count()`.
    ProcessWorkers,
}

/// How many threads a CPU strategy computes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threads {
    One,
    /// The pool's threads, at most the machine's cores.
    Pool,
    /// Several threads, one computing at a time (the GIL, an event loop): no speedup.
    OneAtATime,
}

include!(concat!(env!("OUT_DIR"), "/spec.rs"));
