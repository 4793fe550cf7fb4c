//! How each strategy runs: one exhaustive `match` from the generated [`Strategy`] to a [`Plan`],
//! which the browser glue follows without naming strategies itself. A strategy added to
//! `www/spec.json` fails `cargo build` here (E0004, naming it) until it has its arm.

use crate::family::cpu::{self, OnPool};
use crate::family::fetch::{Schedule as FetchSchedule, Spread};
use crate::family::pipeline::Schedule as PipelineSchedule;
use crate::family::queue::{self, QueueFn};
use crate::family::race::{self, RaceFn};
use crate::spec::{Family, Strategy};

/// How a strategy runs, in the terms the glue needs to run it.
#[derive(Debug, Clone, Copy)]
pub enum Plan {
    /// Requests on the worker's event loop: which schedule, and what each task asks.
    Fetch(FetchSchedule, Spread),
    /// Requests from Workers standing for Python's threads or processes, each blocked in its
    /// request.
    Executor(Executor),
    Cpu(CpuPlan),
    /// A race on the pool: its function.
    Race(RaceFn),
    /// Fetches on the event loop, parses on the pool.
    Pipeline(PipelineSchedule),
    /// Tasks through the broker to every worker that joined, this page's threads among them:
    /// the function that shapes the broker's summary into the run.
    Queue(QueueFn),
}

/// The Workers a blocking fetch strategy runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Executor {
    /// `fetch-threads`: Workers on the module's shared memory (threaded build only).
    Threads,
    /// `fetch-processes`: Workers with their own module instance and memory.
    Processes,
}

/// How a CPU strategy runs.
#[derive(Debug, Clone, Copy)]
pub enum CpuPlan {
    /// A function of the core on the rayon pool.
    OnPool(OnPool),
    /// One short-lived Web Worker per task.
    WorkerPerTask,
    /// Pool threads under the modelled GIL.
    ThreadsGil,
    /// Coroutines on the worker's own event loop.
    EventLoop,
}

/// The plan for `strategy`.
///
/// A new arm names the core function the strategy runs (in its family's folder, `src/family/`)
/// or, for a new kind of execution, a new variant that the glue's `src/web/dispatch.rs` must
/// then also match. No `_` arm, here or in the family matches: a missing arm is a build error.
pub fn plan(strategy: Strategy) -> Plan {
    use Strategy as S;
    match strategy {
        S::FetchSequential => Plan::Fetch(FetchSchedule::Sequential, Spread::OwnUrl),
        S::FetchConcurrent => Plan::Fetch(FetchSchedule::Concurrent, Spread::OwnUrl),
        S::FetchBounded => Plan::Fetch(FetchSchedule::Bounded, Spread::OwnUrl),
        S::FetchMap => Plan::Fetch(FetchSchedule::Map, Spread::OwnUrl),
        S::FetchAsCompleted => Plan::Fetch(FetchSchedule::AsCompleted, Spread::OwnUrl),
        S::FetchMultiport => Plan::Fetch(FetchSchedule::Multiport, Spread::Mirrors),
        S::FetchSharded => Plan::Fetch(FetchSchedule::Sharded, Spread::Shards),
        S::FetchSameUrl => Plan::Fetch(FetchSchedule::SameUrl, Spread::OneUrl),
        S::FetchThreads => Plan::Executor(Executor::Threads),
        S::FetchProcesses => Plan::Executor(Executor::Processes),
        S::CpuSequential => Plan::Cpu(CpuPlan::OnPool(|job, _, clock, on_span| {
            cpu::cpu_sequential(job, clock, on_span)
        })),
        S::CpuRayon => Plan::Cpu(CpuPlan::OnPool(|job, _, clock, on_span| {
            cpu::cpu_rayon(job, clock, on_span)
        })),
        S::CpuStaticChunks => Plan::Cpu(CpuPlan::OnPool(cpu::cpu_static_chunks)),
        S::CpuQueue => Plan::Cpu(CpuPlan::OnPool(cpu::cpu_queue)),
        S::CpuWorkerPerTask => Plan::Cpu(CpuPlan::WorkerPerTask),
        S::CpuThreadsGil => Plan::Cpu(CpuPlan::ThreadsGil),
        S::CpuEventLoop => Plan::Cpu(CpuPlan::EventLoop),
        S::RaceUnsynchronized => Plan::Race(race::race_unsynchronized),
        S::RaceAtomic => Plan::Race(race::race_atomic),
        S::RaceMutex => Plan::Race(race::race_mutex),
        S::PipelineSequential => Plan::Pipeline(PipelineSchedule::Sequential),
        S::PipelineFetchThenParse => Plan::Pipeline(PipelineSchedule::FetchThenParse),
        S::PipelineOverlapped => Plan::Pipeline(PipelineSchedule::Overlapped),
        S::QueueBroker => Plan::Queue(queue::queue_broker),
    }
}

impl Plan {
    /// The family whose words the plan is in.
    pub fn family(self) -> Family {
        match self {
            Plan::Fetch(..) | Plan::Executor(_) => Family::Fetch,
            Plan::Cpu(_) => Family::Cpu,
            Plan::Race(_) => Family::Race,
            Plan::Pipeline(_) => Family::Pipeline,
            Plan::Queue(_) => Family::Queue,
        }
    }

    /// Keeps every page until the last one arrives (`holdsEveryPage` in www/spec.json: the page
    /// warns when they would pass `constants.heldPagesMaxBytes`).
    pub fn holds_pages(self) -> bool {
        match self {
            Plan::Pipeline(schedule) => schedule == PipelineSchedule::FetchThenParse,
            Plan::Fetch(..) | Plan::Executor(_) | Plan::Cpu(_) | Plan::Race(_) | Plan::Queue(_) => {
                false
            }
        }
    }

    /// The parameter listing what the strategy spreads its requests over, if any
    /// (`spreadsOver` in www/spec.json, which the page reads).
    pub fn spreads_over(self) -> Option<&'static str> {
        match self {
            Plan::Fetch(_, spread) => spread.over(),
            Plan::Executor(_)
            | Plan::Cpu(_)
            | Plan::Race(_)
            | Plan::Pipeline(_)
            | Plan::Queue(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::family::cpu::{CpuJob, Kernel};
    use crate::schedule::testing::pool;

    #[test]
    fn every_strategy_plans_in_its_own_family() {
        for &s in Strategy::ALL {
            assert_eq!(plan(s).family(), s.family(), "{}", s.id());
        }
    }

    #[test]
    fn what_the_spec_tells_the_page_of_a_strategy_is_what_it_does() {
        let spec: serde_json::Value =
            serde_json::from_str(include_str!("../www/spec.json")).unwrap();
        for entry in spec["strategies"].as_array().unwrap() {
            let id = entry["id"].as_str().unwrap();
            let planned = plan(Strategy::from_id(id).unwrap());
            assert_eq!(
                entry["spreadsOver"].as_str(),
                planned.spreads_over(),
                "{id}"
            );
            let holds = entry["holdsEveryPage"].as_bool().unwrap_or(false);
            assert_eq!(holds, planned.holds_pages(), "{id}");
        }
    }

    #[test]
    fn the_pool_plans_run_the_named_functions() {
        let job = CpuJob::new(Kernel::Squares, 4, 1);
        let on_pool = |s: Strategy| match plan(s) {
            Plan::Cpu(CpuPlan::OnPool(f)) => f,
            other => panic!("{} is not on the pool: {other:?}", s.id()),
        };
        let values = |s| pool(2).install(|| on_pool(s)(&job, 2, &|| 0.0, &|_| {}).values);
        assert_eq!(values(Strategy::CpuSequential), [1, 4, 9, 16]);
        assert_eq!(values(Strategy::CpuRayon), [1, 4, 9, 16]);
        assert_eq!(values(Strategy::CpuQueue), [1, 4, 9, 16]);
    }
}
