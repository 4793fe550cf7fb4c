// Section `python-gil`: the strategies that model CPython's threads and processes, side by side
// with real CPython in the same run: cpu-threads-gil's speedup against ThreadPoolExecutor's on
// the same kernel (both near 1x: the GIL), fetch-threads against ThreadPoolExecutor + requests at
// the same k against the same mock API, and fetch-processes against seed 000's
// ProcessPoolExecutor for six 1 s endpoints (published: 1.68 s).
import { playground, python, firstRun } from '../lib/contenders.mjs';
import { rounds, stat, sameWork } from '../lib/measure.mjs';
import { compare } from '../lib/report.mjs';
import { summarize } from '../lib/stats.mjs';
import { EQUAL_TARGET } from '../config.mjs';

/** @typedef {import('../lib/session.mjs').Context} Context */

/** How close cpu-threads-gil's speedup must be to CPython's: ±15%. */
const GIL_TOLERANCE = 0.15;

/**
 * cpu-threads-gil's speedup over cpu-sequential (ours) and ThreadPoolExecutor's over a loop (CPython's), per round.
 * @param {Context} ctx
 * @returns {Promise<import('../lib/report.mjs').Row>}
 */
async function gilRow(ctx) {
  const { cpuTasks: tasks, cpuWork: work, pyWork, rounds: n, warmup } = ctx.cfg.gil;
  const samples = await rounds(`GIL: ${tasks} CPU tasks on ${ctx.P} threads`, { rounds: n, warmup }, {
    page: () => playground(ctx, ['cpu-sequential', 'cpu-threads-gil'], { workload: 'cpu', kernel: 'primes', tasks, work }),
  });
  const [seqMs, gilMs] = ['cpu-sequential', 'cpu-threads-gil'].map((id) => samples.get(id)?.ms ?? []);
  const ours = seqMs.map((seq, i) => seq / gilMs[i]);
  const py = await python(ctx, 'cpu_threads.py', { tasks, work: pyWork, workers: ctx.P, repeats: n });
  ctx.raw.pythonGil = py;
  const theirs = py.sequential_ms.map((/** @type {number} */ seq, /** @type {number} */ i) => seq / py.threads_ms[i]);
  const row = compare({
    id: 'gil.cpu-threads-vs-python',
    section: 'CPU',
    label: `cpu-threads-gil speedup vs CPython ${py.python} ThreadPoolExecutor(${ctx.P}) speedup, primes (${tasks} tasks; ${work}k / ${pyWork}k numbers each)`,
    ours: { label: 'cpu-threads-gil', stat: summarize(ours, 'x') },
    peer: { label: 'ThreadPoolExecutor', stat: summarize(theirs, 'x') },
    of: "CPython's speedup",
  });
  const within = Math.abs(/** @type {number} */ (row.ratio) - 1) <= GIL_TOLERANCE;
  return {
    ...row,
    target: `within ±${GIL_TOLERANCE * 100}% of CPython's (both near 1x)`,
    result: within ? 'pass' : 'miss',
    ...(within ? {} : { why: `speedups ${summarize(ours).median.toFixed(2)}x here, ${summarize(theirs).median.toFixed(2)}x in CPython` }),
  };
}

/**
 * fetch-threads and CPython's ThreadPoolExecutor + requests, each at its own default k: the page's
 * from the core's model of it, CPython's from CPython itself, so neither is a copy of the other.
 */
async function threadsRow(/** @type {Context} */ ctx) {
  const { ioTasks: tasks, ioLatency: latency, rounds: n, warmup } = ctx.cfg.gil;
  const q = { tasks, latency, bytes: 1024 };
  const samples = await rounds(`fetch-threads: ${tasks} x ${latency} ms, default k`, { rounds: n, warmup }, {
    page: () => playground(ctx, ['fetch-threads'], { workload: 'fetch', ...q, maxWorkers: 0 }),
    python: async () => ({
      'py-threads': firstRun(await python(ctx, 'io_threads.py', { base: ctx.origin, ...q, workers: 0, repeats: 1, warmup: 0 })),
    }),
  });
  sameWork(samples, ['fetch-threads', 'py-threads']);
  return compare({
    id: 'gil.fetch-threads-vs-python',
    section: 'I/O',
    label: `fetch-threads vs CPython ThreadPoolExecutor() + requests, ${tasks} x ${latency} ms (both at Python's default k = min(32, cores + 4))`,
    ours: { label: 'fetch-threads', stat: stat(samples, 'fetch-threads') },
    peer: { label: 'threads (default k)', stat: stat(samples, 'py-threads') },
    target: EQUAL_TARGET,
  });
}

/** fetch-processes and seed 000's ProcessPoolExecutor (spawned processes, timed with their start-up). */
async function processesRow(/** @type {Context} */ ctx) {
  const { tasks, latency, rounds: n, warmup } = ctx.cfg.seed;
  const q = { tasks, latency, bytes: 1024 };
  const samples = await rounds(`fetch-processes: ${tasks} x ${latency} ms`, { rounds: n, warmup }, {
    page: () => playground(ctx, ['fetch-processes'], { workload: 'fetch', ...q, maxWorkers: tasks }),
    python: async () => ({
      'py-processes': firstRun(await python(ctx, 'io_processes.py', { base: ctx.origin, ...q, workers: tasks, repeats: 1 })),
    }),
  });
  sameWork(samples, ['fetch-processes', 'py-processes']);
  return compare({
    id: 'gil.fetch-processes-vs-python',
    section: 'I/O',
    label: `fetch-processes vs CPython ProcessPoolExecutor(${tasks}) (spawn, start-up included as seed 000 timed it; published 1.68 s), ${tasks} x ${latency} ms`,
    ours: { label: 'fetch-processes', stat: stat(samples, 'fetch-processes') },
    peer: { label: 'ProcessPoolExecutor', stat: stat(samples, 'py-processes') },
    target: EQUAL_TARGET,
  });
}

/** @param {Context} ctx */
export async function measure(ctx) {
  ctx.rows.push(await gilRow(ctx), await threadsRow(ctx), await processesRow(ctx));
}
