// The playground's CPU kernel in plain JavaScript, line for line the same as src/family/cpu/kernels.rs:
// 6k ± 1 trial division, the number line cut into blocks of 1000 dealt round-robin over the tasks.
// JavaScript numbers are doubles: every value here stays an integer below 2^53 (the largest
// number tested is tasks × work × 1000 ≤ 10,000 × 5,000 × 1000 = 5·10^10), so the arithmetic is
// exact and the checksum equals the Rust one. Below 2^31 V8 keeps them as small integers.

/** Numbers per block dealt to a task. */
export const BLOCK = 1000;

/** @param {number} n */
export function isPrime(n) {
  if (n < 4) return n >= 2;
  if (n % 2 === 0 || n % 3 === 0) return false;
  for (let d = 5; d * d <= n; d += 6) {
    if (n % d === 0 || n % (d + 2) === 0) return false;
  }
  return true;
}

/** Primes in lo..hi (hi excluded). */
export function countPrimesIn(/** @type {number} */ lo, /** @type {number} */ hi) {
  let count = 0;
  for (let n = lo; n < hi; n++) if (isPrime(n)) count++;
  return count;
}

/**
 * One CPU task: the primes in task `task`'s `blocks` blocks, out of `tasks` tasks.
 * @param {number} task
 * @param {number} tasks
 * @param {number} blocks
 */
export function primeTask(task, tasks, blocks) {
  let total = 0;
  for (let j = 0; j < blocks; j++) {
    const lo = (task + j * tasks) * BLOCK;
    total += countPrimesIn(lo, lo + BLOCK);
  }
  return total;
}

/**
 * The `squares` kernel's task: (task + 1)², nothing else, so a run of them measures the pool's
 * per-task overhead (as src/family/cpu/kernels.rs's Kernel::Squares does).
 * @param {number} task
 */
export function squareTask(task) {
  return (task + 1) ** 2;
}

/** The kernels the baseline pool can run, by the playground's kernel names. */
export const KERNELS = {
  primes: primeTask,
  squares: squareTask,
};
