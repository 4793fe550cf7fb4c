//! CPython's threads on CPU work: `cpu-threads-gil`.
//!
//! Real threads (the pool's), each computing only while it holds the model of the GIL in
//! [`crate::gil`]; the lock changes hands at the kernel's checkpoints, as CPython's does at its
//! eval breaker. Each held slice is a span, so the timeline shows the lanes taking turns.

use super::CpuJob;
use crate::gil::{Gil, SWITCH_INTERVAL_MS};
use crate::model::{Clock, OnSpan, Run, Span, Status};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

/// What one run under the lock did, beyond its spans.
pub struct GilRun {
    pub run: Run,
    /// How often the lock passed from one thread to another.
    pub switches: u64,
}

/// `ThreadPoolExecutor(max_workers=k).map(f, tasks)` on CPU work in CPython: k threads, one GIL.
///
/// `threads` real threads take tasks from a shared queue, but computing needs the lock, which
/// a waiting thread gets after the 5 ms switch interval. Expect about `cpu-sequential`'s time
/// whatever k (a little more, for the handovers), `peakInFlight` 1, and a timeline of short
/// slices that alternate between the lanes: threads do not speed up CPU work under the GIL.
/// This is a model (Rust has no GIL), as the page says.
pub fn cpu_threads_gil(
    job: &CpuJob,
    threads: u32,
    clock: &Clock<'_>,
    on_span: &OnSpan<'_>,
) -> GilRun {
    let gil = Gil::new(SWITCH_INTERVAL_MS);
    let next = AtomicU32::new(0);
    let spans = Mutex::new(Vec::new());
    let values = Mutex::new(vec![0u64; job.tasks as usize]);
    rayon::scope(|s| {
        for lane in 0..threads.clamp(1, job.tasks.max(1)) {
            let (gil, next, spans, values) = (&gil, &next, &spans, &values);
            s.spawn(move |_| {
                let mut mine = Vec::new();
                let mut thread = Thread {
                    job,
                    gil,
                    lane,
                    clock,
                    on_span,
                    spans: &mut mine,
                };
                thread.work(next, values);
                spans
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .append(&mut mine);
            });
        }
    });
    let values = values.into_inner().unwrap_or_else(|e| e.into_inner());
    // In thread order; the report orders them by task (`crate::stats::Counts::of`).
    let spans = spans.into_inner().unwrap_or_else(|e| e.into_inner());
    let run = Run {
        spans,
        checksum: values.iter().sum(),
        failures: Vec::new(),
        values,
    };
    GilRun {
        run,
        switches: gil.switches(),
    }
}

/// One of the k threads: takes the next task while there is one, holding the lock to compute.
struct Thread<'a> {
    job: &'a CpuJob,
    gil: &'a Gil,
    lane: u32,
    clock: &'a Clock<'a>,
    on_span: &'a OnSpan<'a>,
    spans: &'a mut Vec<Span>,
}

impl Thread<'_> {
    fn work(&mut self, next: &AtomicU32, values: &Mutex<Vec<u64>>) {
        let mut since = self.gil.acquire(self.lane, self.clock);
        loop {
            let task = next.fetch_add(1, Ordering::Relaxed);
            if task >= self.job.tasks {
                break;
            }
            let (value, held_since) = self.task(task, since);
            since = held_since;
            if let Some(v) = value {
                values.lock().unwrap_or_else(|e| e.into_inner())[task as usize] = v;
            }
        }
        self.gil.release(self.lane, since);
    }

    /// Runs `task` from `since` (when this thread's current slice began), handing the lock over
    /// at checkpoints; returns its value (`None` if cancelled) and when the slice now began.
    fn task(&mut self, task: u32, since: f64) -> (Option<u64>, f64) {
        let job = self.job;
        if job.stop.load(Ordering::Relaxed) {
            // Never started: no progress record per task (a million of them would be slow).
            let now = (self.clock)();
            let span = Span::with_status(task, self.lane, now, now, Status::Cancelled);
            self.spans.push(span);
            return (None, since);
        }
        let mut start = since.max((self.clock)());
        let mut slices = Vec::new();
        let value = job.kernel.run_checked(task, job.tasks, job.work, &mut || {
            if let Some((slice, again)) = self.gil.check(self.lane, start, self.clock) {
                slices.push((slice.start_ms, slice.end_ms));
                start = again;
            }
            !job.stop.load(Ordering::Relaxed)
        });
        let status = if value.is_some() {
            Status::Ok
        } else {
            Status::Cancelled
        };
        for (from, to) in slices {
            self.push(Span::with_status(task, self.lane, from, to, status));
        }
        let end = (self.clock)();
        self.push(Span::with_status(task, self.lane, start, end, status));
        (value, end)
    }

    fn push(&mut self, span: Span) {
        (self.on_span)(span);
        self.spans.push(span);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::family::cpu::cpu_sequential;
    use crate::family::cpu::Kernel;
    use crate::schedule::testing::pool;
    use std::time::Instant;

    #[test]
    fn threads_under_the_gil_take_turns_and_compute_what_one_thread_does() {
        let t0 = Instant::now();
        let clock = move || t0.elapsed().as_secs_f64() * 1e3;
        let job = CpuJob::new(Kernel::Primes, 6, 200);
        let gil = pool(3).install(|| cpu_threads_gil(&job, 3, &clock, &|_| {}));
        let seq = cpu_sequential(&job, &clock, &|_| {});
        assert_eq!(gil.run.checksum, seq.checksum, "the same primes");
        let r = crate::stats::Counts::of(&gil.run.spans);
        assert_eq!(
            (r.tasks, r.ok),
            (6, 6),
            "every task counted once, however many slices"
        );
        assert_eq!(r.peak_in_flight, 1, "never two threads computing at once");
        assert!(
            r.lanes_used > 1,
            "the threads took turns: {} lanes",
            r.lanes_used
        );
        assert!(gil.switches > 0);
    }

    #[test]
    fn cancel_stops_the_thread_holding_the_lock_and_the_rest() {
        let stop: &'static std::sync::atomic::AtomicBool = Box::leak(Box::default());
        let job = CpuJob {
            stop,
            ..CpuJob::new(Kernel::Primes, 4, 5_000)
        };
        let clock = || 0.0;
        let raiser = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(50));
            stop.store(true, Ordering::Relaxed);
        });
        let gil = pool(2).install(|| cpu_threads_gil(&job, 2, &clock, &|_| {}));
        raiser.join().unwrap();
        let r = crate::stats::Counts::of(&gil.run.spans);
        assert_eq!(r.tasks, 4);
        assert_eq!(r.cancelled, 4 - r.ok, "stopped tasks end cancelled");
        assert!(r.cancelled > 0);
    }
}
