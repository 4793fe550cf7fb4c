// The arithmetic of the scaling section: which thread counts to measure, a job that divides
// evenly among each of them, speed-up and efficiency, and which targets apply on this machine.

/** Efficiency targets by thread count: a target applies only where the machine has the cores. */
export const EFFICIENCY_TARGETS = [
  { threads: 4, minEfficiency: 0.75 },
  { threads: 8, minEfficiency: 0.5 },
];

/**
 * 1, 2, 4, … up to `cores`, and `cores` itself when it is not a power of two.
 * @param {number} cores
 */
export function threadCounts(cores) {
  const n = Math.max(1, Math.floor(cores));
  const counts = [];
  for (let t = 1; t <= n; t *= 2) counts.push(t);
  if (counts.at(-1) !== n) counts.push(n);
  return counts;
}

/** @param {number} a @param {number} b @returns {number} */
const gcd = (a, b) => (b === 0 ? a : gcd(b, a % b));

/**
 * The job's size: the smallest multiple of every thread count that is at least `minTasks`
 * tasks (so static chunks split it evenly at every point), and the work per task that keeps
 * the total near `totalWork` thousand numbers (so the 1-thread time is the same whatever the
 * cores).
 * @param {number[]} counts
 * @param {{ minTasks: number, totalWork: number }} size
 */
export function scalingJob(counts, { minTasks, totalWork }) {
  const lcm = counts.reduce((acc, t) => (acc * t) / gcd(acc, t), 1);
  const tasks = Math.max(1, Math.ceil(minTasks / lcm)) * lcm;
  return { tasks, work: Math.max(1, Math.round(totalWork / tasks)) };
}

/**
 * Speed-up over the 1-thread time and efficiency (speed-up / threads), from two medians.
 * @param {number} oneThreadMs
 * @param {number} ms
 * @param {number} threads
 */
export function scalingPoint(oneThreadMs, ms, threads) {
  const speedup = oneThreadMs / ms;
  return { speedup, efficiency: speedup / threads };
}

/**
 * The efficiency target at `threads`, or null where none is set.
 * @param {number} threads
 */
export const targetAt = (threads) => EFFICIENCY_TARGETS.find((t) => t.threads === threads) ?? null;

/**
 * The targets this machine cannot be held to: those at more threads than it has cores.
 * @param {number} cores
 */
export const targetsBeyond = (cores) => EFFICIENCY_TARGETS.filter((t) => t.threads > cores);

/** "98%" @param {number} x */
export const percent = (x) => (Number.isFinite(x) ? `${Math.round(x * 100)}%` : String(x));
