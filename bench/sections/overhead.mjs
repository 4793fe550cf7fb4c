// Section `overhead`: the cost per task of 0 ms requests and of CPU tasks of next to no work,
// ours and the JavaScript peers', over the floor of a bare loopback request.
import { playground, baseline } from '../lib/contenders.mjs';
import { rounds, stat, sameWork, rawSamples } from '../lib/measure.mjs';
import { loopbackFloorMs } from '../lib/loopback.mjs';
import { compare } from '../lib/report.mjs';
import { summarize } from '../lib/stats.mjs';

/** @typedef {import('../lib/session.mjs').Context} Context */

const FETCH_IDS = ['fetch-sequential', 'fetch-concurrent', 'fetch-bounded'];

/** Interleaved rounds of the tiny fetch and CPU runs, ours and the JS peers'. */
async function measureOverhead(/** @type {Context} */ ctx) {
  const { fetchTasks, cpuTasks, concurrency: k, bytes } = ctx.cfg.overhead;
  const requests = { tasks: fetchTasks, latency: 0, bytes };
  const squares = { kernel: 'squares', tasks: cpuTasks, work: 1 };
  const samples = await rounds('overhead per task', ctx.cfg.overhead, {
    fetch: () => playground(ctx, FETCH_IDS, { workload: 'fetch', ...requests, concurrency: k }),
    cpu: () => playground(ctx, ['cpu-sequential', 'cpu-rayon'], { workload: 'cpu', ...squares }),
    js: async () => ({
      'js-fetch-1': await baseline(ctx, 'fetchPool', { ...requests, concurrency: 1 }),
      'js-all': await baseline(ctx, 'fetchAll', requests),
      'js-fetch-k': await baseline(ctx, 'fetchPool', { ...requests, concurrency: k }),
      'js-1': await baseline(ctx, 'cpuPool', { ...squares, threads: 1 }),
      'js-pool': await baseline(ctx, 'cpuPool', { ...squares, threads: ctx.P }),
    }),
  });
  sameWork(samples, [...FETCH_IDS, 'js-fetch-1', 'js-all', 'js-fetch-k']);
  sameWork(samples, ['cpu-sequential', 'cpu-rayon', 'js-1', 'js-pool']);
  return samples;
}

/** The floor under every request: a bare Node-to-Node round trip, one median per round. */
async function loopbackFloors(/** @type {Context} */ ctx) {
  const floor = [];
  for (let i = 0; i < ctx.cfg.overhead.rounds; i++) floor.push(await loopbackFloorMs(ctx.quick ? 50 : 200));
  return floor;
}

/** @param {Context} ctx */
export async function measure(ctx) {
  const { fetchTasks, cpuTasks, concurrency: k } = ctx.cfg.overhead;
  const samples = await measureOverhead(ctx);
  ctx.raw.overhead = rawSamples(samples);
  const perTask = (/** @type {string} */ key, /** @type {number} */ n, label = key) => ({
    label,
    stat: stat(samples, key, { unit: 'µs', scale: 1000 / n }),
  });
  // The I/O sections explain their misses with these two.
  ctx.requestCostMs = stat(samples, 'fetch-sequential').median / fetchTasks;
  const floor = await loopbackFloors(ctx);
  ctx.loopbackMs = summarize(floor).median;
  const fetchLabel = `per 0 ms request (${fetchTasks} requests)`;
  const cpuLabel = `per tiny CPU task (${cpuTasks} tasks of (i+1)², the squares kernel)`;
  const row = (
    /** @type {string} */ id,
    /** @type {string} */ label,
    /** @type {[string, string, number]} */ [peer, peerLabel, n],
    /** @type {number | undefined} */ maxRatio = undefined,
  ) =>
    compare({
      id: `overhead.${id}`,
      section: 'overhead',
      label,
      ours: perTask(id, n),
      peer: perTask(peer, n, peerLabel),
      target: maxRatio ? { text: `≤ ${maxRatio}x its cost`, maxRatio } : null,
      why: 'what is left is the browser glue per request: two awaits through wasm-bindgen-futures, the abort signal, the span and the progress count',
    });
  ctx.rows.push(
    compare({
      id: 'overhead.loopback',
      section: 'overhead',
      label: 'the floor: one HTTP request over loopback, bare Node client to bare Node server (median of each round)',
      ours: { label: 'round trip', stat: summarize(floor.map((ms) => ms * 1000), 'µs') },
    }),
    // The request path's targets: what is ours over what the browser costs anyway.
    row('fetch-sequential', `fetch-sequential, ${fetchLabel}`, ['js-fetch-1', 'JS await loop', fetchTasks], 1.05),
    row('fetch-concurrent', `fetch-concurrent, ${fetchLabel}`, ['js-all', 'Promise.all', fetchTasks]),
    row('fetch-bounded', `fetch-bounded (k = ${k}), ${fetchLabel}`, ['js-fetch-k', `JS pool (${k})`, fetchTasks], 1.1),
    row('cpu-sequential', `cpu-sequential, ${cpuLabel}`, ['js-1', 'JS, 1 worker', cpuTasks]),
    row('cpu-rayon', `cpu-rayon, ${cpuLabel}`, ['js-pool', `JS pool (${ctx.P})`, cpuTasks]),
  );
}
