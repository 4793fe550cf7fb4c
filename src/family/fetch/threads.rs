//! `fetch-threads`: `ThreadPoolExecutor(max_workers=k)` + `requests.get`, as real threads that
//! block in their requests.
//!
//! The shared state of one run is a [`Board`] of atomics only: the threads (Web Workers on the
//! module's shared memory, in the browser) take task numbers from one counter and write each
//! task's times and outcome into its own slot, and the run's owner reads the slots. No lock is
//! shared with the owner, so it can terminate a thread that is blocked in a request (a
//! synchronous request cannot be aborted from another thread) without leaving a lock held:
//! a thread may be terminated only in [`LaneState::Blocked`], which it enters just around the
//! blocking call and leaves by a compare-and-swap that fails once the owner has claimed it.
//!
//! The GIL: each thread holds the modelled lock ([`crate::gil`]) only around the Python-side
//! work of a request (taking the task, handling the answer) and releases it for the wait, as
//! CPython's socket calls do. That work is tiny here, so the lock is a faithful detail rather
//! than a cost: the waits overlap whatever k is.

use crate::gil::Gil;
use crate::model::{Clock, Run, Span, Status};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicU8, Ordering};

/// What a thread is doing, as the owner of the run sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum LaneState {
    /// Not part of a run (waiting for one, or done with it).
    Idle = 0,
    /// Running Rust code: may hold the allocator's lock or the GIL, so never terminated.
    Working = 1,
    /// Inside the blocking call, holding no lock: the owner may claim it and terminate it.
    Blocked = 2,
    /// Claimed by the owner while blocked: its Worker is being terminated.
    Killed = 3,
}

impl LaneState {
    fn of(v: u8) -> LaneState {
        match v {
            1 => LaneState::Working,
            2 => LaneState::Blocked,
            3 => LaneState::Killed,
            _ => LaneState::Idle,
        }
    }
}

/// One thread's state, read and claimed by the owner.
#[derive(Default)]
pub struct Lane {
    state: AtomicU8,
    /// The task it is blocked in (valid while `Blocked`).
    task: AtomicU32,
}

impl Lane {
    pub const fn new() -> Lane {
        Lane {
            state: AtomicU8::new(0),
            task: AtomicU32::new(0),
        }
    }

    pub fn state(&self) -> LaneState {
        LaneState::of(self.state.load(Ordering::SeqCst))
    }

    pub fn set_idle(&self) {
        self.state.store(LaneState::Idle as u8, Ordering::SeqCst);
    }

    /// The owner claims a blocked thread: `Some(task it was blocked in)` if it was blocked (it
    /// will not touch the board again and may be terminated), `None` if it was not.
    pub fn claim_blocked(&self) -> Option<u32> {
        let (blocked, killed) = (LaneState::Blocked as u8, LaneState::Killed as u8);
        self.state
            .compare_exchange(blocked, killed, Ordering::SeqCst, Ordering::SeqCst)
            .ok()
            .map(|_| self.task.load(Ordering::SeqCst))
    }
}

/// Why a task failed, as a code an atomic can hold (the text is made by the owner).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    TimedOut,
    Network,
    /// An HTTP status that is not 2xx.
    Http(u16),
}

impl Failure {
    /// The reason in plain words, as the other fetch strategies give it.
    pub fn reason(self, timeout_ms: u32) -> String {
        match self {
            Failure::TimedOut => format!("timed out after {timeout_ms} ms"),
            Failure::Network => "network error: the connection closed without an answer".into(),
            Failure::Http(status) => match reason_phrase(status) {
                "" => format!("HTTP {status}"),
                phrase => format!("HTTP {status} {phrase}"),
            },
        }
    }
}

const PENDING: u32 = 0;
const RUNNING: u32 = 1;
const OK: u32 = 2;
const CANCELLED: u32 = 3;
const TIMED_OUT: u32 = 4;
const NETWORK: u32 = 5;
const HTTP: u32 = 0x1_0000;

/// One task's slot: written by the thread that took it, read by the owner.
#[derive(Default)]
struct Slot {
    outcome: AtomicU32,
    lane: AtomicU32,
    start: AtomicU64,
    end: AtomicU64,
    value: AtomicU64,
}

/// The shared state of one run.
pub struct Board {
    tasks: u32,
    next: AtomicU32,
    /// Raised by Cancel: no thread takes a new task.
    stop: AtomicBool,
    /// Threads that have left the run (done, or claimed while blocked).
    left: AtomicU32,
    slots: Vec<Slot>,
    /// The run's zero, in the shared clock's ms.
    origin_ms: f64,
    timeout_ms: u32,
}

/// What the blocking request of one task returned, or that the thread was claimed meanwhile.
pub enum Blocked<T> {
    Returned(T),
    Claimed,
}

impl Board {
    pub fn new(tasks: u32, origin_ms: f64, timeout_ms: u32) -> Board {
        Board {
            tasks,
            next: AtomicU32::new(0),
            stop: AtomicBool::new(false),
            left: AtomicU32::new(0),
            slots: (0..tasks).map(|_| Slot::default()).collect(),
            origin_ms,
            timeout_ms,
        }
    }

    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
    }

    /// A thread has left the run (the owner counts claimed ones itself).
    pub fn leave(&self) {
        self.left.fetch_add(1, Ordering::SeqCst);
    }

    pub fn threads_left(&self) -> u32 {
        self.left.load(Ordering::SeqCst)
    }

    /// Whether task `task` has ended (ok, failed or cancelled), so its span can be shown.
    pub fn ended(&self, task: u32) -> bool {
        self.slots[task as usize].outcome.load(Ordering::SeqCst) > RUNNING
    }

    /// Tasks handed out so far (some may still run).
    pub fn taken(&self) -> u32 {
        self.next.load(Ordering::SeqCst).min(self.tasks)
    }

    /// The owner ends the task a claimed thread was blocked in: cancelled at `at_ms`.
    pub fn cancel_task(&self, task: u32, at_ms: f64) {
        let slot = &self.slots[task as usize];
        slot.end.store(at_ms.to_bits(), Ordering::SeqCst);
        slot.outcome.store(CANCELLED, Ordering::SeqCst);
    }

    /// Task `task`'s span as it stands (an unstarted one: cancelled, zero length at `now_ms`).
    pub fn span(&self, task: u32, now_ms: f64) -> Span {
        let slot = &self.slots[task as usize];
        let f = |a: &AtomicU64| f64::from_bits(a.load(Ordering::SeqCst));
        let lane = slot.lane.load(Ordering::SeqCst);
        let status = match slot.outcome.load(Ordering::SeqCst) {
            OK => Status::Ok,
            PENDING | RUNNING | CANCELLED => Status::Cancelled,
            _ => Status::Failed,
        };
        match slot.outcome.load(Ordering::SeqCst) {
            PENDING => Span::with_status(task, 0, now_ms, now_ms, Status::Cancelled),
            _ => Span::with_status(task, lane, f(&slot.start), f(&slot.end), status),
        }
    }

    fn reason(&self, code: u32) -> Option<String> {
        let failure = match code {
            TIMED_OUT => Failure::TimedOut,
            NETWORK => Failure::Network,
            c if c >= HTTP => Failure::Http((c - HTTP) as u16),
            _ => return None,
        };
        Some(failure.reason(self.timeout_ms))
    }

    /// The run, once every thread has left it: every task accounted for.
    pub fn run(&self, now_ms: f64) -> Run {
        let spans: Vec<Span> = (0..self.tasks).map(|t| self.span(t, now_ms)).collect();
        let values: Vec<u64> = self
            .slots
            .iter()
            .map(|s| match s.outcome.load(Ordering::SeqCst) {
                OK => s.value.load(Ordering::SeqCst),
                _ => 0,
            })
            .collect();
        let failures = (0..self.tasks)
            .filter_map(|t| {
                let code = self.slots[t as usize].outcome.load(Ordering::SeqCst);
                self.reason(code).map(|r| (t, r))
            })
            .collect();
        Run {
            spans,
            checksum: values.iter().sum(),
            failures,
            values,
        }
    }
}

/// A thread's request of one task: calls [`Worker::blocked`] around its blocking part.
pub type Get<'a, 'w> = dyn Fn(u32, &Worker<'w>) -> Blocked<Result<u64, Failure>> + 'a;

/// What one thread runs: takes tasks until none is left or Cancel, each a blocking request.
pub struct Worker<'a> {
    pub board: &'a Board,
    pub lane: &'a Lane,
    pub lane_index: u32,
    pub gil: &'a Gil,
    /// The shared clock, in absolute ms (the board's origin is subtracted).
    pub clock: &'a Clock<'a>,
}

impl<'w> Worker<'w> {
    fn now(&self) -> f64 {
        (self.clock)() - self.board.origin_ms
    }

    /// Calls `blocking` with the thread marked blocked (terminable): `Claimed` if the owner
    /// claimed it meanwhile, and then the caller must touch nothing any more.
    pub fn blocked<T>(&self, task: u32, blocking: impl FnOnce() -> T) -> Blocked<T> {
        self.lane.task.store(task, Ordering::SeqCst);
        self.lane
            .state
            .store(LaneState::Blocked as u8, Ordering::SeqCst);
        let value = blocking();
        let (blocked, working) = (LaneState::Blocked as u8, LaneState::Working as u8);
        match self
            .lane
            .state
            .compare_exchange(blocked, working, Ordering::SeqCst, Ordering::SeqCst)
        {
            Ok(_) => Blocked::Returned(value),
            Err(_) => {
                // Not even dropped: a drop may free memory, and the allocator's lock must not
                // be held by a thread about to be terminated.
                std::mem::forget(value);
                Blocked::Claimed
            }
        }
    }

    /// Serves the run: `get(task, self)` makes the request, calling [`Worker::blocked`] around
    /// its blocking part. Returns `false` if the thread was claimed (it must stop at once).
    pub fn serve(&self, get: &Get<'_, 'w>) -> bool {
        let lane = self.lane_index;
        self.lane
            .state
            .store(LaneState::Working as u8, Ordering::SeqCst);
        loop {
            // Python-side work under the GIL: pick the next task.
            let held = self.gil.acquire(lane, self.clock);
            let task = match self.board.stop.load(Ordering::SeqCst) {
                true => self.board.tasks,
                false => self.board.next.fetch_add(1, Ordering::SeqCst),
            };
            self.gil.release(lane, held.max((self.clock)()));
            if task >= self.board.tasks {
                break;
            }
            let slot = &self.board.slots[task as usize];
            slot.lane.store(lane, Ordering::SeqCst);
            slot.start.store(self.now().to_bits(), Ordering::SeqCst);
            slot.outcome.store(RUNNING, Ordering::SeqCst);
            // The wait, with the GIL released.
            let Blocked::Returned(outcome) = get(task, self) else {
                return false;
            };
            // Python-side work under the GIL again: the answer.
            let held = self.gil.acquire(lane, self.clock);
            let code = match outcome {
                Ok(value) => {
                    slot.value.store(value, Ordering::SeqCst);
                    OK
                }
                Err(failure) => code_of(failure),
            };
            slot.end.store(self.now().to_bits(), Ordering::SeqCst);
            slot.outcome.store(code, Ordering::SeqCst);
            self.gil.release(lane, held.max((self.clock)()));
        }
        self.lane.set_idle();
        self.board.leave();
        true
    }
}

/// The standard reason phrase of a status (what `fetch`'s `statusText` shows for the mock API),
/// or "" for one not listed.
fn reason_phrase(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

fn code_of(f: Failure) -> u32 {
    match f {
        Failure::TimedOut => TIMED_OUT,
        Failure::Network => NETWORK,
        Failure::Http(status) => HTTP + u32::from(status),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gil::SWITCH_INTERVAL_MS;
    use crate::stats::Counts;
    use std::sync::atomic::AtomicU32;
    use std::time::{Duration, Instant};

    /// `k` OS threads serving one board; task `t` waits `wait(t)` ms, blocked.
    fn serve_all(
        board: &Board,
        lanes: &[Lane],
        clock: &(dyn Fn() -> f64 + Sync),
        get: &(dyn Fn(u32) -> Result<u64, Failure> + Sync),
    ) -> Vec<bool> {
        let gil = Gil::new(SWITCH_INTERVAL_MS);
        std::thread::scope(|s| {
            let handles: Vec<_> = lanes
                .iter()
                .enumerate()
                .map(|(i, lane)| {
                    let gil = &gil;
                    s.spawn(move || {
                        let w = Worker {
                            board,
                            lane,
                            lane_index: i as u32,
                            gil,
                            clock,
                        };
                        w.serve(&|task, w| w.blocked(task, || get(task)))
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        })
    }

    fn sleep(ms: u64) {
        std::thread::sleep(Duration::from_millis(ms));
    }

    #[test]
    fn k_threads_overlap_their_blocking_waits_despite_the_gil() {
        let t0 = Instant::now();
        let clock = move || t0.elapsed().as_secs_f64() * 1e3;
        let board = Board::new(12, 0.0, 0);
        let lanes: Vec<Lane> = (0..4).map(|_| Lane::default()).collect();
        // Each request waits until all four threads are blocked in one: were the GIL held
        // during the wait, the others could never get there and the deadline would pass.
        let blocked_now = AtomicU32::new(0);
        let most = AtomicU32::new(0);
        let served = serve_all(&board, &lanes, &clock, &|t| {
            let now = blocked_now.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(now, Ordering::SeqCst);
            let deadline = Instant::now() + Duration::from_secs(5);
            while t < 4 && most.load(Ordering::SeqCst) < 4 && Instant::now() < deadline {
                sleep(1);
            }
            sleep(5);
            blocked_now.fetch_sub(1, Ordering::SeqCst);
            Ok(u64::from(t))
        });
        assert_eq!(most.into_inner(), 4, "four threads blocked at once");
        assert!(served.iter().all(|&s| s));
        assert_eq!(board.threads_left(), 4);
        let wall = clock();
        let run = board.run(wall);
        assert_eq!(run.checksum, (0..12).sum::<u64>());
        let r = Counts::of(&run.spans);
        assert_eq!((r.ok, r.failed, r.cancelled), (12, 0, 0));
        assert_eq!(r.peak_in_flight, 4);
        assert_eq!(r.lanes_used, 4);
        assert!(lanes.iter().all(|l| l.state() == LaneState::Idle));
    }

    #[test]
    fn failures_keep_their_reasons() {
        let board = Board::new(3, 0.0, 250);
        let lanes = [Lane::default()];
        serve_all(&board, &lanes, &|| 0.0, &|t| match t {
            0 => Err(Failure::TimedOut),
            1 => Err(Failure::Http(500)),
            _ => Err(Failure::Network),
        });
        let run = board.run(0.0);
        assert_eq!(
            run.failures,
            [
                (0, "timed out after 250 ms".to_string()),
                (1, "HTTP 500 Internal Server Error".to_string()),
                (
                    2,
                    "network error: the connection closed without an answer".to_string()
                ),
            ]
        );
        assert!(run.spans.iter().all(|s| s.status() == Status::Failed));
    }

    #[test]
    fn cancel_stops_new_tasks_and_a_claimed_thread_touches_nothing() {
        let board = Board::new(10, 0.0, 0);
        let lanes = [Lane::default(), Lane::default()];
        let release = AtomicBool::new(false);
        std::thread::scope(|s| {
            let threads = s.spawn(|| {
                serve_all(&board, &lanes, &|| 1.0, &|t| {
                    if t == 0 {
                        // A hang: returns only once the owner has claimed it.
                        while !release.load(Ordering::SeqCst) {
                            sleep(1);
                        }
                    } else {
                        sleep(5);
                    }
                    Ok(1)
                })
            });
            sleep(30);
            board.stop();
            // Lane 0 or 1 took task 0 and is blocked in it; the other stops after its task.
            while board.threads_left() < 1 {
                sleep(1);
            }
            let claimed: Vec<u32> = lanes.iter().filter_map(Lane::claim_blocked).collect();
            assert_eq!(claimed, [0], "only the thread blocked in task 0 is claimed");
            board.cancel_task(0, 99.0);
            release.store(true, Ordering::SeqCst);
            let served = threads.join().unwrap();
            assert_eq!(served.iter().filter(|&&s| !s).count(), 1);
        });
        let run = board.run(100.0);
        let r = Counts::of(&run.spans);
        assert_eq!(r.tasks, 10, "every task accounted for");
        assert!(r.ok >= 1 && r.cancelled >= 1 && r.failed == 0, "{r:?}");
        assert!(!board.ended(9) || board.taken() == 10);
        let task0 = board.span(0, 100.0);
        assert_eq!((task0.status(), task0.end_ms), (Status::Cancelled, 99.0));
    }
}
