// The scale-out rows of section `queue` (Python worker processes, browser tabs): throughput of
// N workers against N times one worker's, and what a run's deliveries say it spent its time on.
import { scaleEfficiency } from './queue.mjs';
import { compare } from './report.mjs';
import { single, summarize, median, fmt } from './stats.mjs';

/** @typedef {import('./report.mjs').Row} Row */

const SECTION = 'queue';
/** The Python rows' workers (the default): ids `queue.scale-N`. */
const PYTHON = { id: '', many: 'Python worker processes', one: 'worker', short: 'workers' };

/**
 * The scale-out row for N workers: their throughput against N times one worker's. `kind` names
 * the workers when they are not Python processes (the browser tabs' row): its id part, what
 * the label calls N of them, what one of them is, and a short plural.
 * @param {{ n: number, tasks: number, manyMs: number[], oneTasks: number, oneMs: number[], cause?: string,
 *   kind?: { id: string, many: string, one: string, short: string } }} m
 * @returns {Row}
 */
export function scaleRow({ n, tasks, manyMs, oneTasks, oneMs, cause, kind = PYTHON }) {
  const one = median(oneMs);
  const oneThroughput = (oneTasks / one) * 1000;
  const row = compare({
    id: `queue.scale-${kind.id}${n}`,
    section: SECTION,
    label: `scale-out efficiency, ${n} ${kind.many}, ${tasks} tasks of one 1 s request each (Pando reported 69% at 100)`,
    ours: { label: `${n} ${kind.short}`, stat: summarize(manyMs.map((ms) => (tasks / ms) * 1000), 'tasks/s') },
    peer: { label: `${n} × one ${kind.one}'s ${fmt(oneThroughput)}`, stat: single(n * oneThroughput, 'tasks/s') },
    of: 'ideal',
    target: { text: '≥ 90% of N × one worker', minRatio: 0.9 },
    why: cause,
  });
  const eff = scaleEfficiency({ tasks, ms: median(manyMs) }, { tasks: oneTasks, ms: one }, n);
  row.ratioText = `${(eff * 100).toFixed(1)}% efficiency`;
  return row;
}

/**
 * What made a scale-out run longer than perWorker tasks back to back: the share of tasks per
 * worker, the time a request took, and how late the last worker started.
 * @param {{ deliveries: { worker: string, status: string, enqueued: number, delivered: number | null, ended: number }[], brokerMsPerTask?: number | null }} summary
 * @param {number} ms  the run's time
 */
export function scaleCause(summary, ms) {
  const { text } = scaleBreakdown(summary, ms);
  return text;
}

/**
 * The numbers behind scaleCause: the median time a task was held (delivery to completion).
 * @param {{ deliveries: { worker: string, status: string, enqueued: number, delivered: number | null, ended: number }[], brokerMsPerTask?: number | null }} summary
 * @param {number} ms
 */
export function scaleBreakdown(summary, ms) {
  const ok = summary.deliveries.filter((d) => d.status === 'ok' && d.delivered !== null);
  /** @type {Map<string, number>} */
  const per = new Map();
  for (const d of ok) per.set(d.worker, (per.get(d.worker) ?? 0) + 1);
  const counts = [...per.values()];
  const held = ok.map((d) => d.ended - /** @type {number} */ (d.delivered));
  const enqueued = Math.min(...ok.map((d) => d.enqueued));
  const firsts = [...per.keys()].map((w) => Math.min(...ok.filter((d) => d.worker === w).map((d) => /** @type {number} */ (d.delivered))));
  const most = Math.max(...counts);
  const lag = Math.max(...firsts) - enqueued;
  const text =
    `in the median round's run (${fmt(ms)} ms) ${per.size} workers took ${Math.min(...counts)}–${most} tasks each; ` +
    `a task took ${fmt(median(held))} ms from delivery to completion (max ${fmt(Math.max(...held))}` +
    `${summary.brokerMsPerTask != null ? `; ${fmt(summary.brokerMsPerTask)} ms of it outside the task itself, the rest the request as the worker timed it` : ''}); ` +
    `the last worker's first task came ${fmt(lag)} ms after the enqueue, ` +
    `so ${most} tasks back to back after that start account for ~${fmt(lag + most * median(held))} ms`;
  return { text, heldMs: median(held) };
}
