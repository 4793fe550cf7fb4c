// Section `scaling`: cpu-rayon and cpu-static-chunks on pools of 1, 2, 4, … threads up to the
// cores, each point's speed-up over the same strategy's 1-thread time and its efficiency, beside
// native rayon on a pool of the same size (ThreadPoolBuilder::num_threads) on the same job.
import os from 'node:os';
import { playground } from '../lib/contenders.mjs';
import { rounds, stat, sameWork, rawSamples } from '../lib/measure.mjs';
import { buildNative, runNative } from '../lib/native.mjs';
import { unavailable } from '../lib/report.mjs';
import { threadCounts, scalingJob, scalingPoint, targetAt, targetsBeyond, percent } from '../lib/scaling.mjs';
import { fmt, fmtRatio } from '../lib/stats.mjs';

/** @typedef {import('../lib/session.mjs').Context} Context */
/** @typedef {import('../lib/measure.mjs').Samples} Samples */
/** @typedef {import('../lib/report.mjs').Row} Row */

const STRATEGIES = ['cpu-rayon', 'cpu-static-chunks'];
const NATIVE = 'native:cpu-rayon';
const key = (/** @type {string} */ id, /** @type {number} */ t) => `${id}@${t}`;
const threadsText = (/** @type {number} */ t) => `${t} thread${t === 1 ? '' : 's'}`;

/**
 * Interleaved rounds: per thread count, the page's two strategies on a pool of that size (the
 * `threads` parameter starts a new worker with a pool of exactly that many Web Workers), then
 * native rayon on a pool of the same size.
 * @param {Context} ctx
 * @param {number[]} counts
 * @param {{ tasks: number, work: number }} job
 */
async function measureScaling(ctx, counts, { tasks, work }) {
  const exe = await buildNative(ctx.cfg.nativeRelease);
  /** @type {Record<string, () => Promise<import('../lib/measure.mjs').Measured>>} */
  const contenders = {};
  for (const t of counts) {
    contenders[`page, ${threadsText(t)}`] = async () => {
      const measured = await playground(ctx, STRATEGIES, { workload: 'cpu', kernel: 'primes', tasks, work, threads: t });
      return Object.fromEntries(STRATEGIES.map((id) => [key(id, t), measured[id]]));
    };
    contenders[`native, ${threadsText(t)}`] = async () => {
      const json = await runNative(exe, { tasks, work, threads: t, strategies: ['cpu-rayon'] });
      if (json.threads !== t) throw new Error(`native rayon asked for ${t} threads, its pool has ${json.threads}`);
      ctx.raw.nativeProfile = json.profile;
      const r = json.results['cpu-rayon'];
      return { [key(NATIVE, t)]: { ms: r.runs_ms[0], checksum: r.checksum } };
    };
  }
  const samples = await rounds(`scaling (${tasks} tasks x ${work}k numbers)`, ctx.cfg.scaling, contenders);
  sameWork(samples, counts.flatMap((t) => [...STRATEGIES, NATIVE].map((id) => key(id, t))));
  return samples;
}

/**
 * A strategy's curve: median, speed-up and efficiency at each thread count, over its own
 * 1-thread median.
 * @param {Samples} samples
 * @param {string} id
 * @param {number[]} counts
 */
function curve(samples, id, counts) {
  const base = stat(samples, key(id, 1)).median;
  return counts.map((t) => {
    const s = stat(samples, key(id, t));
    return { threads: t, stat: s, ...scalingPoint(base, s.median, t) };
  });
}

/**
 * Why a point missed its target, from what the same rounds measured: native rayon's efficiency
 * at the same thread count tells whether the machine had the cores to give.
 * @param {{ threads: number, efficiency: number }} native
 * @param {number} minEfficiency
 * @param {number[]} load  load average at the section's end
 */
function missCause(native, minEfficiency, load) {
  const where =
    native.efficiency >= minEfficiency
      ? 'so the machine had the cores: the shortfall is the page\'s (its pool of Web Workers, the page\'s main thread drawing progress, wasm)'
      : `so the machine did not give ${native.threads} cores' worth to native code either (load average ${fmt(load[0])}: other work had the cores)`;
  return `native rayon reached ${percent(native.efficiency)} efficiency on ${threadsText(native.threads)} in the same rounds, ${where}.`;
}

/**
 * The row of one strategy at one thread count, native rayon at the same count beside it.
 * @param {{ id: string, point: ReturnType<typeof curve>[number], native: ReturnType<typeof curve>[number], cores: number, job: { tasks: number, work: number }, load: number[] }} p
 * @returns {Row}
 */
export function pointRow({ id, point, native, cores, job, load }) {
  const t = point.threads;
  const target = targetAt(t);
  const ratioText =
    t === 1
      ? 'baseline: 1.00x, 100%; native: its own'
      : `${fmtRatio(point.speedup)}x, ${percent(point.efficiency)} efficiency; native ${fmtRatio(native.speedup)}x, ${percent(native.efficiency)}`;
  /** @type {Row} */
  const row = {
    id: `scaling.${id}.${t}`,
    section: 'scaling',
    label:
      t === 1
        ? `${id} on a 1-thread pool: the baseline of its curve (${job.tasks} tasks x ${job.work}k numbers)`
        : `${id} on ${threadsText(t)} (${cores} cores): speed-up over its own 1-thread run, efficiency = ` +
          `speed-up / threads (${job.tasks} tasks x ${job.work}k numbers)`,
    ours: { label: `${id} (${t})`, stat: point.stat },
    peer: { label: `native rayon (${t})`, stat: native.stat },
    ratio: point.efficiency,
    ratioText,
    target: target ? `≥ ${percent(target.minEfficiency)} efficiency` : '',
    result: 'info',
  };
  if (target) row.result = point.efficiency >= target.minEfficiency ? 'pass' : 'miss';
  if (target && row.result === 'miss') row.why = missCause(native, target.minEfficiency, load);
  return row;
}

/**
 * The targets this machine has too few cores for, one row each (for both strategies), with the
 * reason.
 * @param {number} cores
 * @param {number} maxThreads  the `threads` parameter's maximum (www/spec.json)
 * @returns {Row[]}
 */
export function notApplicableRows(cores, maxThreads) {
  return targetsBeyond(cores).map(({ threads: t, minEfficiency }) =>
    unavailable(
      { id: `scaling.${t}`, section: 'scaling', label: `${STRATEGIES.join(' and ')} on ${threadsText(t)}: efficiency`, target: `≥ ${percent(minEfficiency)} efficiency` },
      'n/a',
      `this machine has ${cores} cores. The threads parameter does start a pool of ${t} Web Workers ` +
        `(it takes up to ${maxThreads}), but past the cores they take turns, so the curve stops at ${cores}.`,
    ),
  );
}

/** @param {Context} ctx */
export async function measure(ctx) {
  const loadStart = os.loadavg();
  // The pool's default size is navigator.hardwareConcurrency; the threads parameter asks for any other.
  const cores = Number(ctx.env.hardwareConcurrency) || os.availableParallelism();
  const maxThreads = ctx.spec.params.threads.max;
  const counts = threadCounts(Math.min(cores, maxThreads));
  const job = scalingJob(counts, ctx.cfg.scaling);
  const samples = await measureScaling(ctx, counts, job);
  const load = os.loadavg();
  const native = curve(samples, NATIVE, counts);
  const curves = Object.fromEntries(STRATEGIES.map((id) => [id, curve(samples, id, counts)]));
  for (const id of STRATEGIES) {
    curves[id].forEach((point, i) => ctx.rows.push(pointRow({ id, point, native: native[i], cores, job, load })));
  }
  ctx.rows.push(...notApplicableRows(cores, maxThreads));
  if (cores > maxThreads) {
    ctx.rows.push(unavailable({ id: 'scaling.beyond-max', section: 'scaling', label: `pools of more than ${maxThreads} threads` }, 'skipped', `this machine has ${cores} cores, but the page's threads parameter goes up to ${maxThreads}: the curve stops there.`));
  }
  // The fastest runs beside the medians: on a loaded machine they are the closer estimate of what the cores give.
  const points = (/** @type {ReturnType<typeof curve>} */ c) =>
    c.map(({ threads, stat: s, speedup, efficiency }) => ({ threads, medianMs: s.median, speedup, efficiency, minMs: s.min, speedupOfMins: c[0].stat.min / s.min }));
  ctx.raw.scaling = {
    cores, hardwareConcurrency: ctx.env.hardwareConcurrency, osCores: os.cpus().length, counts, job,
    baseline: "each strategy's own median on a pool of 1 thread (native rayon: its own on a 1-thread pool)",
    curves: { ...Object.fromEntries(STRATEGIES.map((id) => [id, points(curves[id])])), [NATIVE]: points(native) },
    loadAverage: { start: loadStart, end: load },
    samples: rawSamples(samples),
  };
}
