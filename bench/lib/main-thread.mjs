// The page's main thread during a run, split at the page's own marks (www/protocol/messages.js
// RUN_MARKS): its tasks while the worker computes (from posting the run to the last strategy's
// result) and after the last result (drawing it, and the bench collecting it). Read from a
// Chromium trace of the run, so it counts layout, paint and commit, not only script.
import { runInPage } from './browser.mjs';
import { RUN_MARKS } from '../../www/protocol/messages.js';
import { compare } from './report.mjs';
import { summarize } from './stats.mjs';

/** @typedef {{ name: string, ph: string, ts: number, dur?: number, tdur?: number, pid: number, tid: number }} TraceEvent */

/**
 * The busy time of one thread in [from, to] (trace microseconds): the union of its top-level
 * tasks clipped to the window, as wall time and as CPU time (a task's CPU time counted in the
 * share of its wall time that falls in the window).
 * @param {TraceEvent[]} tasks  complete events of one thread, sorted by start
 * @param {number} from
 * @param {number} to
 */
export function busyIn(tasks, from, to) {
  let wall = 0;
  let cpu = 0;
  let coveredUntil = -Infinity;
  for (const t of tasks) {
    const start = Math.max(t.ts, from, coveredUntil);
    const end = Math.min(t.ts + (t.dur ?? 0), to);
    // Nested events lie inside one already counted.
    if (t.ts + (t.dur ?? 0) > coveredUntil) coveredUntil = t.ts + (t.dur ?? 0);
    if (end <= start) continue;
    wall += end - start;
    cpu += (t.tdur ?? t.dur ?? 0) * ((end - start) / Math.max(1, t.dur ?? 1));
  }
  return { wallMs: wall / 1000, cpuMs: cpu / 1000 };
}

/**
 * The split of a traced run's events: the page's main thread is the thread its marks are on.
 * @param {TraceEvent[]} events
 * @returns {{ computing: { wallMs: number, cpuMs: number }, after: { wallMs: number, cpuMs: number }, windowMs: number }}
 */
export function splitAtMarks(events) {
  const marks = events.filter((e) => e.name === RUN_MARKS.start || e.name === RUN_MARKS.result);
  const start = marks.find((e) => e.name === RUN_MARKS.start);
  const results = marks.filter((e) => e.name === RUN_MARKS.result);
  if (!start || !results.length) throw new Error(`the trace has no ${RUN_MARKS.start} and ${RUN_MARKS.result} marks`);
  // Loops, not spreads: a 10,000-request run's trace has more events than a call takes arguments.
  const lastResult = results.reduce((m, e) => Math.max(m, e.ts), -Infinity);
  const tasks = events
    .filter((e) => e.pid === start.pid && e.tid === start.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts);
  const end = tasks.reduce((m, t) => Math.max(m, t.ts + (t.dur ?? 0)), lastResult);
  return {
    computing: busyIn(tasks, start.ts, lastResult),
    after: busyIn(tasks, lastResult, end),
    windowMs: (lastResult - start.ts) / 1000,
  };
}

/**
 * One `runInPage` under a Chromium trace of top-level tasks and user-timing marks only (cheap to
 * record), with the page's main thread split at its marks.
 * @param {import('./quiet-page.mjs').QuietPage} page
 * @param {import('./quiet-page.mjs').QuietSession} cdp
 * @param {Record<string, unknown>} params
 */
export async function tracedRun(page, cdp, params) {
  /** @type {TraceEvent[]} */
  const events = [];
  const collect = (/** @type {{ value: object[] }} */ e) => {
    for (const event of /** @type {TraceEvent[]} */ (e.value)) events.push(event);
  };
  cdp.on('Tracing.dataCollected', collect);
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: 'toplevel,blink.user_timing', transferMode: 'ReportEvents' });
  /** @type {Awaited<ReturnType<typeof runInPage>>} */
  let out;
  try {
    out = await runInPage(page, params, cdp);
  } finally {
    await cdp.send('Tracing.end').catch(() => {});
    await complete;
    cdp.off('Tracing.dataCollected', collect);
  }
  return { ...out, split: splitAtMarks(events) };
}

/** @typedef {Awaited<ReturnType<typeof tracedRun>>} TracedRun */

/** A row's two sides without a ratio between them (they are two views of one measurement).
 * @param {import('./report.mjs').Row} row */
function withoutRatio(row) {
  row.ratio = null;
  row.ratioText = '';
  return row;
}

/**
 * Two rows for traced runs of one kind: the main thread while the worker computed, as a share
 * of that time (CPU time, the cores it took from the pool; its tasks' wall time beside it, which
 * under load also counts waiting for a core), and what it did after the last result.
 * @param {object} spec
 * @param {string} spec.id
 * @param {string} spec.section
 * @param {string} spec.what      e.g. "a cpu-rayon run (6 tasks x 2000k numbers)"
 * @param {TracedRun[]} spec.runs
 * @param {number | null} spec.maxSharePercent  the target, if any
 * @param {string} spec.why       the known cause, shown on a miss
 */
export function busyRows({ id, section, what, runs, maxSharePercent, why }) {
  const pct = (/** @type {number} */ ms, /** @type {TracedRun} */ r) => (100 * ms) / Math.max(1, r.split.windowMs);
  const computing = withoutRatio(
    compare({
      id: `${id}-computing`,
      section,
      label: `the page's main thread while the worker computes ${what}: share of that time (${runs.length} traced runs)`,
      ours: { label: 'CPU time', stat: summarize(runs.map((r) => pct(r.split.computing.cpuMs, r)), '%') },
      peer: { label: 'its tasks (wall time)', stat: summarize(runs.map((r) => pct(r.split.computing.wallMs, r)), '%') },
      target: maxSharePercent == null ? null : { text: `≤ ${maxSharePercent}% of the run (CPU time)`, maxValue: maxSharePercent },
      why,
    }),
  );
  const after = withoutRatio(
    compare({
      id: `${id}-after`,
      section,
      label: `the page's main thread after the last result of ${what} (drawing it, and the bench collecting it)`,
      ours: { label: 'CPU time', stat: summarize(runs.map((r) => r.split.after.cpuMs)) },
      peer: { label: 'its tasks (wall time)', stat: summarize(runs.map((r) => r.split.after.wallMs)) },
    }),
  );
  return [computing, after];
}
