// A report as a Chrome Trace Event Format file, for the Perfetto UI and chrome://tracing:
// each strategy a process, each lane a thread, each span one complete ("X") event.
// Format: https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU

/**
 * @typedef {{ task: number, lane: number, startMs: number, endMs: number, ok: boolean,
 *   cancelled?: boolean, phase?: string, sentMs?: number, receivedMs?: number }} Span
 * @typedef {{ strategy: string, wallMs: number, spans: Span[], failures?: { reason: string, tasks: number[] }[] }} Result
 * @typedef {{ name: string, ph: string, pid: number, tid: number, ts?: number, dur?: number,
 *   cat?: string, args?: Record<string, unknown> }} TraceEvent
 */

const US_PER_MS = 1000;

/** How a span ended, in the words of the report. @param {Span} s */
const statusOf = (s) => (s.cancelled ? 'cancelled' : s.ok ? 'ok' : 'failed');

/**
 * The failure reason of a failed task, where the report says it (it lists the first few tasks
 * per reason).
 * @param {Result} result
 */
function reasonsByTask(result) {
  /** @type {Map<number, string>} */
  const reasons = new Map();
  const failures = result.failures ?? [];
  for (const f of failures) for (const t of f.tasks) reasons.set(t, f.reason);
  // With one reason for every failure, the tasks past the listed few share it too.
  const only = failures.length === 1 ? failures[0].reason : undefined;
  return (/** @type {number} */ task) => reasons.get(task) ?? only;
}

/**
 * Thread ids for a strategy's lanes. Complete events on one thread must nest, and a pipeline's
 * fetch and parse lanes are numbered apart, so each (phase, lane) pair is a thread of its own.
 * @param {Span[]} spans
 */
function threadsOf(spans) {
  /** @type {Map<string, number>} */
  const tids = new Map();
  // A worker's start-up (fetch-processes) is on its worker's thread, before its first task.
  const key = (/** @type {Span} */ s) => `${s.phase && s.phase !== 'startup' && s.phase !== 'lost' ? s.phase : ''}:${s.lane}`;
  const sorted = [...new Set(spans.map(key))].sort((a, b) => {
    const [pa, la] = a.split(':');
    const [pb, lb] = b.split(':');
    return pa.localeCompare(pb) || Number(la) - Number(lb);
  });
  sorted.forEach((k, i) => tids.set(k, i + 1));
  return { tidOf: (/** @type {Span} */ s) => /** @type {number} */ (tids.get(key(s))), names: sorted };
}

/** A thread's name in the trace: "lane 3", "fetch lane 0". @param {string} key */
const laneName = (key) => {
  const [phase, lane] = key.split(':');
  return phase ? `${phase} lane ${lane}` : `lane ${lane}`;
};

/**
 * The events of one span: the task itself, and before it the time the request sat queued in
 * the browser (from the call to Resource Timing's requestStart), where known.
 * @param {Span} s
 * @param {number} pid
 * @param {number} tid
 * @param {string} category the strategy id
 * @param {string | undefined} reason
 * @returns {TraceEvent[]}
 */
function spanEvents(s, pid, tid, category, reason) {
  const name = s.phase === 'startup' ? `start-up (lane ${s.lane})` : s.phase ? `task ${s.task} (${s.phase})` : `task ${s.task}`;
  /** @type {Record<string, unknown>} */
  const args = { task: s.task, status: statusOf(s) };
  if (reason) args.reason = reason;
  if (s.receivedMs != null) args.receivedMs = s.receivedMs;
  const events = [];
  const queued = s.sentMs != null && s.sentMs > s.startMs ? s.sentMs - s.startMs : 0;
  if (queued > 0) {
    events.push({ name: `${name} queued in the browser`, cat: category, ph: 'X', pid, tid, ts: s.startMs * US_PER_MS, dur: queued * US_PER_MS, args: { task: s.task } });
  }
  const start = s.startMs + queued;
  events.push({ name, cat: category, ph: 'X', pid, tid, ts: start * US_PER_MS, dur: Math.max(0, s.endMs - start) * US_PER_MS, args });
  return events;
}

/**
 * The Chrome Trace Event Format of a report: `{ traceEvents }`, one process per strategy
 * (named by `process_name` metadata), one thread per lane (`thread_name`), one complete event
 * per span with ts/dur in microseconds since the strategy started, its status and failure
 * reason in `args`.
 * @param {{ results: Result[] }} report
 * @returns {{ traceEvents: TraceEvent[], displayTimeUnit: string }}
 */
export function toTrace(report) {
  /** @type {TraceEvent[]} */
  const events = [];
  report.results.forEach((result, i) => {
    const pid = i + 1;
    const spans = result.spans ?? [];
    const { tidOf, names } = threadsOf(spans);
    events.push({ name: 'process_name', ph: 'M', pid, tid: 0, args: { name: result.strategy } });
    events.push({ name: 'process_sort_index', ph: 'M', pid, tid: 0, args: { sort_index: pid } });
    names.forEach((key, t) => events.push({ name: 'thread_name', ph: 'M', pid, tid: t + 1, args: { name: laneName(key) } }));
    const reasons = reasonsByTask(result);
    for (const s of spans) events.push(...spanEvents(s, pid, tidOf(s), result.strategy, s.ok || s.cancelled ? undefined : reasons(s.task)));
  });
  return { traceEvents: events, displayTimeUnit: 'ms' };
}
