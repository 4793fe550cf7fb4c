// Section `cpu`: rayon against sequential and the core count, wasm against native Rust, and
// against a plain-JavaScript pool of Web Workers, all on the same prime kernel and tasks; and
// the page's main thread while cpu-rayon runs.
import os from 'node:os';
import { EQUAL_TARGET } from '../config.mjs';
import { playground, baseline, pageParams } from '../lib/contenders.mjs';
import { rounds, stat, sameWork, rawSamples } from '../lib/measure.mjs';
import { buildNative, runNative } from '../lib/native.mjs';
import { compare } from '../lib/report.mjs';
import { fmt, fmtRatio, summarize } from '../lib/stats.mjs';
import { tracedRun, busyRows } from '../lib/main-thread.mjs';
import { say } from '../lib/log.mjs';

/** @typedef {import('../lib/session.mjs').Context} Context */
/** @typedef {import('../lib/measure.mjs').Samples} Samples */
/** @typedef {import('../lib/main-thread.mjs').TracedRun} TracedRun */

/** Interleaved rounds of the page's two strategies, the JS pool and the native peer. */
async function measureCpu(/** @type {Context} */ ctx) {
  const { tasks, work } = ctx.cfg.cpu;
  const P = ctx.P;
  const exe = await buildNative(ctx.cfg.nativeRelease);
  const samples = await rounds(`cpu (${tasks} tasks x ${work}k numbers)`, ctx.cfg.cpu, {
    // One strategy per call, so the main thread's busy time is known for each.
    sequential: () => playground(ctx, ['cpu-sequential'], { workload: 'cpu', kernel: 'primes', tasks, work }),
    rayon: () => playground(ctx, ['cpu-rayon'], { workload: 'cpu', kernel: 'primes', tasks, work }),
    js: async () => ({
      'js-1': await baseline(ctx, 'cpuPool', { tasks, work, threads: 1 }),
      'js-pool': await baseline(ctx, 'cpuPool', { tasks, work, threads: P }),
    }),
    native: async () => {
      const json = await runNative(exe, { tasks, work, threads: P });
      ctx.raw.nativeProfile = json.profile;
      return Object.fromEntries(
        Object.entries(json.results).map(([k, r]) => [`native:${k}`, { ms: r.runs_ms[0], checksum: r.checksum }]),
      );
    },
  });
  sameWork(samples, ['cpu-sequential', 'cpu-rayon', 'native:cpu-sequential', 'native:cpu-rayon', 'js-1', 'js-pool']);
  return samples;
}

/** Traced cpu-rayon runs, after the timed ones: the page's main thread split at its marks. */
async function tracedRayon(/** @type {Context} */ ctx) {
  const { tasks, work, rounds: n } = ctx.cfg.cpu;
  const runs = [];
  for (let i = 0; i < n; i++) {
    say(`cpu: the page's main thread during cpu-rayon, traced run ${i + 1}/${n}`);
    runs.push(await tracedRun(ctx.page, ctx.cdp, pageParams(ctx, { workload: 'cpu', kernel: 'primes', tasks, work, strategies: ['cpu-rayon'] })));
  }
  return runs;
}

/** The speed-up row, with what took the cores from the pool when it misses. */
function speedupRow(/** @type {Context} */ ctx, /** @type {Samples} */ samples, /** @type {TracedRun[]} */ traced) {
  const { tasks, work } = ctx.cfg.cpu;
  const P = ctx.P;
  const par = stat(samples, 'cpu-rayon');
  const busy = stat(samples, 'main-thread:cpu-rayon');
  const busyCpu = stat(samples, 'main-thread-cpu:cpu-rayon');
  const computingCpu = summarize(traced.map((r) => r.split.computing.cpuMs));
  const nativeSpeedup = stat(samples, 'native:cpu-sequential').median / stat(samples, 'native:cpu-rayon').median;
  const jsSpeedup = stat(samples, 'js-1').median / stat(samples, 'js-pool').median;
  return compare({
    id: 'cpu.rayon-speedup',
    section: 'CPU',
    label: `cpu-rayon speed-up over cpu-sequential, P = ${P} pool threads (${tasks} tasks x ${work}k numbers)`,
    ours: { label: 'cpu-rayon', stat: par },
    peer: { label: 'cpu-sequential', stat: stat(samples, 'cpu-sequential') },
    target: { text: `≥ ${fmtRatio(0.9 * P)}x faster (0.9·P)`, minSpeedup: 0.9 * P },
    why:
      `on ${P} cores the pool needs every core, and everything else the browser does comes out ` +
      `of them: the page's main thread used ${fmt(computingCpu.median)} ms of CPU while the pool ` +
      `computed (traced runs) and ${fmt(busyCpu.median)} ms in all (its tasks took ` +
      `${fmt(busy.median)} ms of wall time, the result drawn after) for each ${fmt(par.median)} ms ` +
      `cpu-rayon run, and Chromium's other processes, this bench's Node and whatever else runs on ` +
      `the machine (load average ${os.loadavg().map((x) => x.toFixed(1)).join(', ')}) share the same cores. The same kernel ` +
      `reaches ${fmtRatio(nativeSpeedup)}x natively and ${fmtRatio(jsSpeedup)}x in a JS pool whose page draws nothing.`,
  });
}

/** The rows against native Rust and the JS pool. */
function peerRows(/** @type {Context} */ ctx, /** @type {Samples} */ samples) {
  const P = ctx.P;
  const seq = { label: 'cpu-sequential', stat: stat(samples, 'cpu-sequential') };
  const par = { label: 'cpu-rayon', stat: stat(samples, 'cpu-rayon') };
  const native = (/** @type {string} */ id, label = 'native') => ({ label, stat: stat(samples, `native:${id}`) });
  const nativeNote = ctx.raw.nativeProfile === 'release' ? '' : ' (debug build: quick mode)';
  return [
    compare({
      id: 'cpu.native-rayon-speedup',
      section: 'CPU',
      label: `for reference: the same code natively, rayon over sequential${nativeNote}`,
      ours: native('cpu-rayon', 'native cpu-rayon'),
      peer: native('cpu-sequential', 'native cpu-sequential'),
    }),
    compare({
      id: 'cpu.wasm-vs-native-1',
      section: 'CPU',
      label: `wasm vs native Rust, one thread (same core code compiled for the host)${nativeNote}`,
      ours: seq,
      peer: native('cpu-sequential'),
      of: 'native',
      target: { text: '≤ 1.25x native', maxRatio: 1.25 },
    }),
    compare({ id: 'cpu.wasm-vs-native-P', section: 'CPU', label: `wasm vs native Rust, all ${P} cores${nativeNote}`, ours: par, peer: native('cpu-rayon'), of: 'native' }),
    compare({
      id: 'cpu.vs-js-pool',
      section: 'CPU',
      label: `cpu-rayon vs a plain-JavaScript pool of ${P} Web Workers (same kernel)`,
      ours: par,
      peer: { label: `JS pool (${P})`, stat: stat(samples, 'js-pool') },
      target: EQUAL_TARGET,
    }),
    compare({
      id: 'cpu.vs-js-1',
      section: 'CPU',
      label: 'cpu-sequential vs plain JavaScript in one Web Worker (same kernel)',
      ours: seq,
      peer: { label: 'JS (1 worker)', stat: stat(samples, 'js-1') },
      target: EQUAL_TARGET,
    }),
  ];
}

/** @param {Context} ctx */
export async function measure(ctx) {
  const samples = await measureCpu(ctx);
  ctx.raw.cpu = rawSamples(samples);
  // python-cpu compares its pools with these cpu-rayon runs.
  ctx.cpuSamples = samples;
  const traced = await tracedRayon(ctx);
  ctx.raw.cpuMainThread = traced.map((r) => ({ wallMs: r.results['cpu-rayon'].wallMs, ...r.split }));
  const { tasks, work } = ctx.cfg.cpu;
  const busy = busyRows({
    id: 'cpu.main-thread',
    section: 'CPU',
    what: `a cpu-rayon run (${tasks} tasks x ${work}k numbers)`,
    runs: traced,
    maxSharePercent: 3,
    why: "what the page draws live while the pool computes (the progress rows and the timeline, at most 5 frames a second, one per finished task at most), and the messages it takes: the frames' layout, paint and commit",
  });
  ctx.rows.push(speedupRow(ctx, samples, traced), ...busy, ...peerRows(ctx, samples));
}
