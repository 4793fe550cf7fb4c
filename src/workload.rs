//! CPU workloads: real computation, never a sleep.
//!
//! The kernel counts primes by trial division. To give every task the same cost (so a pool of P
//! threads can approach a P-fold speedup with only a handful of tasks) the number line is cut into
//! blocks of [`BLOCK`] numbers dealt out round-robin: with `tasks = T`, task `i` tests blocks
//! `i, i + T, i + 2T, ...`. Contiguous ranges would hand the last task the largest numbers and
//! the most expensive divisions, and a 6-task run on 2 cores would measure that imbalance instead
//! of the pool.

/// Numbers per block dealt to a task.
pub const BLOCK: u64 = 1_000;

/// True if `n` is prime (6k ± 1 trial division).
pub fn is_prime(n: u64) -> bool {
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
/// Kept out of line on purpose: V8 runs wasm first with its baseline compiler and swaps in
/// optimised code only on a function's *next call*, so a task that was one inlined loop stayed
/// on baseline code for its whole first run (1.4x slower). One call per block lets tier-up
/// happen within the first few milliseconds.
#[inline(never)]
pub fn count_primes_in(lo: u64, hi: u64) -> u64 {
    (lo..hi).filter(|&n| is_prime(n)).count() as u64
}

/// One CPU task: the primes in task `task`'s `blocks` blocks, out of `tasks` tasks.
///
/// All tasks together cover `0..tasks * blocks * BLOCK` exactly once.
pub fn prime_task(task: u64, tasks: u64, blocks: u64) -> u64 {
    (0..blocks)
        .map(|j| {
            let lo = (task + j * tasks) * BLOCK;
            count_primes_in(lo, lo + BLOCK)
        })
        .sum()
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
    fn known_count() {
        // pi(10^6) = 78498
        assert_eq!(count_primes_in(0, 1_000_000), 78_498);
    }
}
