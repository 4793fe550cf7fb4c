// Section `queue`: the Redis task queue (server/queue/, docs/task-queue.md). The broker's cost
// per tiny task with one Python worker against Celery 5.7 on the same private Redis (and the
// page's cpu-queue, no broker, for reference); scale-out efficiency on 1 s requests at N Python
// worker processes and at N browser tabs opened from the join link; a killed worker's task done
// elsewhere; and, when the page has it, the queue-broker strategy against cpu-queue. Everything it starts (a private redis-server, the
// workers, Celery) is stopped when it ends, failed or not.
import { GROUP, runKeys, brokerClient } from '../../server/queue/broker.mjs';
import { missingRedisReason, startPrivateRedis } from '../../server/queue/redis-process.mjs';
import { startQueue } from '../../server/queue/service.mjs';
import { REAPS_PER_RECLAIM } from '../../server/queue/consumer.mjs';
import { CELERY_VENV, QUEUE_PYTHON, QUEUE_VENV, ensureQueueVenv } from '../../scripts/lib/queue-python.mjs';
import { playground, hasStrategy } from '../lib/contenders.mjs';
import { rounds, stat, sameWork, rawSamples } from '../lib/measure.mjs';
import { Fleet, brokerRun, celeryRun, celeryWorker, requests, squares, reclaimLimitMs, reclaimSplit } from '../lib/queue.mjs';
import { scaleRow, scaleCause, scaleBreakdown } from '../lib/queue-scale.mjs';
import { tabsRow } from '../lib/queue-tabs.mjs';
import { compare, unavailable } from '../lib/report.mjs';
import { single, summarize, median, fmt } from '../lib/stats.mjs';
import { say } from '../lib/log.mjs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';

/** @typedef {import('../lib/session.mjs').Context} Context */
/** @typedef {import('../../server/queue/redis-process.mjs').RedisLocation} RedisLocation */
/** @typedef {import('../lib/report.mjs').Row} Row */

const SECTION = 'queue';
const load = () => `load average ${os.loadavg()[0].toFixed(1)}`;

/**
 * Runs one part; a failure becomes an error row and the section goes on.
 * @param {Context} ctx
 * @param {{ id: string, label: string }} what
 * @param {() => Promise<void>} fn
 */
async function part(ctx, what, fn) {
  try {
    await fn();
  } catch (err) {
    const message = /** @type {Error} */ (err).message;
    console.error(`bench: queue, ${what.label}: ${message}`);
    ctx.rows.push(unavailable({ ...what, section: SECTION }, 'error', message));
  }
}

/**
 * Row 1: 10,000 squares through our broker with one Python worker, through Celery with one
 * prefork process, and through the page's cpu-queue (no broker).
 * @param {Context} ctx
 * @param {RedisLocation} location
 * @param {Fleet} fleet
 */
async function costRows(ctx, location, fleet) {
  const { costTasks: tasks, costWarmup, costRounds } = ctx.cfg.queue;
  say(`queue: starting one Python queue worker and a Celery worker (1 process) on a private Redis`);
  await fleet.pythonWorker(location, 'python bench-cost @ bench');
  await celeryWorker(fleet, location, 1);
  say(`queue: warm-up, ${costWarmup} tasks each`);
  await brokerRun(location, squares(costWarmup));
  await celeryRun(location, costWarmup);
  /** @type {{ enqueueMs: number, brokerMsPerTask: number | null }[]} */
  const ours = [];
  const samples = await rounds(`queue cost (${tasks} squares tasks)`, { rounds: costRounds, warmup: 0 }, {
    broker: async () => {
      const r = await brokerRun(location, squares(tasks));
      ours.push({ enqueueMs: r.enqueueMs, brokerMsPerTask: r.summary.brokerMsPerTask });
      return { broker: { ms: r.ms, checksum: r.checksum } };
    },
    celery: async () => {
      const r = await celeryRun(location, tasks);
      return { celery: { ms: r.ms, checksum: r.checksum } };
    },
    page: () => playground(ctx, ['cpu-queue'], { workload: 'cpu', kernel: 'squares', tasks, work: 1 }),
  });
  await fleet.stopAll();
  sameWork(samples, ['broker', 'celery', 'cpu-queue']);
  ctx.raw.queueCost = { ...rawSamples(samples), ours };
  const perTask = (/** @type {string} */ key, /** @type {string} */ label) => ({ label, stat: stat(samples, key, { unit: 'ms', scale: 1 / tasks }) });
  const broker = perTask('broker', 'our broker, 1 Python worker');
  const enqueue = median(ours.map((o) => o.enqueueMs)) / tasks;
  const inBroker = median(ours.map((o) => o.brokerMsPerTask ?? NaN));
  ctx.rows.push(
    compare({
      id: 'queue.cost-vs-celery',
      section: SECTION,
      label: `the broker's cost per tiny task: ${tasks} squares tasks, one Python worker process (redis-py) vs Celery 5.7 (1 prefork process, acks_late, prefetch 1) on the same private Redis`,
      ours: broker,
      peer: perTask('celery', 'Celery 5.7'),
      target: { text: "≤ 1 ms per task and below Celery's", maxValue: 1, maxRatio: 1 },
      why: (r) =>
        `${r.ours?.stat.median.toFixed(3)} ms per task: ${enqueue.toFixed(3)} ms enqueueing (pipelined XADDs), ` +
        `${inBroker.toFixed(3)} ms per delivery between delivery and completion outside the task (the ledger: complete.lua's round trip), ` +
        `the rest the worker's way to its next task (SMEMBERS, XREADGROUP: two round trips from one Python process) and the producer's XREAD; ` +
        `measured at ${load()} on 2 shared cores`,
    }),
    compare({
      id: 'queue.cost-no-broker',
      section: SECTION,
      label: `for reference: the same ${tasks} squares tasks through cpu-queue in the page (P = ${ctx.P} threads, no broker)`,
      ours: broker,
      peer: perTask('cpu-queue', 'cpu-queue'),
    }),
  );
}

/**
 * Row 2: throughput of N Python workers on 1 s requests against N times one worker's. Workers
 * are added (1, then up to each N) and ready before the clock starts.
 * @param {Context} ctx
 * @param {RedisLocation} location
 * @param {Fleet} fleet
 */
async function scaleRows(ctx, location, fleet) {
  const { workers, perWorker, ioLatency, scaleRounds } = ctx.cfg.queue;
  let live = 0;
  const grow = async (/** @type {number} */ n) => {
    say(`queue: starting ${n - live} more Python workers (${n} in all)`);
    const started = Date.now();
    await Promise.all(Array.from({ length: n - live }, (_, i) => fleet.pythonWorker(location, `python bench-scale-${live + i} @ bench`)));
    say(`queue: ${n} workers ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    live = n;
  };
  /** @type {(n: number) => Promise<{ ms: number[], summaries: any[] }>} */
  const measureN = async (n) => {
    const tasks = perWorker * n;
    const ms = [];
    const summaries = [];
    for (let round = 0; round < scaleRounds; round++) {
      say(`queue scale: ${n} worker(s), ${tasks} × ${ioLatency} ms, round ${round + 1}/${scaleRounds}`);
      const r = await brokerRun(location, requests(tasks, ioLatency), { api: ctx.origin, reclaimMs: 30000 });
      ms.push(r.ms);
      summaries.push({ ms: r.ms, summary: r.summary });
    }
    return { ms, summaries };
  };
  await grow(1);
  const one = await measureN(1);
  const oneMid = one.summaries.slice().sort((a, b) => a.ms - b.ms)[Math.floor(one.summaries.length / 2)];
  /** @type {Record<string, number[]>} */
  const raw = { 1: one.ms };
  for (const n of workers) {
    await grow(n);
    const many = await measureN(n);
    raw[n] = many.ms;
    const mid = many.summaries.slice().sort((a, b) => a.ms - b.ms)[Math.floor(many.summaries.length / 2)];
    const alone = scaleBreakdown(oneMid.summary, oneMid.ms).heldMs;
    const cause =
      `${scaleCause(mid.summary, mid.ms)}; one worker alone: ${fmt(median(one.ms))} ms for ${perWorker} tasks, ${fmt(alone)} ms per task ` +
      `(the difference per task is the request and the Python process under ${n} processes on ${os.cpus().length} cores); ${load()}`;
    ctx.rows.push(scaleRow({ n, tasks: perWorker * n, manyMs: many.ms, oneTasks: perWorker, oneMs: one.ms, cause }));
  }
  ctx.raw.queueScale = raw;
  await fleet.stopAll();
}

/**
 * Waits until some consumer holds an entry of the run; returns its name.
 * @param {import('ioredis').Redis} client
 * @param {string} run
 */
async function holder(client, run) {
  for (let i = 0; i < 1000; i++) {
    const summary = /** @type {[number, string, string, [string, string][] | null]} */ (await client.xpending(runKeys(run).tasks, GROUP).catch(() => [0, '', '', null]));
    const held = (summary[3] ?? []).find(([, count]) => Number(count) > 0);
    if (held) return held[0];
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('no worker took the task within 10 s');
}

/**
 * Row 3: a Python worker SIGKILLed in the middle of a 1 s request; the time until another
 * worker has done that task. Two workers per round; the dead one is replaced between rounds.
 * @param {Context} ctx
 * @param {RedisLocation} location
 * @param {Fleet} fleet
 */
async function reclaimRow(ctx, location, fleet) {
  const { reclaimMs, killRounds, ioLatency } = ctx.cfg.queue;
  /** @type {Map<string, import('node:child_process').ChildProcess>} */
  const workers = new Map();
  let made = 0;
  const ensureTwo = async () => {
    while (workers.size < 2) {
      const name = `python bench-kill-${made++} @ bench`;
      workers.set(name, await fleet.pythonWorker(location, name));
    }
  };
  const client = brokerClient(location);
  /** @type {ReturnType<typeof reclaimSplit>[]} */
  const splits = [];
  try {
    for (let round = 0; round < killRounds; round++) {
      await ensureTwo();
      say(`queue reclaim: round ${round + 1}/${killRounds}`);
      /** @type {(run: string) => void} */
      let announce = () => {};
      const runId = new Promise((resolve) => (announce = resolve));
      const done = brokerRun(location, requests(1, ioLatency), { api: ctx.origin, reclaimMs, onRun: (r) => announce(r) });
      const name = await holder(client, /** @type {string} */ (await runId));
      await new Promise((r) => setTimeout(r, ioLatency / 2));
      const child = workers.get(name);
      if (!child) throw new Error(`the task went to ${name}, not one of this row's workers`);
      const killedAt = Date.now();
      await fleet.kill(child);
      workers.delete(name);
      const r = await done;
      const deliveries = r.summary.deliveries;
      const ok = deliveries.find((d) => d.status === 'ok');
      if (!ok || ok.worker === name || r.summary.redelivered !== 1) throw new Error(`round ${round + 1}: the task was not redone by another worker (${JSON.stringify(deliveries)})`);
      splits.push(reclaimSplit({ killedAt, doneAt: ok.ended, deliveries }));
    }
  } finally {
    client.disconnect();
    await fleet.stopAll();
  }
  ctx.raw.queueReclaim = { reclaimMs, taskMs: ioLatency, rounds: splits };
  const limit = reclaimLimitMs(reclaimMs, ioLatency);
  const wait = median(splits.map((s) => s.untilReclaimMs ?? NaN));
  const redo = median(splits.map((s) => s.redoneMs ?? NaN));
  ctx.rows.push(
    compare({
      id: 'queue.dead-worker',
      section: SECTION,
      label: `a Python worker SIGKILLed mid-task (a 1 s request, reclaimMs ${reclaimMs}): from the kill to that task done by another worker (${killRounds} rounds)`,
      ours: { label: 'kill to done', stat: summarize(splits.map((s) => s.totalMs), 'ms') },
      peer: { label: `reclaimMs + one task`, stat: single(reclaimMs + ioLatency, 'ms') },
      of: 'of it',
      target: { text: `≤ (reclaimMs + one task) + 10% (${fmt(limit)} ms)`, maxValue: limit },
      why:
        `median ${fmt(wait)} ms from the kill to the reclaim (the entry goes idle at the last heartbeat, up to reclaimMs/4 before the kill; ` +
        `the other worker's reaper looks every reclaimMs/${REAPS_PER_RECLAIM}), then ${fmt(redo)} ms from the redelivery to done (the 1 s request); ${load()}`,
    }),
  );
}

/**
 * Starts the page's server's queue (where tabs join and the page's queue-broker runs) for `fn`,
 * unless the server has one already, and stops it after.
 * @param {Context} ctx
 * @param {(location: RedisLocation) => Promise<void>} fn
 */
async function withServerQueue(ctx, fn) {
  /** @type {{ redis?: string }} */
  const info = await fetch(`${ctx.origin}/api/queue`).then((r) => (r.ok ? r.json() : {})).catch(() => ({}));
  const queue = info.redis ? null : await startQueue(ctx.server, { host: '127.0.0.1', isLoopback: () => true });
  if (queue && !queue.available) throw new Error(`no queue for the page: ${queue.reason}`);
  const socket = info.redis?.startsWith('unix://') ? info.redis.slice('unix://'.length) : null;
  try {
    await fn(queue?.location ?? { url: /** @type {string} */ (info.redis), socket });
  } finally {
    await queue?.close();
  }
}

/**
 * Row 5: the page's queue-broker with its own threads as workers against cpu-queue, when the
 * page has the strategy; the server's queue must be running (withServerQueue).
 * @param {Context} ctx
 */
export async function pageRow(ctx) {
  const { pageTasks: tasks, pageRounds } = ctx.cfg.queue;
  const what = { id: 'queue.page-broker', section: SECTION, label: `queue-broker (the page's own threads as workers) vs cpu-queue, ${tasks} squares tasks` };
  if (!hasStrategy(ctx, 'queue-broker')) {
    ctx.rows.push(unavailable(what, 'skipped', 'www/spec.json has no queue-broker strategy yet'));
    return;
  }
  const samples = await rounds(`queue-broker vs cpu-queue (${tasks} squares tasks)`, { rounds: pageRounds, warmup: 1 }, {
    page: () => playground(ctx, ['cpu-queue', 'queue-broker'], { workload: 'cpu', kernel: 'squares', tasks, work: 1 }),
  });
  sameWork(samples, ['queue-broker', 'cpu-queue']);
  ctx.raw.queuePage = rawSamples(samples);
  const perTask = (/** @type {string} */ key) => ({ label: key, stat: stat(samples, key, { unit: 'ms', scale: 1 / tasks }) });
  ctx.rows.push(compare({ ...what, ours: perTask('queue-broker'), peer: perTask('cpu-queue') }));
}

/** @param {Context} ctx */
export async function measure(ctx) {
  // As the Python sections: without what it needs, skipped in quick mode (npm test), an error in a full run.
  for (const venv of [QUEUE_VENV, CELERY_VENV]) {
    const problem = (await ensureQueueVenv(say, venv)) ?? (venv === QUEUE_VENV ? missingRedisReason() : null);
    if (problem) {
      ctx.rows.push(unavailable({ id: 'queue.setup', section: SECTION, label: 'the queue section: Redis and the Python venvs' }, ctx.quick ? 'skipped' : 'error', problem));
      return;
    }
  }
  // Run alone, the bench's own Python peers are not set up: the machine line names the queue's.
  if (!ctx.py.version) ctx.py.version = spawnSync(QUEUE_PYTHON, ['--version'], { encoding: 'utf8' }).stdout.trim().replace(/^Python /, '') || null;
  const redis = await startPrivateRedis();
  const fleet = new Fleet();
  try {
    // Each part starts its own processes; whatever a failed one left is stopped before the next.
    const parts = [
      { id: 'queue.cost-vs-celery', label: 'the broker against Celery', fn: costRows },
      { id: 'queue.scale', label: 'scale-out efficiency', fn: scaleRows },
      { id: 'queue.dead-worker', label: "a dead worker's task", fn: reclaimRow },
    ];
    for (const { fn, ...what } of parts) {
      await part(ctx, what, () => fn(ctx, redis.location, fleet));
      await fleet.stopAll();
    }
  } finally {
    await fleet.close();
    await redis.stop();
  }
  // Row 4 (browser tabs as the scale-out workers) and row 5 need the page's server's queue; the
  // tabs are closed before row 5, so the page's own threads are its only workers.
  await part(ctx, { id: 'queue.server', label: "the page's server's queue" }, () =>
    withServerQueue(ctx, async (location) => {
      await part(ctx, { id: `queue.scale-tabs-${ctx.cfg.queue.tabs}`, label: 'scale-out with browser tabs' }, () => tabsRow(ctx, location));
      await part(ctx, { id: 'queue.page-broker', label: 'queue-broker in the page' }, () => pageRow(ctx));
    }),
  );
}
