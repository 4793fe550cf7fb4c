//! CPU work as coroutines on one event loop: `cpu-event-loop`.
//!
//! asyncio runs one coroutine at a time on one thread; a coroutine that computes and never
//! awaits holds the loop until it returns. So the tasks run back to back, and between them the
//! loop turns once (where a ticker, progress and Cancel get in). [`LoopWatch`] measures how long
//! the loop could not answer.

use super::{collect, CpuJob};
use crate::model::{Clock, OnSpan, Run};
use std::future::Future;

/// `await asyncio.gather(*(work(r) for r in ranges))` where `work` computes without awaiting.
///
/// One thread, no speedup: expect `cpu-sequential`'s time, and a loop that cannot answer for
/// as long as the longest task (`detail.longestBlockedMs`). `yield_now` lets the loop turn
/// between tasks, as asyncio does between coroutines; Cancel gets in there, or at a task's
/// checkpoint once the flag is raised from elsewhere.
pub async fn cpu_event_loop<Y, YF>(
    job: &CpuJob,
    clock: &Clock<'_>,
    on_span: &OnSpan<'_>,
    yield_now: Y,
) -> Run
where
    Y: Fn() -> YF,
    YF: Future<Output = ()>,
{
    let mut results = Vec::with_capacity(job.tasks as usize);
    for task in 0..job.tasks {
        yield_now().await;
        results.push(job.timed(task, 0, clock, on_span));
    }
    collect(results, clock)
}

/// Watches a ticker that asks the loop to wake it at once, again and again: the longest gap
/// between two ticks is how long the loop could not answer.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LoopWatch {
    last_ms: Option<f64>,
    /// The longest time between two ticks, in ms.
    pub longest_gap_ms: f64,
    pub ticks: u32,
}

impl LoopWatch {
    /// A tick at `now_ms`.
    pub fn tick(&mut self, now_ms: f64) {
        if let Some(last) = self.last_ms {
            self.longest_gap_ms = self.longest_gap_ms.max(now_ms - last);
        }
        self.last_ms = Some(now_ms);
        self.ticks += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::family::cpu::Kernel;
    use futures::executor::block_on;
    use std::cell::RefCell;

    #[test]
    fn the_tasks_run_back_to_back_and_the_loop_turns_between_them() {
        let job = CpuJob::new(Kernel::Primes, 4, 10);
        let turns = RefCell::new(0);
        let yield_now = || {
            *turns.borrow_mut() += 1;
            std::future::ready(())
        };
        let run = block_on(cpu_event_loop(&job, &|| 0.0, &|_| {}, yield_now));
        let seq = crate::family::cpu::cpu_sequential(&job, &|| 0.0, &|_| {});
        assert_eq!(run.checksum, seq.checksum);
        assert_eq!(
            *turns.borrow(),
            4,
            "one turn of the loop before each coroutine"
        );
        assert!(run.spans.iter().all(|s| s.lane == 0), "one thread");
    }

    #[test]
    fn the_watch_keeps_the_longest_gap() {
        let mut watch = LoopWatch::default();
        for t in [0.0, 4.0, 8.0, 320.0, 324.0] {
            watch.tick(t);
        }
        assert_eq!(watch.longest_gap_ms, 312.0);
        assert_eq!(watch.ticks, 5);
    }
}
