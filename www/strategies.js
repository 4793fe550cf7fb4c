// Helpers about strategies and their results. What each strategy is (family, the Python it
// models, what to expect) lives in spec.json; this module re-exports it for the views.
import { STRATEGIES, FAMILY_COLOURS, CONSTANTS } from './spec.js';

export { STRATEGIES, FAMILY_COLOURS };

/** Maximum connections Chromium keeps to one host:port over HTTP/1.1. */
export const BROWSER_CONNECTIONS_PER_HOST = CONSTANTS.connectionsPerHost;

/** The start-everything strategies hand the browser at most this many requests at a time. */
export const MAX_STARTED_AT_ONCE = CONSTANTS.maxStartedAtOnce;

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
