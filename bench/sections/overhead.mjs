// Section `overhead`: the cost per task of 0 ms requests and of CPU tasks of next to no work,
// ours and the JavaScript peers', over the floor of a bare loopback request. The fetch peers run
// twice, in a Web Worker (where ours run: the target) and on the main thread (for reference).
import { playground, baseline, baselineInWorker } from '../lib/contenders.mjs';
import { rounds, backToBack, stat, sameWork, rawSamples } from '../lib/measure.mjs';
import { loopbackFloorMs } from '../lib/loopback.mjs';
import { compare } from '../lib/report.mjs';
import os from 'node:os';
import { summarize, fmt } from '../lib/stats.mjs';

/** @typedef {import('../lib/session.mjs').Context} Context */

/**
 * Why a fetch row misses its in-Worker peer, from what was measured beside it: the time per
 * request over the peer's, and how busy the playground page's main thread was meanwhile (with
 * the page's frames switched off the ratio was the same: docs/benchmarks.md).
 * @param {{ oursUs: number, peerUs: number, mainUs: number, cores: number }} m  µs per request
 */
export function fetchWhy({ oursUs, peerUs, mainUs, cores }) {
  return (
    `ours took ${fmt(oursUs - peerUs)} µs per request more than the same JavaScript in a Worker, ` +
    'in our request path in the worker (fetch and arrayBuffer chained as promise reactions, off the wasm stack; ' +
    'one await through wasm-bindgen-futures, whose wake-up in a threaded build is an Atomics.waitAsync task; ' +
    'a pacing timer per 10 ms of starts; the span and the progress count); ' +
    `beside it the playground page's main thread was busy ${fmt(mainUs)} µs per request of ` +
    `ours (progress, timeline and result drawn; the peers' page draws nothing), on ${cores} cores shared with the ` +
    `Worker, the browser's network service and the server`
  );
}

/** The fetch strategies, each with the JS peer it is judged against (the key after `js-`/`jsw-`). */
const FETCH_PEERS = /** @type {const} */ ([
  ['fetch-sequential', 'fetch-1'],
  ['fetch-concurrent', 'all'],
  ['fetch-bounded', 'fetch-k'],
]);

/**
 * Rounds of the tiny fetch and CPU runs, ours and the JS peers'. Each fetch strategy runs back
 * to back with its two peers, ours first in one round and last in the next: runs of a few
 * hundred ms on 2 shared cores drift by ±20% from one moment to the next, and a peer measured
 * seconds apart from ours would take that drift into the ratio.
 */
async function measureOverhead(/** @type {Context} */ ctx) {
  const { fetchTasks, cpuTasks, concurrency: k, bytes } = ctx.cfg.overhead;
  const requests = { tasks: fetchTasks, latency: 0, bytes };
  const squares = { kernel: 'squares', tasks: cpuTasks, work: 1 };
  /** @type {Record<string, (inWorker: boolean) => Promise<import('../lib/measure.mjs').Sample>>} */
  const peers = {
    'fetch-1': (w) => (w ? baselineInWorker : baseline)(ctx, 'fetchPool', { ...requests, concurrency: 1 }),
    all: (w) => (w ? baselineInWorker : baseline)(ctx, 'fetchAll', requests),
    'fetch-k': (w) => (w ? baselineInWorker : baseline)(ctx, 'fetchPool', { ...requests, concurrency: k }),
  };
  /** @type {Record<string, (round: number) => Promise<import('../lib/measure.mjs').Measured>>} */
  const contenders = {};
  for (const [id, peer] of FETCH_PEERS) {
    // One strategy per run, so each has its own main-thread time (what the page drew meanwhile).
    // The in-Worker peer, the one judged against, always runs next to ours.
    contenders[id] = (round) =>
      backToBack(round, [
        () => playground(ctx, [id], { workload: 'fetch', ...requests, concurrency: k }),
        async () => ({ [`jsw-${peer}`]: await peers[peer](true) }),
        async () => ({ [`js-${peer}`]: await peers[peer](false) }),
      ]);
  }
  contenders.cpu = async () => ({
    ...(await playground(ctx, ['cpu-sequential', 'cpu-rayon'], { workload: 'cpu', ...squares })),
    'js-1': await baseline(ctx, 'cpuPool', { ...squares, threads: 1 }),
    'js-pool': await baseline(ctx, 'cpuPool', { ...squares, threads: ctx.P }),
  });
  const samples = await rounds('overhead per task', ctx.cfg.overhead, contenders);
  sameWork(samples, FETCH_PEERS.flatMap(([id, peer]) => [id, `js-${peer}`, `jsw-${peer}`]));
  sameWork(samples, ['cpu-sequential', 'cpu-rayon', 'js-1', 'js-pool']);
  return samples;
}

/** The floor under every request: a bare Node-to-Node round trip, one median per round. */
async function loopbackFloors(/** @type {Context} */ ctx) {
  const floor = [];
  for (let i = 0; i < ctx.cfg.overhead.rounds; i++) floor.push(await loopbackFloorMs(ctx.quick ? 50 : 200));
  return floor;
}

/**
 * The rows: the floor, then per request and per CPU task, ours against the JS peers.
 * @param {Context} ctx
 * @param {import('../lib/measure.mjs').Samples} samples
 * @param {number[]} floor
 */
function overheadRows(ctx, samples, floor) {
  const { fetchTasks, cpuTasks, concurrency: k } = ctx.cfg.overhead;
  const perTask = (/** @type {string} */ key, /** @type {number} */ n, label = key) => ({
    label,
    stat: stat(samples, key, { unit: 'µs', scale: 1000 / n }),
  });
  const fetchLabel = `per 0 ms request (${fetchTasks} requests)`;
  const cpuLabel = `per tiny CPU task (${cpuTasks} tasks of (i+1)², the squares kernel)`;
  const cpuRow = (/** @type {string} */ id, /** @type {string} */ peer, /** @type {string} */ peerLabel) =>
    compare({ id: `overhead.${id}`, section: 'overhead', label: `${id}, ${cpuLabel}`, ours: perTask(id, cpuTasks), peer: perTask(peer, cpuTasks, peerLabel) });
  // Ours against the same JS peer in a Worker, where ours run (the target), and beside it the
  // peer on the main thread, so the row tells the Worker's share from ours.
  const fetchRow = (
    /** @type {string} */ id,
    /** @type {string} */ label,
    /** @type {[string, string]} */ [peer, peerLabel],
    /** @type {number | undefined} */ maxRatio = undefined,
  ) =>
    compare({
      id: `overhead.${id}`,
      section: 'overhead',
      label,
      ours: perTask(id, fetchTasks),
      peer: perTask(`jsw-${peer}`, fetchTasks, `${peerLabel}, in a Worker`),
      also: { ...perTask(`js-${peer}`, fetchTasks, `${peerLabel}, main thread`), gap: 'the Worker' },
      target: maxRatio ? { text: `≤ ${maxRatio}x the in-Worker peer's cost`, maxRatio } : null,
      why: () =>
        fetchWhy({
          oursUs: perTask(id, fetchTasks).stat.median,
          peerUs: perTask(`jsw-${peer}`, fetchTasks).stat.median,
          mainUs: perTask(`main-thread:${id}`, fetchTasks).stat.median,
          cores: os.cpus().length,
        }),
    });
  return [
    compare({
      id: 'overhead.loopback',
      section: 'overhead',
      label: 'the floor: one HTTP request over loopback, bare Node client to bare Node server (median of each round)',
      ours: { label: 'round trip', stat: summarize(floor.map((ms) => ms * 1000), 'µs') },
    }),
    fetchRow('fetch-sequential', `fetch-sequential, ${fetchLabel}`, ['fetch-1', 'JS await loop'], 1.05),
    fetchRow('fetch-concurrent', `fetch-concurrent, ${fetchLabel}`, ['all', 'Promise.all']),
    fetchRow('fetch-bounded', `fetch-bounded (k = ${k}), ${fetchLabel}`, ['fetch-k', `JS pool (${k})`], 1.1),
    cpuRow('cpu-sequential', 'js-1', 'JS, 1 worker'),
    cpuRow('cpu-rayon', 'js-pool', `JS pool (${ctx.P})`),
  ];
}

/** @param {Context} ctx */
export async function measure(ctx) {
  const samples = await measureOverhead(ctx);
  ctx.raw.overhead = rawSamples(samples);
  // The I/O sections explain their misses with these two.
  ctx.requestCostMs = stat(samples, 'fetch-sequential').median / ctx.cfg.overhead.fetchTasks;
  const floor = await loopbackFloors(ctx);
  ctx.loopbackMs = summarize(floor).median;
  ctx.rows.push(...overheadRows(ctx, samples, floor));
}
