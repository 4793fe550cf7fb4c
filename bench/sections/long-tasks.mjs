// Section `long-tasks`: the main thread's long tasks while the page runs many tasks (CPU, then
// fetch), and its busy time during and after each; the strategies run in the worker, so any long
// task is the page's own drawing.
import { tracedRun, busyRows } from '../lib/main-thread.mjs';
import { pageParams } from '../lib/contenders.mjs';
import { compare } from '../lib/report.mjs';
import { single, fmt } from '../lib/stats.mjs';
import { say } from '../lib/log.mjs';

/** @param {import('../lib/session.mjs').Context} ctx */
export async function measure(ctx) {
  const { tasks, work, concurrency: k } = ctx.cfg.longTasks;
  const supported = await ctx.page.evaluate(() => PerformanceObserver.supportedEntryTypes.includes('longtask'));
  if (!supported) throw new Error('this Chromium reports no longtask entries');
  const runs = [
    { id: 'cpu', strategies: ['cpu-sequential', 'cpu-rayon'], params: { workload: 'cpu', kernel: 'primes', tasks, work } },
    { id: 'fetch', strategies: ['fetch-bounded'], params: { workload: 'fetch', tasks, latency: 0, bytes: 256, concurrency: k } },
  ];
  /** @type {Record<string, unknown>} */
  const seen = {};
  ctx.raw.longTasks = seen;
  for (const r of runs) {
    say(`long tasks: a ${tasks}-task ${r.id} run (${r.strategies.join(', ')})`);
    // Traced (top-level tasks only, cheap to record): the main thread's busy time is split too.
    const out = await tracedRun(ctx.page, ctx.cdp, pageParams(ctx, { ...r.params, strategies: r.strategies }));
    const durations = out.longTasks.map((t) => t.duration);
    seen[r.id] = { longTasks: out.longTasks, mainThread: out.split };
    const longest = durations.length ? Math.max(...durations) : 0;
    // Chromium reports a long task only when it exceeds 50 ms (durations are rounded to whole
    // ms, so one may read "50"): the target is that none is reported.
    ctx.rows.push(
      compare({
        id: `page.long-tasks-${r.id}`,
        section: 'page',
        label: `main-thread long tasks during a ${tasks}-task ${r.id} run (${r.strategies.join(', ')})`,
        ours: { label: durations.length ? `longest ${fmt(longest)} ms; count` : 'count', stat: single(durations.length, '') },
        target: { text: 'none over 50 ms', maxValue: 0 },
        why:
          `${durations.length} main-thread task(s) over 50 ms, the longest ${fmt(longest)} ms. The ` +
          `strategies run in the worker; the main thread only takes its progress messages and ` +
          `draws them and the ${tasks}-span result, so this is the page's drawing.`,
      }),
      ...busyRows({
        id: `page.main-thread-${r.id}`,
        section: 'page',
        what: `a ${tasks}-task ${r.id} run (${r.strategies.join(', ')})`,
        runs: [out],
        maxSharePercent: null,
        why: '',
      }),
    );
  }
}
