//! A model of CPython's Global Interpreter Lock, for `cpu-threads-gil`.
//!
//! Rust has no GIL; this lock makes real threads behave as CPython's do (the "new GIL" of
//! CPython 3.2+, `Python/ceval_gil.c`): a thread computes only while it holds the lock; a
//! thread that wants it waits, and once it has waited a switch interval
//! (`sys.getswitchinterval()`, 5 ms) with no switch meanwhile, the holder is asked to drop it;
//! the holder notices at its next check (CPython's eval breaker), drops it, and cannot take it
//! back before another thread has had it (`FORCE_SWITCHING`). Here the lock goes to the thread
//! that has waited longest, so no thread starves.

use crate::model::Clock;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};

/// CPython's default switch interval, in ms (`sys.getswitchinterval()` = 0.005 s).
pub const SWITCH_INTERVAL_MS: f64 = 5.0;

/// The lock. `thread` numbers are the caller's (lanes), used to hand the lock over in order.
pub struct Gil {
    state: Mutex<State>,
    turn: Condvar,
    /// Someone is waiting: the holder's checks read only this until it is set.
    contended: AtomicBool,
    interval_ms: f64,
}

#[derive(Default)]
struct State {
    holder: Option<u32>,
    /// Waiting threads, longest first.
    waiting: VecDeque<u32>,
    /// When the longest waiter began to wait, or the holder got the lock, whichever is later:
    /// the drop request comes one interval after it.
    waiting_since_ms: f64,
    /// When the last holder let go, by its clock: the next holder's slice starts no earlier,
    /// so slices never overlap even where threads' clocks differ by a fraction of a ms.
    handed_at_ms: f64,
    switches: u64,
}

/// A held slice: thread `thread` held the lock from `start_ms` to `end_ms`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slice {
    pub thread: u32,
    pub start_ms: f64,
    pub end_ms: f64,
}

impl Gil {
    pub fn new(interval_ms: f64) -> Gil {
        Gil {
            state: Mutex::new(State::default()),
            turn: Condvar::new(),
            contended: AtomicBool::new(false),
            interval_ms,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking holder aborts the module in the browser; on the host, carry on.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Blocks until `thread` holds the lock; returns when it got it.
    pub fn acquire(&self, thread: u32, clock: &Clock<'_>) -> f64 {
        let mut state = self.lock();
        if state.holder.is_none() && state.waiting.is_empty() {
            state.holder = Some(thread);
            return clock().max(state.handed_at_ms);
        }
        if state.waiting.is_empty() {
            state.waiting_since_ms = clock();
        }
        state.waiting.push_back(thread);
        self.contended.store(true, Ordering::Release);
        while state.holder != Some(thread) {
            state = self.turn.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        // The others' wait for a drop request starts now, when this thread can compute.
        let now = clock().max(state.handed_at_ms);
        state.waiting_since_ms = now;
        now
    }

    /// Gives the lock to the longest waiter (or frees it) at `at_ms`, counting a switch.
    pub fn release(&self, thread: u32, at_ms: f64) {
        let mut state = self.lock();
        debug_assert_eq!(state.holder, Some(thread), "released by its holder");
        state.handed_at_ms = state.handed_at_ms.max(at_ms);
        state.holder = state.waiting.pop_front();
        if state.holder.is_some() {
            state.switches += 1;
        }
        self.contended
            .store(!state.waiting.is_empty(), Ordering::Release);
        drop(state);
        self.turn.notify_all();
    }

    /// The holder's check (CPython's eval breaker): if another thread has waited an interval
    /// since the last switch, drops the lock, waits for its turn again and returns the slice
    /// it had held since `held_since_ms`; otherwise `None` and it keeps the lock.
    pub fn check(
        &self,
        thread: u32,
        held_since_ms: f64,
        clock: &Clock<'_>,
    ) -> Option<(Slice, f64)> {
        if !self.contended.load(Ordering::Acquire) {
            return None;
        }
        let now = clock();
        {
            let state = self.lock();
            if state.waiting.is_empty() || now - state.waiting_since_ms < self.interval_ms {
                return None;
            }
        }
        self.release(thread, now);
        let slice = Slice {
            thread,
            start_ms: held_since_ms,
            end_ms: now,
        };
        // Queued behind the others: it cannot take the lock back before another thread had it.
        Some((slice, self.acquire(thread, clock)))
    }

    /// How many times the lock passed from one thread to another.
    pub fn switches(&self) -> u64 {
        self.lock().switches
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU32;
    use std::time::Instant;

    /// `threads` threads each doing `steps` steps of busy work under the lock; returns every
    /// held slice and the most threads ever computing at once.
    fn run(threads: u32, steps: u32, interval_ms: f64) -> (Vec<Slice>, u32, u64) {
        let t0 = Instant::now();
        let clock = move || t0.elapsed().as_secs_f64() * 1000.0;
        let gil = Gil::new(interval_ms);
        let computing = AtomicU32::new(0);
        let most = AtomicU32::new(0);
        let slices = Mutex::new(Vec::new());
        std::thread::scope(|s| {
            for thread in 0..threads {
                let (gil, computing, most, slices) = (&gil, &computing, &most, &slices);
                s.spawn(move || {
                    let mut since = gil.acquire(thread, &clock);
                    for _ in 0..steps {
                        let now = computing.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        std::hint::black_box((0..2_000u64).sum::<u64>());
                        computing.fetch_sub(1, Ordering::SeqCst);
                        if let Some((slice, again)) = gil.check(thread, since, &clock) {
                            slices.lock().unwrap().push(slice);
                            since = again;
                        }
                    }
                    let end_ms = clock();
                    gil.release(thread, end_ms);
                    slices.lock().unwrap().push(Slice {
                        thread,
                        start_ms: since,
                        end_ms,
                    });
                });
            }
        });
        let switches = gil.switches();
        (slices.into_inner().unwrap(), most.into_inner(), switches)
    }

    #[test]
    fn never_two_holders() {
        let (slices, most, _) = run(4, 3_000, 1.0);
        assert_eq!(most, 1, "two threads computed at once");
        let mut sorted = slices.clone();
        sorted.sort_by(|a, b| a.start_ms.total_cmp(&b.start_ms));
        for w in sorted.windows(2) {
            assert!(w[1].start_ms >= w[0].end_ms - 1e-6, "slices overlap: {w:?}");
        }
    }

    #[test]
    fn the_holder_lets_go_after_the_interval_not_before() {
        let (slices, _, switches) = run(2, 20_000, 2.0);
        assert!(switches >= 3, "the lock changed hands {switches} times");
        // Every slice that ended in a handover (not the last of its thread) lasted an interval.
        let mut last = std::collections::HashMap::new();
        for s in &slices {
            let end: &mut f64 = last.entry(s.thread).or_insert(0.0);
            *end = end.max(s.end_ms);
        }
        let handed_over: Vec<_> = slices
            .iter()
            .filter(|s| s.end_ms < last[&s.thread])
            .collect();
        assert!(!handed_over.is_empty());
        for s in handed_over.iter().skip(1) {
            // The first slice began before the other thread asked, so it can be shorter.
            assert!(s.end_ms - s.start_ms >= 2.0 - 1e-6, "{s:?}");
        }
    }

    #[test]
    fn no_thread_starves() {
        let (slices, _, _) = run(3, 10_000, 1.0);
        let first_end = slices.iter().map(|s| s.end_ms).fold(f64::MAX, f64::min);
        for thread in 0..3 {
            let turns = slices.iter().filter(|s| s.thread == thread).count();
            assert!(turns >= 2, "thread {thread} had {turns} turns");
        }
        assert!(first_end > 0.0);
    }

    #[test]
    fn an_uncontended_holder_is_never_asked() {
        let (slices, _, switches) = run(1, 5_000, 0.0);
        assert_eq!(switches, 0);
        assert_eq!(slices.len(), 1);
    }
}
