//! CPU workloads: real computation, never a sleep.
//!
//! Four kernels, chosen to show different things (see [`Kernel`]): primes (even cost per task),
//! Mandelbrot rows (very uneven cost), a SHA-256 chain (even, hash-bound) and squares (almost no
//! work, so scheduling overhead dominates, as in seed 001's `Pool.map(square, [1..5])`).
//!
//! ## Primes
//! The kernel counts primes by trial division. To give every task the same cost (so a pool of P
//! threads can approach a P-fold speedup with only a handful of tasks) the number line is cut into
//! blocks of [`BLOCK`] numbers dealt out round-robin: with `tasks = T`, task `i` tests blocks
//! `i, i + T, i + 2T, ...`. Contiguous ranges would hand the last task the largest numbers and
//! the most expensive divisions, and a 6-task run on 2 cores would measure that imbalance instead
//! of the pool.

/// Numbers per block dealt to a task.
pub const BLOCK: u64 = 1_000;

/// True if `n` is prime (6k ± 1 trial division).
///
/// Numbers below 2^31 take a 32-bit path, because V8 compiles a wasm `u64` remainder to a slower
/// 64-bit divide (a JavaScript engine keeps small integers in 32 bits by itself). Both paths
/// test the same divisors and give the same answers.
pub fn is_prime(n: u64) -> bool {
    if n < 1 << 31 {
        is_prime_u32(n as u32)
    } else {
        is_prime_u64(n)
    }
}

/// `n < 2^31`, so `d * d` stays below 2^32: the loop ends by `d ≈ 46,341`.
fn is_prime_u32(n: u32) -> bool {
    if n < 4 {
        return n >= 2;
    }
    if n.is_multiple_of(2) || n.is_multiple_of(3) {
        return false;
    }
    let mut d = 5;
    while d * d <= n {
        if n.is_multiple_of(d) || n.is_multiple_of(d + 2) {
            return false;
        }
        d += 6;
    }
    true
}

fn is_prime_u64(n: u64) -> bool {
    if n < 4 {
        return n >= 2;
    }
    if n.is_multiple_of(2) || n.is_multiple_of(3) {
        return false;
    }
    let mut d = 5;
    while d * d <= n {
        if n.is_multiple_of(d) || n.is_multiple_of(d + 2) {
            return false;
        }
        d += 6;
    }
    true
}

/// Primes in `lo..hi`.
///
/// Kept out of line because V8 swaps in optimised wasm only on a function's *next call*: one
/// call per block lets a task's first run tier up within milliseconds.
#[inline(never)]
pub fn count_primes_in(lo: u64, hi: u64) -> u64 {
    (lo..hi).filter(|&n| is_prime(n)).count() as u64
}

/// What a kernel calls between steps of its work (each block of numbers, every few dozen
/// pixels or hundreds of hashes, well under a millisecond apart): `false` stops the task there.
/// Cancel uses it to end a long task at once; `cpu-threads-gil` to hand the lock over.
pub type Checkpoint<'a> = dyn FnMut() -> bool + 'a;

/// Pixels of a Mandelbrot row between checkpoints.
const PIXELS_PER_STEP: u32 = 32;
/// SHA-256 rounds between checkpoints.
const HASHES_PER_STEP: u32 = 256;

/// One CPU task: the primes in task `task`'s `blocks` blocks, out of `tasks` tasks.
///
/// All tasks together cover `0..tasks * blocks * BLOCK` exactly once.
pub fn prime_task(task: u64, tasks: u64, blocks: u64) -> u64 {
    prime_task_checked(task, tasks, blocks, &mut || true).unwrap_or(0)
}

/// [`prime_task`] with a checkpoint before each block; `None` if it said stop.
pub fn prime_task_checked(
    task: u64,
    tasks: u64,
    blocks: u64,
    checkpoint: &mut Checkpoint<'_>,
) -> Option<u64> {
    let mut sum = 0;
    for j in 0..blocks {
        if !checkpoint() {
            return None;
        }
        let lo = (task + j * tasks) * BLOCK;
        sum += count_primes_in(lo, lo + BLOCK);
    }
    Some(sum)
}

/// Which CPU kernel a task runs. `work` scales each kernel's cost (see [`Kernel::run`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kernel {
    Primes,
    Mandelbrot,
    Sha256,
    Squares,
}

impl Kernel {
    /// The kernel a parameter names (`primes`, `mandelbrot`, `sha256`, `squares`).
    pub fn from_id(id: &str) -> Option<Kernel> {
        serde_json::from_value(serde_json::Value::from(id)).ok()
    }

    /// The name parameters use for it, as serde spells it.
    pub fn id(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default()
    }

    /// Runs task `task` of `tasks` with `work` units and returns a checksum of what it computed.
    ///
    /// - `Primes`: primes among `work` x 1000 numbers (blocks dealt round-robin); even cost.
    /// - `Mandelbrot`: row `task` of a `tasks`-row image, `work` x 2 pixels wide, up to 500
    ///   iterations per pixel; rows through the set cost many times more than edge rows.
    /// - `Sha256`: a chain of `work` x 64 hashes seeded by the task index; even cost.
    /// - `Squares`: `(task + 1)^2`, nothing else; the pool's overhead is all you measure.
    pub fn run(self, task: u32, tasks: u32, work: u32) -> u64 {
        self.run_checked(task, tasks, work, &mut || true)
            .unwrap_or(0)
    }

    /// [`Kernel::run`], calling `checkpoint` between steps; `None` if it said stop.
    pub fn run_checked(
        self,
        task: u32,
        tasks: u32,
        work: u32,
        checkpoint: &mut Checkpoint<'_>,
    ) -> Option<u64> {
        let (task64, tasks64) = (u64::from(task), u64::from(tasks));
        match self {
            Kernel::Primes => prime_task_checked(task64, tasks64, u64::from(work), checkpoint),
            Kernel::Mandelbrot => mandelbrot_row_checked(task, tasks, work * 2, 500, checkpoint),
            Kernel::Sha256 => sha256_chain_checked(task, work * 64, checkpoint),
            Kernel::Squares => checkpoint().then(|| u64::from(task + 1).pow(2)),
        }
    }
}

/// Total iterations spent on row `row` of a `rows` x `width` view of the Mandelbrot set
/// (real -2.2..0.8, imaginary -0.25..1.25), at most `max_iter` per pixel.
///
/// The view is deliberately lopsided: the first rows cross the body of the set and cost many
/// times more than the last ones, so cutting the rows into contiguous chunks (static
/// scheduling) hands one worker most of the work. A view symmetric about the real axis would
/// give two chunks the same cost and hide the lesson.
pub fn mandelbrot_row(row: u32, rows: u32, width: u32, max_iter: u32) -> u64 {
    mandelbrot_row_checked(row, rows, width, max_iter, &mut || true).unwrap_or(0)
}

/// [`mandelbrot_row`] with a checkpoint every [`PIXELS_PER_STEP`] pixels.
pub fn mandelbrot_row_checked(
    row: u32,
    rows: u32,
    width: u32,
    max_iter: u32,
    checkpoint: &mut Checkpoint<'_>,
) -> Option<u64> {
    let y = -0.25 + 1.5 * (f64::from(row) + 0.5) / f64::from(rows.max(1));
    let mut sum = 0;
    for first in (0..width).step_by(PIXELS_PER_STEP as usize) {
        if !checkpoint() {
            return None;
        }
        sum += mandelbrot_pixels(
            first..width.min(first + PIXELS_PER_STEP),
            width,
            y,
            max_iter,
        );
    }
    Some(sum)
}

/// Iterations spent on the pixels `cols` of a row at imaginary part `y`.
#[inline(never)]
fn mandelbrot_pixels(cols: std::ops::Range<u32>, width: u32, y: f64, max_iter: u32) -> u64 {
    cols.map(|col| {
        let x = -2.2 + 3.0 * (f64::from(col) + 0.5) / f64::from(width.max(1));
        let (mut zr, mut zi, mut n) = (0.0f64, 0.0f64, 0u32);
        while n < max_iter && zr * zr + zi * zi <= 4.0 {
            let t = zr * zr - zi * zi + x;
            zi = 2.0 * zr * zi + y;
            zr = t;
            n += 1;
        }
        u64::from(n)
    })
    .sum()
}

/// Hashes a 32-byte seed derived from `task` `rounds` times, each round hashing the previous
/// digest, and returns the first 4 bytes of the last digest as a number (4, so that sums over
/// many tasks stay exact in JavaScript's doubles). The chain cannot be split: it is the
/// textbook even-cost task.
pub fn sha256_chain(task: u32, rounds: u32) -> u64 {
    sha256_chain_checked(task, rounds, &mut || true).unwrap_or(0)
}

/// [`sha256_chain`] with a checkpoint every [`HASHES_PER_STEP`] rounds.
pub fn sha256_chain_checked(
    task: u32,
    rounds: u32,
    checkpoint: &mut Checkpoint<'_>,
) -> Option<u64> {
    use sha2::{Digest, Sha256};
    let mut digest = [0u8; 32];
    digest[..4].copy_from_slice(&task.to_le_bytes());
    let mut left = rounds;
    while left > 0 {
        if !checkpoint() {
            return None;
        }
        for _ in 0..left.min(HASHES_PER_STEP) {
            digest = Sha256::digest(digest).into();
        }
        left = left.saturating_sub(HASHES_PER_STEP);
    }
    Some(u64::from(u32::from_le_bytes(
        digest[..4].try_into().expect("4 bytes"),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference: sieve of Eratosthenes.
    fn sieve_count(below: usize) -> u64 {
        let mut composite = vec![false; below.max(2)];
        let mut count = 0;
        for n in 2..below {
            if !composite[n] {
                count += 1;
                let mut m = n * n;
                while m < below {
                    composite[m] = true;
                    m += n;
                }
            }
        }
        count
    }

    #[test]
    fn small_primes() {
        let primes: Vec<u64> = (0..30).filter(|&n| is_prime(n)).collect();
        assert_eq!(primes, [2, 3, 5, 7, 11, 13, 17, 19, 23, 29]);
        assert!(!is_prime(25) && !is_prime(49) && !is_prime(1));
        assert!(is_prime(1_000_003));
    }

    #[test]
    fn tasks_partition_the_range_exactly() {
        for tasks in [1u64, 2, 3, 6, 7] {
            let blocks = 5;
            let total: u64 = (0..tasks).map(|t| prime_task(t, tasks, blocks)).sum();
            let below = (tasks * blocks * BLOCK) as usize;
            assert_eq!(total, sieve_count(below), "tasks={tasks}");
        }
    }

    #[test]
    fn mandelbrot_rows_are_uneven_and_lopsided() {
        let rows = 20;
        let costs: Vec<u64> = (0..rows)
            .map(|r| mandelbrot_row(r, rows, 100, 200))
            .collect();
        let first: u64 = costs[..10].iter().sum();
        let second: u64 = costs[10..].iter().sum();
        // Two static chunks would get very different amounts of work.
        assert!(first > 3 * second, "{first} vs {second}: {costs:?}");
        assert!(costs[2] > 5 * costs[19], "{costs:?}");
    }

    #[test]
    fn sha256_chain_matches_the_reference() {
        use sha2::{Digest, Sha256};
        // One round from the zero-seeded task 0 is SHA-256 of 32 zero bytes.
        let expected: [u8; 32] = Sha256::digest([0u8; 32]).into();
        assert_eq!(
            sha256_chain(0, 1),
            u64::from(u32::from_le_bytes(expected[..4].try_into().unwrap()))
        );
        assert_ne!(sha256_chain(1, 10), sha256_chain(2, 10));
        assert_eq!(sha256_chain(0, 0), 0);
    }

    #[test]
    fn squares_are_seed_001s_pool_map() {
        let out: Vec<u64> = (0..5).map(|t| Kernel::Squares.run(t, 5, 1)).collect();
        assert_eq!(out, [1, 4, 9, 16, 25]);
    }

    #[test]
    fn both_widths_agree_around_the_switch() {
        let switch = 1u64 << 31;
        for n in (switch - 2_000..switch + 2_000).chain(0..2_000) {
            assert_eq!(is_prime(n), is_prime_u64(n), "n = {n}");
        }
        assert!(is_prime(2_147_483_647)); // 2^31 - 1, the last number on the 32-bit path
        assert!(!is_prime(2_147_483_649)); // 3 x 715,827,883, the first past it
    }

    #[test]
    fn a_raised_checkpoint_stops_every_kernel_within_a_step() {
        let stopped = Kernel::Squares.run_checked(3, 8, 50, &mut || false);
        assert_eq!(stopped, None, "even the one-step kernel looks once");
        for kernel in [Kernel::Primes, Kernel::Mandelbrot, Kernel::Sha256] {
            let full = kernel.run_checked(3, 8, 50, &mut || true);
            assert_eq!(full, Some(kernel.run(3, 8, 50)), "{kernel:?}");
            let mut steps = 0;
            let mut stop_after_two = || {
                steps += 1;
                steps <= 2
            };
            assert_eq!(
                kernel.run_checked(3, 8, 50, &mut stop_after_two),
                None,
                "{kernel:?}"
            );
            assert_eq!(steps, 3, "{kernel:?} looked again after each step");
        }
    }

    #[test]
    fn checkpoints_come_often_in_long_tasks() {
        // 5M numbers per task (work = 5000): a checkpoint per 1,000 numbers.
        let mut primes = 0;
        Kernel::Primes.run_checked(0, 1, 5, &mut || {
            primes += 1;
            true
        });
        assert_eq!(primes, 5);
        let mut hashes = 0;
        Kernel::Sha256.run_checked(0, 1, 100, &mut || {
            hashes += 1;
            true
        });
        assert_eq!(hashes, (100 * 64_u32).div_ceil(HASHES_PER_STEP));
    }

    #[test]
    fn known_count() {
        // pi(10^6) = 78498
        assert_eq!(count_primes_in(0, 1_000_000), 78_498);
    }

    #[test]
    fn kernels_are_named_as_the_parameters_name_them() {
        for kernel in [
            Kernel::Primes,
            Kernel::Mandelbrot,
            Kernel::Sha256,
            Kernel::Squares,
        ] {
            assert_eq!(Kernel::from_id(&kernel.id()), Some(kernel));
        }
        assert_eq!(Kernel::Sha256.id(), "sha256");
        assert_eq!(Kernel::from_id("fibonacci"), None);
    }
}
