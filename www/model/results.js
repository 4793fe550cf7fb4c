// Helpers about results and the reports that hold them: whether a result ran to its end, its
// ideal time and its speedup. What each strategy is lives in spec.json (read by spec.js).
import { sequentialOf } from './spec.js';

/** @typedef {import('./params.js').Params} Params */
/** @typedef {import('../model/report.js').StrategyResult} StrategyResult */
/**
 * @typedef {object} Environment
 * @property {boolean} crossOriginIsolated
 * @property {number} hardwareConcurrency
 * @property {number} poolThreads
 * @property {string} browser
 *
 * @typedef {object} Report
 * @property {Params} params
 * @property {Environment} env
 * @property {StrategyResult[]} results
 * @property {string[]} notes    clamping notes for this run's parameters
 * @property {boolean} cancelled
 * @property {string[]} [notRun]  strategies a cancel or crash stopped before they started
 * @property {string} [preset]
 * @property {import('./matrix.js').Matrix} [matrix]  a preset's matrix of approaches (choosing-the-approach)
 * @property {string} [error]
 */

/**
 * Ran every task to its end (ok or failed): a cancelled or interrupted result timed only part
 * of the work, so its wall time cannot be compared with a whole run's, nor with a whole run's
 * ideal.
 * @param {{ cancelled?: number, interrupted?: boolean }} result
 */
export function ranToTheEnd(result) {
  return !((result.cancelled ?? 0) > 0) && !result.interrupted;
}

/**
 * The ideal wall time the core computed for a result (`idealMs`, see src/ideal.rs), or null
 * where there is none: no simple model, a stopped result, or a result saved before results
 * carried one.
 * @param {{ idealMs?: number | null, cancelled?: number, interrupted?: boolean }} result
 * @returns {number | null}
 */
export function idealOf(result) {
  return ranToTheEnd(result) ? (result.idealMs ?? null) : null;
}

/**
 * The speedup of a result against the sequential strategy of its family, if that ran, and both
 * ran to their end (null otherwise: 10 of 30 requests in 4 s say nothing against 30 in 12 s).
 * @param {{ strategy: string, wallMs: number, cancelled?: number, interrupted?: boolean }} result
 * @param {{ strategy: string, wallMs: number, cancelled?: number, interrupted?: boolean }[]} all
 */
export function speedup(result, all) {
  const baseline = sequentialOf(result.strategy);
  const base = all.find((r) => r.strategy === baseline);
  if (!base || !ranToTheEnd(base) || !ranToTheEnd(result)) return null;
  return result.wallMs > 0 ? base.wallMs / result.wallMs : null;
}
