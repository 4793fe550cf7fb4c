// Section `cancel`: Cancel to Run enabled again, as a person presses it (the issue's "usable
// again within 200 ms"), timed inside the page with the page's drawing of the partial result.
import { pageParams } from '../lib/contenders.mjs';
import { compare } from '../lib/report.mjs';
import { summarize, fmt } from '../lib/stats.mjs';
import { say } from '../lib/log.mjs';

/** @typedef {import('../lib/session.mjs').Context} Context */
/** @typedef {{ id: string, label: string, params: Record<string, unknown>, afterMs: number }} Case */

/** The runs to cancel, `afterMs` into each: one per way a run winds down. */
function cases(/** @type {Context} */ ctx) {
  const inFlight = ctx.spec.constants.maxStartedAtOnce.toLocaleString('en-US');
  return [
    {
      id: 'cpu',
      label: 'a 400-task cpu-sequential run (stops at the next task boundary)',
      params: { workload: 'cpu', strategies: ['cpu-sequential'], kernel: 'primes', tasks: 400, work: 40 },
      afterMs: 400,
    },
    {
      id: 'fetch',
      label: `fetch-concurrent, 3,000 tasks with ${inFlight} in flight (all aborted)`,
      params: { workload: 'fetch', strategies: ['fetch-concurrent'], tasks: 3000, latency: 50, bytes: 256 },
      afterMs: 1000,
    },
    {
      id: 'race',
      // 16 workers, not 4: 4 x 5M sometimes finished inside the 400 ms before Cancel.
      label: 'race-mutex, 16 workers x 5M increments (stop at the next look at the flag)',
      params: { workload: 'race', strategies: ['race-mutex'], tasks: 16, work: 5000 },
      afterMs: 400,
    },
    {
      id: 'long-task',
      label: 'one CPU task of 5M numbers, seconds long (stops at its next checkpoint)',
      params: { workload: 'cpu', strategies: ['cpu-sequential'], kernel: 'primes', tasks: 3, work: 5000 },
      afterMs: 300,
    },
  ];
}

/**
 * One cancelled run: clicks Cancel `afterMs` in, then polls the Run button every ms.
 * @param {Context} ctx
 * @param {Case} c
 * @returns {Promise<{ usableMs: number, interrupted: boolean }>} ms until Run was enabled again,
 *   and whether the worker had to be terminated (it did not wind down by itself)
 */
async function cancelOnce(ctx, c) {
  const out = await ctx.page.evaluate(
    async ([p, afterMs]) => {
      await window.playground.ready;
      const running = window.playground.run(p);
      await new Promise((r) => setTimeout(r, afterMs));
      const run = /** @type {HTMLButtonElement} */ (document.querySelector('#run'));
      const started = performance.now();
      /** @type {HTMLButtonElement} */ (document.querySelector('#cancel')).click();
      while (run.disabled) await new Promise((r) => setTimeout(r, 1));
      const usableMs = performance.now() - started;
      const report = await running;
      return { usableMs, cancelled: report.cancelled, interrupted: report.results.some((r) => r.interrupted) };
    },
    /** @type {const} */ ([pageParams(ctx, c.params), c.afterMs]),
  );
  if (!out.cancelled) throw new Error(`cancel ${c.id}: the run finished before Cancel (make it longer)`);
  return out;
}

/** @param {Context} ctx */
export async function measure(ctx) {
  const { rounds: n } = ctx.cfg.cancel;
  /** @type {Record<string, number[]>} */
  const all = {};
  ctx.raw.cancelMs = all;
  for (const c of cases(ctx)) {
    const times = [];
    let terminated = 0;
    for (let i = 0; i < n; i++) {
      say(`cancel: ${c.id} ${i + 1}/${n}`);
      const { usableMs, interrupted } = await cancelOnce(ctx, c);
      times.push(usableMs);
      if (interrupted) terminated++;
    }
    all[c.id] = times;
    const stat = summarize(times);
    const cooperative = `${n - terminated} of ${n} cooperative`;
    ctx.rows.push(
      compare({
        id: `page.cancel-${c.id}`,
        section: 'page',
        label: `Cancel until Run is enabled again: ${c.label}`,
        ours: { label: `Run enabled after (${cooperative})`, stat },
        // A terminated worker is a miss whatever the time: every case here should wind down itself.
        target: { text: '≤ 200 ms, every round cooperative', maxValue: terminated ? -Infinity : 200 },
        why: terminated
          ? `${terminated} of ${n} rounds ended by terminating the worker: it did not wind down within the page's grace`
          : `the median was ${fmt(stat.median)} ms: the worker winds down and the page then takes in ` +
            `and draws the partial result; on 2 cores a busy machine stretches both.`,
      }),
    );
  }
}
