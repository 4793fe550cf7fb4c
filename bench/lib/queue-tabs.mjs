// The scale-out row with browser tabs (section `queue`): "Python processes for the many, browser
// tabs for a few". N browser contexts opened on the page's join link are the only workers of
// 1 s requests, and their throughput is compared with N times one tab's, as the Python rows do.
// A tab takes as many tasks at once as its pool has threads (the bridge's `threads`), so one
// tab is that many slots: each slot gets the Python rows' tasks per worker.
import os from 'node:os';
import { freshPage } from './browser.mjs';
import { brokerRun, requests } from './queue.mjs';
import { scaleRow, scaleBreakdown } from './queue-scale.mjs';
import { fmt, median } from './stats.mjs';
import { say } from './log.mjs';

/** @typedef {import('./session.mjs').Context} Context */
/** @typedef {import('../../server/queue/redis-process.mjs').RedisLocation} RedisLocation */

/**
 * Opens one tab on the join link (kept in `tabs`, for closing); resolves to its pool's threads
 * once it has joined.
 * @param {Context} ctx
 * @param {string} link
 * @param {Awaited<ReturnType<typeof freshPage>>[]} tabs
 */
async function openTab(ctx, link, tabs) {
  const tab = await freshPage(ctx.browser);
  tabs.push(tab);
  await tab.page.goto(link);
  await tab.page.waitForFunction(() => /is a worker of|could not join/.test(document.querySelector('#join-status')?.textContent ?? ''), undefined, { timeout: 60_000 });
  const said = await tab.page.evaluate(() => document.querySelector('#join-status')?.textContent ?? '');
  if (!said.includes('is a worker of')) throw new Error(`a tab on ${link}: ${said}`);
  const threads = /** @type {number} */ (await tab.page.evaluate(() => window.playground.ready));
  return threads;
}

/**
 * The row `queue.scale-tabs-N`: N tabs against N times one tab, on the page's server's queue
 * (its bridge is where tabs join; `location` is that queue's Redis).
 * @param {Context} ctx
 * @param {RedisLocation} location
 */
export async function tabsRow(ctx, location) {
  const { tabs: n, perWorker, ioLatency, scaleRounds } = ctx.cfg.queue;
  /** @type {{ joinLink?: string }} */
  const info = await fetch(`${ctx.origin}/api/queue`).then((r) => r.json());
  if (!info.joinLink) throw new Error('the page\'s server gave no join link');
  /** @type {Awaited<ReturnType<typeof freshPage>>[]} */
  const tabs = [];
  try {
    const link = info.joinLink;
    const slots = await openTab(ctx, link, tabs);
    /** @type {(count: number) => Promise<{ ms: number[], mid: { ms: number, summary: any } }>} */
    const measureN = async (count) => {
      const tasks = perWorker * slots * count;
      /** @type {{ ms: number, summary: any }[]} */
      const runs = [];
      for (let round = 0; round < scaleRounds; round++) {
        say(`queue scale: ${count} tab(s) of ${slots} slots, ${tasks} × ${ioLatency} ms, round ${round + 1}/${scaleRounds}`);
        const r = await brokerRun(location, requests(tasks, ioLatency), { api: ctx.origin, reclaimMs: 30000 });
        const workers = new Set(r.summary.deliveries.map((/** @type {{ worker: string }} */ d) => d.worker));
        if ([...workers].some((w) => !w.includes('joined tab'))) throw new Error(`a worker that is not a tab took tasks: ${[...workers].join(', ')}`);
        runs.push({ ms: r.ms, summary: r.summary });
      }
      const mid = runs.slice().sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)];
      return { ms: runs.map((r) => r.ms), mid };
    };
    const one = await measureN(1);
    say(`queue: opening ${n - 1} more tabs on the join link`);
    const others = await Promise.all(Array.from({ length: n - 1 }, () => openTab(ctx, link, tabs)));
    if (others.some((threads) => threads !== slots)) throw new Error(`the tabs have ${slots} and ${others} pool threads: one tab is not one size`);
    const many = await measureN(n);
    const problems = tabs.flatMap((t) => t.problems);
    if (problems.length) throw new Error(`the joined tabs: ${problems.slice(0, 3).join('; ')}`);
    const alone = scaleBreakdown(one.mid.summary, one.mid.ms).heldMs;
    const cause =
      `a tab takes ${slots} tasks at once (its pool threads; a request waits on its event loop, not on a thread); ` +
      `${scaleBreakdown(many.mid.summary, many.mid.ms).text}; one tab alone: ${fmt(median(one.ms))} ms for ${perWorker * slots} tasks, ` +
      `${fmt(alone)} ms per task; ${n} tabs are ${n} renderer processes beside the page's on ${os.cpus().length} cores; ` +
      `load average ${os.loadavg()[0].toFixed(1)}`;
    ctx.raw.queueTabs = { slots, one: one.ms, many: many.ms };
    ctx.rows.push(
      scaleRow({
        n, tasks: perWorker * slots * n, manyMs: many.ms, oneTasks: perWorker * slots, oneMs: one.ms, cause,
        kind: { id: 'tabs-', many: `browser tabs opened from the join link (one tab = ${slots} tasks at once, its pool threads)`, one: 'tab', short: 'tabs' },
      }),
    );
  } finally {
    await Promise.all(tabs.map((t) => t.context.close()));
  }
}
