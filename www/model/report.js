// The report's shapes as the core makes them (src/report/mod.rs, docs/report.md), and the result the
// page builds itself for a strategy whose worker was stopped before it reported one. Pure.
import { peakOverlap } from './stats.js';
import { CONSTANTS } from './spec.js';

/**
 * @typedef {object} Span
 * @property {number} task
 * @property {number} lane
 * @property {number} startMs
 * @property {number} endMs
 * @property {boolean} ok
 * @property {boolean} [cancelled]
 * @property {'fetch' | 'parse' | 'startup' | 'lost'} [phase] the stage of a two-stage (pipeline) task, a worker's start-up, or a queue delivery the broker took back
 * @property {number} [sentMs]      when the browser sent the request (it may have queued it first)
 * @property {number} [receivedMs]  when the response's first byte arrived
 *
 * @typedef {object} StrategyResult
 * @property {string} strategy
 * @property {number} wallMs
 * @property {number | null} [idealMs]  the core's ideal time (src/ideal.rs); null where no simple model applies
 * @property {number} tasks
 * @property {number} ok
 * @property {number} failed
 * @property {number} cancelled
 * @property {number} peakInFlight
 * @property {number} [peakOnWire]  most requests the browser had sent at once (fetches with wire times; absent without them)
 * @property {number} lanesUsed
 * @property {number} checksum
 * @property {string} [error]
 * @property {{ reason: string, count: number, tasks: number[] }[]} [failures]
 * @property {number} [spanSample]
 * @property {boolean} [interrupted] the worker had to be stopped mid-strategy: counts are from its last progress report
 * @property {Record<string, any>} [detail]  what a strategy reports beyond the counts (counter values, delivery order, …)
 * @property {RepeatSpread} [repeat]  the spread over repeats (www/worker/experiment.js)
 * @property {Span[]} spans
 *
 * @typedef {object} RepeatSpread
 * @property {number} medianMs
 * @property {number} minMs
 * @property {number} maxMs
 * @property {number} runs
 * @property {number[]} wallsMs
 * @property {boolean} warmupExcluded
 *
 */

/**
 * What the page knows of the strategy running now, from its progress messages: enough to
 * account for every task if the worker has to be stopped before it reports a result.
 * @typedef {{ strategy: string, total: number, startedAt: number, done: number, failed: number, cancelled: number, spans: Span[] }} Live
 */

/**
 * A result for a strategy the worker could not finish: what its last progress report said, with
 * every task not reported done accounted for. After a Cancel those tasks are cancelled. After a
 * crash they are failed, with the crash as their reason, the way a broken process pool fails
 * every future still pending (concurrent.futures' BrokenProcessPool): nobody cancelled them.
 * @param {Live} live
 * @param {string} [crash] what the crash said, if the worker crashed
 * @returns {StrategyResult}
 */
export function interruptedResult(live, crash) {
  // As the core's report: no peakOnWire at all when no request carried its wire times.
  const { peakOnWire, ...counts } = spanCounts(live.spans);
  const unfinished = live.total - live.done;
  const failedBefore = Math.min(live.failed, live.done);
  const failed = failedBefore + (crash ? unfinished : 0);
  const cancelled = live.cancelled + (crash ? 0 : unfinished);
  /** @type {{ reason: string, count: number, tasks: number[] }[]} */
  const failures = [];
  if (failedBefore > 0) {
    // Progress carries which tasks failed, not why: the reasons were in the worker.
    failures.push({ reason: LOST_REASONS, count: failedBefore, tasks: failedTasks(live, FAILURE_TASKS_SHOWN) });
  }
  if (crash && unfinished > 0) failures.push({ reason: crash, count: unfinished, tasks: unfinishedTasks(live, FAILURE_TASKS_SHOWN) });
  return {
    strategy: live.strategy,
    wallMs: performance.now() - live.startedAt,
    tasks: live.total,
    ok: Math.max(0, live.total - failed - cancelled),
    failed,
    cancelled,
    ...counts,
    ...(peakOnWire == null ? {} : { peakOnWire }),
    checksum: 0,
    spans: live.spans,
    interrupted: true,
    ...(crash ? { error: crash } : {}),
    ...(failures.length ? { failures } : {}),
  };
}

/** The reason given for tasks that failed before the worker was stopped: their own reasons
 * went with it (progress messages count failures, they do not carry reasons). */
export const LOST_REASONS = 'failed before the worker was stopped; the reason was lost with the worker';

/** Task indices listed per failure reason (as src/report/mod.rs lists them). */
const FAILURE_TASKS_SHOWN = CONSTANTS.failureTasksShown;

/**
 * A span that ends its task: any span but a two-stage task's finished fetch (the pipeline's
 * task ends with its parse; progress counts it done then).
 * @param {Span} s
 */
const endsTask = (s) => !(s.phase === 'fetch' && s.ok) && s.phase !== 'startup' && s.phase !== 'lost';

/**
 * The first `n` tasks not reported done, when the progress messages carried every done task's
 * span (runs up to LIVE_SPANS_UP_TO tasks); otherwise none can be named.
 * @param {Live} live
 * @param {number} n
 */
function unfinishedTasks(live, n) {
  const seen = new Set(live.spans.filter(endsTask).map((s) => s.task));
  if (seen.size < live.done) return [];
  const out = [];
  for (let t = 0; t < live.total && out.length < n; t++) if (!seen.has(t)) out.push(t);
  return out;
}

/**
 * The first `n` tasks reported failed (none when progress carried counts only).
 * @param {Live} live
 * @param {number} n
 */
function failedTasks(live, n) {
  const failed = live.spans.filter((s) => !s.ok && !s.cancelled).map((s) => s.task);
  return [...new Set(failed)].sort((a, b) => a - b).slice(0, n);
}

/**
 * A span of a task's first stage: peaks and lanes count only these, as the core does
 * (src/report/mod.rs), so a pipeline's parse overlapping the next fetches, or a worker's start-up
 * before its first task, does not count as one more task in flight.
 * @param {Span} s
 */
export const isFirstStage = (s) => s.phase !== 'parse' && s.phase !== 'startup';

/**
 * Peaks and lanes of a strategy's spans, by the core's rule: over each task's first stage only;
 * `peakOnWire` is null when no span carries the time its request was sent.
 * @param {Span[]} spans
 * @returns {{ peakInFlight: number, peakOnWire: number | null, lanesUsed: number }}
 */
export function spanCounts(spans) {
  const first = spans.filter(isFirstStage);
  const wire = first.flatMap((s) => (s.sentMs == null ? [] : [{ startMs: s.sentMs, endMs: s.receivedMs ?? s.endMs }]));
  return {
    peakInFlight: peakOverlap(first),
    peakOnWire: first.some((s) => s.sentMs != null) ? peakOverlap(wire) : null,
    lanesUsed: new Set(first.map((s) => s.lane)).size,
  };
}
