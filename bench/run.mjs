// `npm run bench`: the playground measured side by side against the peers a person would reach
// for instead (plain JavaScript, Python, native Rust) and against the physical limits (ideal
// times, the core count), in one run on one machine.
//
//   npm run bench                       full run (about 10 minutes on 2 cores)
//   npm run bench -- --quick            small sizes, one round, under a minute (npm test runs it)
//   npm run bench -- --update-readme    also replace the table between README's bench markers
//   options: --no-build (measure www/pkg as it is), --only page,cpu,... (sections, see SECTIONS),
//            --out FILE (default bench/results.json; quick: test-results/bench-quick.json)
//
// Every timing is a median over rounds after warm-up rounds that are left out, with the spread
// (min–max) beside it. Contenders run interleaved, round by round, so slow drift in the
// machine's background load reaches all of them alike. Every peer's checksum must equal ours,
// so they provably did the same work; a mismatch, a crash or a failed task is an error and the
// exit code is 1. Missed targets are reported, never asserted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT, run, toolEnv } from '../scripts/lib/run.mjs';
import { startServer } from '../server/serve.mjs';
import { launch, freshPage, openPlayground, runInPage } from './lib/browser.mjs';
import { ensureVenv, runPython } from './lib/python.mjs';
import { quiet, lastJsonLine } from './lib/proc.mjs';
import { summarize, single, fmt, fmtRatio } from './lib/stats.mjs';
import { compare, unavailable, renderTable, tally, replaceReadmeBlock } from './lib/report.mjs';
import { describeMachine, machineLine } from './lib/machine.mjs';
import { loopbackFloorMs } from './lib/loopback.mjs';

/** @typedef {import('./lib/report.mjs').Row} Row */
/** @typedef {import('./lib/stats.mjs').Stat} Stat */
/** @typedef {{ ms: number, checksum: number }} Sample */
/** @typedef {Record<string, Sample>} Measured  measurement key -> one timed run */
/** @typedef {Map<string, { ms: number[], checksums: Set<number> }>} Samples */

/** Chromium's limit of HTTP/1.1 connections to one host:port (see shared/TOOLCHAIN.md). */
const CONNECTIONS_PER_HOST = 6;

/** "Equal to or better than" a peer: up to 5% more time still counts as equal, because run to
 * run noise on this 2-core machine is of that order. */
const EQUAL = 1.05;
const EQUAL_TARGET = { text: `not slower (≤ ${EQUAL}x its time)`, maxRatio: EQUAL };

/** Sizes per mode. Rounds are timed; warm-up rounds run first and are left out. */
const CONFIG = {
  full: {
    cold: { loads: 5, warmup: 1 },
    // The page's defaults: 6 tasks of 2M numbers; ~1.5 s on one thread.
    cpu: { tasks: 6, work: 2000, rounds: 5, warmup: 1 },
    // The same tasks as `cpu`, so cpu-rayon's timings from there are ours. A Python run takes
    // 15-20 s; each pool is started and warmed with a trivial map before timing and Python has
    // no JIT to warm, so no warm-up run.
    pythonCpu: { repeats: 3, warmup: 0 },
    // Seed 000: six endpoints that each take 1 s; k = 3 is the page's default.
    seed: { tasks: 6, latency: 1000, concurrency: 3, bytes: 1024, rounds: 3, warmup: 1 },
    // The seeds' 1000 API calls at 50 ms each: sequential takes ~50 s, so it runs once.
    thousand: { tasks: 1000, latency: 50, concurrency: 6, bytes: 1024, rounds: 3, warmup: 1 },
    pipeline: { tasks: 50, latency: 100, concurrency: 6, bytes: 100_000, rounds: 3, warmup: 1 },
    // 0 ms requests cost a few ms each here (loopback is slow on this VM): 500 of each suffice.
    overhead: { fetchTasks: 500, cpuTasks: 10_000, concurrency: 6, bytes: 256, rounds: 3, warmup: 1 },
    longTasks: { tasks: 10_000, work: 1, concurrency: 6 },
    cancel: { rounds: 5 },
    nativeRelease: true,
  },
  quick: {
    cold: { loads: 1, warmup: 0 },
    cpu: { tasks: 6, work: 100, rounds: 1, warmup: 0 },
    pythonCpu: { repeats: 1, warmup: 0 },
    seed: { tasks: 6, latency: 100, concurrency: 3, bytes: 1024, rounds: 1, warmup: 0 },
    thousand: { tasks: 100, latency: 10, concurrency: 6, bytes: 1024, rounds: 1, warmup: 0 },
    pipeline: { tasks: 10, latency: 10, concurrency: 6, bytes: 20_000, rounds: 1, warmup: 0 },
    overhead: { fetchTasks: 100, cpuTasks: 1000, concurrency: 6, bytes: 256, rounds: 1, warmup: 0 },
    longTasks: { tasks: 300, work: 1, concurrency: 6 },
    cancel: { rounds: 1 },
    // A release build of the example takes ~40 s from cold; quick mode reuses the debug build
    // `cargo test` already made, so its native figures are unoptimised (printed, not asserted).
    nativeRelease: false,
  },
};

/** @typedef {typeof CONFIG.full} Config */

/**
 * Everything the sections share.
 * @typedef {object} Context
 * @property {Config} cfg
 * @property {boolean} quick
 * @property {string} origin
 * @property {import('playwright-core').Browser} browser
 * @property {import('playwright-core').Page} page      the playground, pool ready
 * @property {import('playwright-core').CDPSession} cdp  its DevTools session (main-thread time)
 * @property {string[]} pageProblems
 * @property {import('playwright-core').Page} js        the plain-JavaScript baselines
 * @property {string[]} jsProblems
 * @property {number} P                                  pool threads
 * @property {Record<string, any>} spec                  www/spec.json
 * @property {{ python: string | null, version: string | null, packages: Record<string, string>, problem?: string }} py
 * @property {Row[]} rows
 * @property {Record<string, unknown>} raw               everything measured, for results.json
 * @property {number} [requestCostMs]                    a 0 ms request, one at a time (overhead)
 * @property {number} [loopbackMs]                       a bare loopback round trip (overhead)
 * @property {Samples} [cpuSamples]                      the CPU section's timings
 */

/** @param {string} text */
const say = (text) => console.log(`bench: ${text}`);

function parseArgs(/** @type {string[]} */ argv) {
  const quick = argv.includes('--quick');
  const value = (/** @type {string} */ flag) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const only = value('--only')?.split(',').filter(Boolean) ?? null;
  const unknown = only?.filter((s) => !SECTIONS.some((x) => x.name === s)) ?? [];
  if (unknown.length) throw new Error(`unknown section(s) ${unknown.join(', ')}; known: ${SECTIONS.map((s) => s.name).join(', ')}`);
  return {
    quick,
    only,
    updateReadme: argv.includes('--update-readme'),
    // Full runs build, so the numbers are the source's; quick runs (after npm test's own build)
    // only build when there is nothing to serve.
    build: argv.includes('--no-build') ? false : argv.includes('--build') || !quick,
    out: value('--out') ?? (quick ? 'test-results/bench-quick.json' : 'bench/results.json'),
  };
}

// ---------------------------------------------------------------------------------------------
// Measuring: rounds of contenders, checksums, page parameters

/**
 * Runs every contender once per round, warm-up rounds first (left out).
 * @param {string} title
 * @param {{ rounds: number, warmup: number }} plan
 * @param {Record<string, () => Promise<Measured>>} contenders
 * @returns {Promise<Samples>}
 */
async function rounds(title, { rounds: n, warmup }, contenders) {
  /** @type {Samples} */
  const samples = new Map();
  for (let round = 0; round < warmup + n; round++) {
    const timed = round >= warmup;
    say(`${title}: ${timed ? `round ${round - warmup + 1}/${n}` : 'warm-up round'}`);
    for (const [name, contender] of Object.entries(contenders)) {
      const measured = await contender().catch((/** @type {Error} */ err) => {
        throw new Error(`${title}, ${name}: ${err.message}`);
      });
      for (const [key, { ms, checksum }] of Object.entries(measured)) {
        if (!samples.has(key)) samples.set(key, { ms: [], checksums: new Set() });
        const s = /** @type {{ ms: number[], checksums: Set<number> }} */ (samples.get(key));
        s.checksums.add(checksum);
        if (timed) s.ms.push(ms);
      }
    }
  }
  for (const [key, s] of samples) {
    if (s.checksums.size !== 1) throw new Error(`${title}: ${key} computed different checksums in different runs: ${[...s.checksums].join(', ')}`);
  }
  return samples;
}

/**
 * The timings of one measurement as a Stat (optionally scaled, e.g. ms per task -> µs).
 * @param {Samples} samples
 * @param {string} key
 * @param {{ unit?: string, scale?: number }} [options]
 */
function stat(samples, key, { unit = 'ms', scale = 1 } = {}) {
  const s = samples.get(key);
  if (!s || s.ms.length === 0) throw new Error(`no timings for ${key}`);
  return summarize(s.ms.map((x) => x * scale), unit);
}

/**
 * Fails unless every listed measurement computed the same checksum: equal checksums are how a
 * peer proves it did the same work as ours.
 * @param {Samples} samples
 * @param {string[]} keys
 */
function sameWork(samples, keys) {
  const sums = keys.map((k) => [k, [...(samples.get(k)?.checksums ?? [])][0]]);
  const distinct = new Set(sums.map(([, v]) => v));
  if (distinct.size !== 1) {
    throw new Error(`checksum mismatch: ${sums.map(([k, v]) => `${k} = ${v}`).join(', ')}`);
  }
}

/**
 * Parameters for `playground.run`. The page merges a run's parameters into its current ones, so
 * every parameter is given (from spec.json's defaults) and nothing lingers from the last run.
 * @param {Context} ctx
 * @param {Record<string, unknown>} params
 */
function pageParams(ctx, params) {
  const missing = Object.keys(params).filter((k) => !(k in ctx.spec.params));
  if (missing.length) throw new Error(`the page has no parameter ${missing.join(', ')} (www/spec.json)`);
  /** @type {Record<string, unknown>} */
  const full = {};
  for (const [name, spec] of Object.entries(ctx.spec.params)) full[name] = structuredClone(spec.default);
  return { ...full, threads: 0, ...params };
}

/**
 * One run of the given strategies in the playground; checks it ran exactly those. With a single
 * strategy, `main-thread:<id>` also records how long the page's main thread was busy meanwhile
 * (its checksum is 0: it is not work).
 * @param {Context} ctx
 * @param {string[]} strategies
 * @param {Record<string, unknown>} params
 * @returns {Promise<Measured>}
 */
async function playground(ctx, strategies, params) {
  const { results, mainThreadMs } = await runInPage(ctx.page, pageParams(ctx, { ...params, strategies }), ctx.cdp);
  const got = Object.keys(results);
  if (got.join() !== strategies.join()) throw new Error(`asked for ${strategies.join(', ')}, the page ran ${got.join(', ')}`);
  /** @type {Measured} */
  const measured = Object.fromEntries(
    Object.values(results).map((r) => [r.strategy, { ms: r.wallMs, checksum: r.checksum }]),
  );
  if (strategies.length === 1) measured[`main-thread:${strategies[0]}`] = { ms: mainThreadMs, checksum: 0 };
  return measured;
}

/** The page's strategy ids, from spec.json. */
const hasStrategy = (/** @type {Context} */ ctx, /** @type {string} */ id) =>
  ctx.spec.strategies.some((/** @type {{ id: string }} */ s) => s.id === id);

/**
 * A plain-JavaScript baseline from www/bench/baseline.js.
 * @param {Context} ctx
 * @param {'cpuPool' | 'fetchAll' | 'fetchPool'} fn
 * @param {Record<string, unknown>} options
 * @returns {Promise<Sample>}
 */
async function baseline(ctx, fn, options) {
  const r = await ctx.js.evaluate(([f, o]) => window.baseline[f](o), /** @type {const} */ ([fn, options]));
  return { ms: r.wallMs, checksum: r.checksum };
}

/**
 * One Python peer run; times are its own (warm-up inside excluded).
 * @param {Context} ctx
 * @param {string} script
 * @param {Record<string, string | number>} options
 */
async function python(ctx, script, options) {
  if (!ctx.py.python) throw new Error(`no Python: ${ctx.py.problem}`);
  return runPython(ctx.py.python, script, options);
}

// ---------------------------------------------------------------------------------------------
// Sections

/** Cold load to pool ready, and the module's size. */
async function pageSection(/** @type {Context} */ ctx) {
  const { loads, warmup } = ctx.cfg.cold;
  const times = [];
  const dcl = [];
  for (let i = 0; i < warmup + loads; i++) {
    say(`page: cold load ${i < warmup ? '(warm-up)' : `${i - warmup + 1}/${loads}`}`);
    const { context, page, problems } = await freshPage(ctx.browser);
    try {
      const env = await openPlayground(page, ctx.origin);
      if (problems.length) throw new Error(problems.join('; '));
      if (i >= warmup) {
        times.push(env.readyAtMs);
        dcl.push(env.domContentLoadedMs);
      }
    } finally {
      await context.close();
    }
  }
  ctx.raw.coldLoadsMs = times;
  ctx.raw.coldDomContentLoadedMs = dcl;
  const ready = summarize(times);
  const loaded = summarize(dcl);
  ctx.rows.push(
    compare({
      id: 'page.cold-load',
      section: 'page',
      label: 'cold load to pool ready (fresh browser context: navigation start to playground.ready)',
      ours: { label: 'ready after', stat: ready },
      peer: { label: 'of which page loaded (DOMContentLoaded)', stat: loaded },
      of: 'the page load',
      target: { text: '≤ 1000 ms', maxValue: 1000 },
      why:
        `the page itself is loaded after ${fmt(loaded.median)} ms; the other ` +
        `${fmt(ready.median - loaded.median)} ms are the worker's: fetching and compiling the ` +
        `${fmt(fs.statSync(path.join(ROOT, 'www', 'pkg', 'parallel_playground_bg.wasm')).size / 1024)} KiB ` +
        `module, starting ${ctx.P} pool workers that each instantiate it, and warming the kernel up on them.`,
    }),
  );
  const wasm = fs.readFileSync(path.join(ROOT, 'www', 'pkg', 'parallel_playground_bg.wasm'));
  const gzipped = zlib.gzipSync(wasm, { level: 9 }).length;
  ctx.raw.wasmBytes = { raw: wasm.length, gzip9: gzipped };
  ctx.rows.push(
    compare({
      id: 'page.wasm-size',
      section: 'page',
      label: 'wasm module size (www/pkg/parallel_playground_bg.wasm)',
      ours: { label: 'raw', stat: single(wasm.length / 1024, 'KiB') },
      peer: { label: 'gzip -9', stat: single(gzipped / 1024, 'KiB') },
      of: 'of raw when gzipped',
    }),
  );
  // The ratio above reads "raw / gzip"; state it the other way round.
  const row = ctx.rows[ctx.rows.length - 1];
  row.ratio = gzipped / wasm.length;
  row.ratioText = `gzip is ${fmt((100 * gzipped) / wasm.length)}% of raw`;
}

/** Builds the native baseline and returns the path of its executable. */
async function buildNative(/** @type {Context} */ ctx) {
  const profile = ctx.cfg.nativeRelease ? ['--release'] : [];
  say(`cpu: cargo build ${profile.join(' ')} --example native_bench`);
  const { code, out } = await quiet('cargo', [
    'build', ...profile, '--example', 'native_bench', '--message-format', 'json-render-diagnostics',
  ]);
  const exe = out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l))
    .find((m) => m.reason === 'compiler-artifact' && m.target?.name === 'native_bench')?.executable;
  if (code !== 0 || !exe) throw new Error(`the native baseline did not build:\n${out.slice(-2000)}`);
  return /** @type {string} */ (exe);
}

/** CPU: rayon against sequential and the core count, wasm against native, against a JS pool. */
async function cpuSection(/** @type {Context} */ ctx) {
  const { tasks, work } = ctx.cfg.cpu;
  const P = ctx.P;
  const exe = await buildNative(ctx);
  const samples = await rounds(`cpu (${tasks} tasks x ${work}k numbers)`, ctx.cfg.cpu, {
    // One strategy per call, so the main thread's busy time is known for each.
    sequential: () => playground(ctx, ['cpu-sequential'], { workload: 'cpu', kernel: 'primes', tasks, work }),
    rayon: () => playground(ctx, ['cpu-rayon'], { workload: 'cpu', kernel: 'primes', tasks, work }),
    js: async () => ({
      'js-1': await baseline(ctx, 'cpuPool', { tasks, work, threads: 1 }),
      'js-pool': await baseline(ctx, 'cpuPool', { tasks, work, threads: P }),
    }),
    native: async () => {
      const args = ['--tasks', tasks, '--work', work, '--threads', P, '--repeats', 1, '--warmup', 0].map(String);
      const { code, out } = await quiet(exe, args);
      const json = lastJsonLine(out);
      if (code !== 0 || !json) throw new Error(`native_bench failed: ${out.slice(-500)}`);
      ctx.raw.nativeProfile = json.profile;
      return Object.fromEntries(
        Object.entries(json.results).map(([k, r]) => [`native:${k}`, { ms: r.runs_ms[0], checksum: r.checksum }]),
      );
    },
  });
  sameWork(samples, ['cpu-sequential', 'cpu-rayon', 'native:cpu-sequential', 'native:cpu-rayon', 'js-1', 'js-pool']);
  ctx.raw.cpu = Object.fromEntries(samples);
  ctx.cpuSamples = samples;
  const seq = { label: 'cpu-sequential', stat: stat(samples, 'cpu-sequential') };
  const par = { label: 'cpu-rayon', stat: stat(samples, 'cpu-rayon') };
  const busy = stat(samples, 'main-thread:cpu-rayon');
  const nativeSpeedup = stat(samples, 'native:cpu-sequential').median / stat(samples, 'native:cpu-rayon').median;
  const jsSpeedup = stat(samples, 'js-1').median / stat(samples, 'js-pool').median;
  const nativeNote = ctx.raw.nativeProfile === 'release' ? '' : ' (debug build: quick mode)';
  ctx.rows.push(
    compare({
      id: 'cpu.rayon-speedup',
      section: 'CPU',
      label: `cpu-rayon speed-up over cpu-sequential, P = ${P} pool threads (${tasks} tasks x ${work}k numbers)`,
      ours: par,
      peer: seq,
      target: { text: `≥ ${fmtRatio(0.9 * P)}x faster (0.9·P)`, minSpeedup: 0.9 * P },
      why:
        `on ${P} cores the pool needs every core, and everything else the browser does comes out ` +
        `of them: the page's main thread alone was busy ${fmt(busy.median)} ms for each ` +
        `${fmt(par.stat.median)} ms cpu-rayon run (live progress while it ran, then the result), and ` +
        `Chromium's other processes and this bench's Node share the same cores. The same kernel ` +
        `reaches ${fmtRatio(nativeSpeedup)}x natively and ${fmtRatio(jsSpeedup)}x in a JS pool whose page draws nothing.`,
    }),
    compare({
      id: 'cpu.native-rayon-speedup',
      section: 'CPU',
      label: `for reference: the same code natively, rayon over sequential${nativeNote}`,
      ours: { label: 'native cpu-rayon', stat: stat(samples, 'native:cpu-rayon') },
      peer: { label: 'native cpu-sequential', stat: stat(samples, 'native:cpu-sequential') },
    }),
    compare({
      id: 'cpu.wasm-vs-native-1',
      section: 'CPU',
      label: `wasm vs native Rust, one thread (same core code compiled for the host)${nativeNote}`,
      ours: seq,
      peer: { label: 'native', stat: stat(samples, 'native:cpu-sequential') },
      of: 'native',
      target: { text: '≤ 1.25x native', maxRatio: 1.25 },
    }),
    compare({
      id: 'cpu.wasm-vs-native-P',
      section: 'CPU',
      label: `wasm vs native Rust, all ${P} cores${nativeNote}`,
      ours: par,
      peer: { label: 'native', stat: stat(samples, 'native:cpu-rayon') },
      of: 'native',
    }),
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
  );
}

/** CPU against the seeds' process pools on the same kernel and tasks as the CPU section. */
async function pythonCpuSection(/** @type {Context} */ ctx) {
  const { tasks, work } = ctx.cfg.cpu;
  const { repeats, warmup } = ctx.cfg.pythonCpu;
  // Ours are the CPU section's cpu-rayon runs; run alone, this section measures them first.
  const samples = ctx.cpuSamples
    ? new Map(ctx.cpuSamples)
    : await rounds(`cpu (${tasks} tasks x ${work}k numbers)`, ctx.cfg.cpu, {
        rayon: () => playground(ctx, ['cpu-rayon'], { workload: 'cpu', kernel: 'primes', tasks, work }),
      });
  say(`cpu vs Python: multiprocessing.Pool and ProcessPoolExecutor, ${warmup + repeats} runs each`);
  // Each pool is started and warmed before timing, as our pool is (start-up is in raw.pythonCpu).
  const py = await python(ctx, 'cpu_pool.py', {
    tasks, work, processes: ctx.P, repeats, warmup, methods: 'pool,executor',
  });
  ctx.raw.pythonCpu = py;
  for (const [method, r] of Object.entries(py.results)) {
    samples.set(`py:${method}`, { ms: r.runs_ms, checksums: new Set([r.checksum]) });
  }
  sameWork(samples, ['cpu-rayon', 'py:pool', 'py:executor']);
  const par = { label: 'cpu-rayon', stat: stat(samples, 'cpu-rayon') };
  const target = { text: '≥ 10x faster', minSpeedup: 10 };
  ctx.rows.push(
    compare({
      id: 'cpu.vs-python-pool',
      section: 'CPU',
      label: `cpu-rayon vs Python multiprocessing.Pool(${ctx.P}).map (same kernel, ${tasks} tasks x ${work}k numbers)`,
      ours: par,
      peer: { label: 'Pool.map', stat: stat(samples, 'py:pool') },
      target,
    }),
    compare({
      id: 'cpu.vs-python-executor',
      section: 'CPU',
      label: `cpu-rayon vs Python ProcessPoolExecutor(${ctx.P}).map (same kernel)`,
      ours: par,
      peer: { label: 'ProcessPoolExecutor', stat: stat(samples, 'py:executor') },
      target,
    }),
  );
}

/** ceil(N / k) · L: a fetch strategy's time with no overhead at all. */
const idealMs = (/** @type {number} */ n, /** @type {number} */ k, /** @type {number} */ latency) =>
  Math.ceil(n / Math.max(1, Math.min(k, n))) * latency;

/**
 * A row comparing a fetch strategy with its ideal ceil(N/k)·L, and the known cause of a miss:
 * the browser's connection limit, or what one request costs beyond its latency on this machine.
 * @param {Context} ctx
 * @param {{ id: string, label: string, ours: { label: string, stat: Stat }, n: number, k: number, latency: number, ports?: number }} spec
 */
function idealRow(ctx, { id, label, ours, n, k, latency, ports = 1 }) {
  const ideal = idealMs(n, k, latency);
  const limit = 1.05 * ideal + 20;
  const connections = CONNECTIONS_PER_HOST * ports;
  const rounds = Math.ceil(n / Math.min(k, connections, n));
  const cost = ctx.requestCostMs;
  let why;
  if (k > connections && n > connections) {
    why =
      `Chromium keeps at most ${CONNECTIONS_PER_HOST} HTTP/1.1 connections per host:port` +
      `${ports > 1 ? ` (${connections} over ${ports} ports)` : ''}, so ${n} requests run in ` +
      `ceil(${n}/${connections}) = ${rounds} rounds: ${fmt(rounds * latency)} ms is the floor in ` +
      `this browser, and ${fmtRatio(ours.stat.median / (rounds * latency))}x of it was measured.`;
  } else if (cost !== undefined) {
    why =
      `the ideal counts nothing for a request but its latency; here a 0 ms request takes ` +
      `${fmt(cost)} ms (overhead rows; a bare Node-to-Node request over loopback alone takes ` +
      `${fmt(ctx.loopbackMs ?? NaN)} ms on this machine), so ${rounds} rounds carry ` +
      `~${fmt(rounds * cost)} ms on top.`;
  }
  return compare({
    id,
    section: 'I/O',
    label,
    ours,
    peer: { label: `ideal ceil(${n}/${Math.min(k, n)})·${latency}`, stat: single(ideal, 'ms') },
    of: 'ideal',
    target: { text: `≤ 1.05x ideal + 20 ms (${fmt(limit)} ms)`, maxValue: limit },
    why,
  });
}

/** Seed 000's six 1 s endpoints: each strategy against its ideal, JS and Python peers. */
async function seedIoSection(/** @type {Context} */ ctx) {
  const { tasks, latency, concurrency: k, bytes } = ctx.cfg.seed;
  const q = { tasks, latency, bytes };
  const samples = await rounds(`I/O ${tasks} x ${latency} ms`, ctx.cfg.seed, {
    page: () =>
      playground(ctx, ['fetch-sequential', 'fetch-concurrent', 'fetch-bounded'], { workload: 'fetch', ...q, concurrency: k }),
    js: async () => ({
      'js-all': await baseline(ctx, 'fetchAll', q),
      'js-pool': await baseline(ctx, 'fetchPool', { ...q, concurrency: k }),
    }),
    python: async () => {
      const base = { base: ctx.origin, ...q, repeats: 1, warmup: 0 };
      const [all, bounded, aio] = [
        await python(ctx, 'io_threads.py', { ...base, workers: tasks }),
        await python(ctx, 'io_threads.py', { ...base, workers: k }),
        await python(ctx, 'io_asyncio.py', base),
      ];
      ctx.raw.seedPythonClients = { threads: all.client, asyncio: aio.client };
      return {
        'py-threads-all': { ms: all.runs_ms[0], checksum: all.checksum },
        'py-threads-k': { ms: bounded.runs_ms[0], checksum: bounded.checksum },
        'py-asyncio': { ms: aio.runs_ms[0], checksum: aio.checksum },
      };
    },
  });
  const keys = ['fetch-sequential', 'fetch-concurrent', 'fetch-bounded', 'js-all', 'js-pool', 'py-threads-all', 'py-threads-k', 'py-asyncio'];
  sameWork(samples, keys);
  ctx.raw.seed = Object.fromEntries(samples);
  const side = (/** @type {string} */ key, label = key) => ({ label, stat: stat(samples, key) });
  const scenario = `${tasks} x ${latency} ms`;
  ctx.rows.push(
    idealRow(ctx, { id: 'io.seed.sequential', label: `fetch-sequential, ${scenario}`, ours: side('fetch-sequential'), n: tasks, k: 1, latency }),
    idealRow(ctx, { id: 'io.seed.concurrent', label: `fetch-concurrent, ${scenario}`, ours: side('fetch-concurrent'), n: tasks, k: tasks, latency }),
    idealRow(ctx, { id: 'io.seed.bounded', label: `fetch-bounded (k = ${k}), ${scenario}`, ours: side('fetch-bounded'), n: tasks, k, latency }),
    compare({
      id: 'io.seed.concurrent-limit',
      section: 'I/O',
      label: `seed 000: ${scenario} all at once (fetch-concurrent)`,
      ours: side('fetch-concurrent'),
      target: { text: `≤ ${fmt(1.05 * latency)} ms (1.05·L)`, maxValue: 1.05 * latency },
    }),
    compare({ id: 'io.seed.vs-js-all', section: 'I/O', label: `fetch-concurrent vs JavaScript Promise.all, ${scenario}`, ours: side('fetch-concurrent'), peer: side('js-all', 'Promise.all'), target: EQUAL_TARGET }),
    compare({ id: 'io.seed.vs-js-pool', section: 'I/O', label: `fetch-bounded vs a JavaScript pool of ${k} async loops, ${scenario}`, ours: side('fetch-bounded'), peer: side('js-pool', `JS pool (${k})`), target: EQUAL_TARGET }),
    compare({ id: 'io.seed.vs-py-threads-all', section: 'I/O', label: `fetch-concurrent vs Python ThreadPoolExecutor(max_workers=${tasks}), ${scenario}`, ours: side('fetch-concurrent'), peer: side('py-threads-all', `threads (${tasks})`), target: EQUAL_TARGET }),
    compare({ id: 'io.seed.vs-py-threads-k', section: 'I/O', label: `fetch-bounded vs Python ThreadPoolExecutor(max_workers=${k}), ${scenario}`, ours: side('fetch-bounded'), peer: side('py-threads-k', `threads (${k})`), target: EQUAL_TARGET }),
    compare({ id: 'io.seed.vs-py-asyncio', section: 'I/O', label: `fetch-concurrent vs Python asyncio.gather + aiohttp, ${scenario}`, ours: side('fetch-concurrent'), peer: side('py-asyncio', 'asyncio + aiohttp'), target: EQUAL_TARGET }),
  );
}

/** The seeds' 1000 API calls: concurrency against sequential, the ideal, JS and Python. */
async function thousandSection(/** @type {Context} */ ctx) {
  const { tasks, latency, concurrency: k, bytes } = ctx.cfg.thousand;
  const q = { tasks, latency, bytes };
  const multiport = hasStrategy(ctx, 'fetch-multiport');
  const ports = multiport ? 1 + (await mirrorCount(ctx)) : 1;
  const fast = ['fetch-concurrent', 'fetch-bounded', ...(multiport ? ['fetch-multiport'] : [])];
  // Sequential takes tasks x latency (~50 s in the full run): measured once, not in every round.
  say(`I/O ${tasks} x ${latency} ms: fetch-sequential, once (~${fmt((tasks * latency) / 1000)} s)`);
  const sequential = await playground(ctx, ['fetch-sequential'], { workload: 'fetch', ...q, concurrency: k });
  const samples = await rounds(`I/O ${tasks} x ${latency} ms`, ctx.cfg.thousand, {
    page: () => playground(ctx, fast, { workload: 'fetch', ...q, concurrency: k }),
    js: async () => ({ 'js-all': await baseline(ctx, 'fetchAll', q) }),
    python: async () => {
      const base = { base: ctx.origin, ...q, repeats: 1, warmup: 0 };
      const threads = await python(ctx, 'io_threads.py', { ...base, workers: k });
      const aio = await python(ctx, 'io_asyncio.py', base);
      return {
        'py-threads-k': { ms: threads.runs_ms[0], checksum: threads.checksum },
        'py-asyncio': { ms: aio.runs_ms[0], checksum: aio.checksum },
      };
    },
  });
  samples.set('fetch-sequential', { ms: [sequential['fetch-sequential'].ms], checksums: new Set([sequential['fetch-sequential'].checksum]) });
  sameWork(samples, ['fetch-sequential', ...fast, 'js-all', 'py-threads-k', 'py-asyncio']);
  ctx.raw.thousand = Object.fromEntries(samples);
  const side = (/** @type {string} */ key, label = key) => ({ label, stat: stat(samples, key) });
  const scenario = `${tasks} x ${latency} ms`;
  const capWhy = (/** @type {number} */ p) => (/** @type {Row} */ row) => {
    const connections = CONNECTIONS_PER_HOST * p;
    const ceiling = tasks / Math.ceil(tasks / connections);
    return (
      `Chromium keeps at most ${CONNECTIONS_PER_HOST} HTTP/1.1 connections per host:port${p > 1 ? `, ${connections} over ${p} ports` : ''}: ` +
      `${tasks} requests need ceil(${tasks}/${connections}) = ${Math.ceil(tasks / connections)} rounds, so no code in this page can beat ` +
      `${fmtRatio(ceiling)}x over sequential (measured ${row.ratioText}).`
    );
  };
  ctx.rows.push(
    idealRow(ctx, { id: 'io.1000.sequential', label: `fetch-sequential, ${scenario} (one run)`, ours: side('fetch-sequential'), n: tasks, k: 1, latency }),
    idealRow(ctx, { id: 'io.1000.concurrent', label: `fetch-concurrent, ${scenario}`, ours: side('fetch-concurrent'), n: tasks, k: tasks, latency }),
    idealRow(ctx, { id: 'io.1000.bounded', label: `fetch-bounded (k = ${k}), ${scenario}`, ours: side('fetch-bounded'), n: tasks, k, latency }),
  );
  if (multiport) {
    ctx.rows.push(
      idealRow(ctx, { id: 'io.1000.multiport', label: `fetch-multiport (${ports} ports), ${scenario}`, ours: side('fetch-multiport'), n: tasks, k: tasks, latency, ports }),
    );
  }
  ctx.rows.push(
    compare({
      id: 'io.1000.speedup',
      section: 'I/O',
      label: `${tasks} requests: fetch-concurrent vs fetch-sequential`,
      ours: side('fetch-concurrent'),
      peer: side('fetch-sequential'),
      target: { text: '≥ 30x faster', minSpeedup: 30 },
      why: capWhy(1),
    }),
  );
  if (multiport) {
    ctx.rows.push(
      compare({
        id: 'io.1000.speedup-multiport',
        section: 'I/O',
        label: `${tasks} requests: fetch-multiport (${ports} ports) vs fetch-sequential`,
        ours: side('fetch-multiport'),
        peer: side('fetch-sequential'),
        target: { text: '≥ 30x faster', minSpeedup: 30 },
        why: capWhy(ports),
      }),
    );
  }
  const best = multiport && stat(samples, 'fetch-multiport').median < stat(samples, 'fetch-concurrent').median ? 'fetch-multiport' : 'fetch-concurrent';
  ctx.rows.push(
    compare({ id: 'io.1000.vs-js-all', section: 'I/O', label: `fetch-concurrent vs JavaScript Promise.all, ${scenario}`, ours: side('fetch-concurrent'), peer: side('js-all', 'Promise.all'), target: EQUAL_TARGET }),
    compare({ id: 'io.1000.vs-py-threads', section: 'I/O', label: `fetch-bounded vs Python ThreadPoolExecutor(max_workers=${k}), ${scenario}`, ours: side('fetch-bounded'), peer: side('py-threads-k', `threads (${k})`), target: EQUAL_TARGET }),
    compare({
      id: 'io.1000.vs-py-asyncio',
      section: 'I/O',
      label: `${best} vs Python asyncio.gather + aiohttp (its default limit of 100 connections), ${scenario}`,
      ours: side(best),
      peer: side('py-asyncio', 'asyncio + aiohttp'),
      target: EQUAL_TARGET,
      why:
        `not the same concurrency: aiohttp opens up to 100 connections to one host, the browser ` +
        `${CONNECTIONS_PER_HOST}${best === 'fetch-multiport' ? ` per port (${CONNECTIONS_PER_HOST * ports} over ${ports} ports)` : ''}; ` +
        `at equal concurrency (the ThreadPoolExecutor row) the page keeps up.`,
    }),
  );
}

/** How many extra ports the server runs the mock API on (for fetch-multiport). */
async function mirrorCount(/** @type {Context} */ ctx) {
  const res = await fetch(`${ctx.origin}/api/mirrors`).catch(() => null);
  if (!res?.ok) return 0;
  const body = await res.json();
  return Array.isArray(body.mirrors) ? body.mirrors.length : 0;
}

/** Seed 003's 50 pages fetched and parsed, when the page has the pipeline strategies. */
async function pipelineSection(/** @type {Context} */ ctx) {
  const ids = ['pipeline-sequential', 'pipeline-fetch-then-parse', 'pipeline-overlapped'];
  const { tasks, latency, concurrency: k, bytes } = ctx.cfg.pipeline;
  const label = `${tasks} pages (${fmt(bytes / 1000)} kB, ${latency} ms) fetched + parsed`;
  if (!ids.every((id) => hasStrategy(ctx, id))) {
    ctx.rows.push(unavailable({ id: 'io.pipeline', section: 'I/O', label }, 'skipped', 'the page has no pipeline strategies yet'));
    return;
  }
  const samples = await rounds(`pipeline ${label}`, ctx.cfg.pipeline, {
    page: () => playground(ctx, ids, { workload: 'pipeline', tasks, latency, bytes, concurrency: k }),
  });
  sameWork(samples, ids);
  ctx.raw.pipeline = Object.fromEntries(samples);
  const seq = { label: 'pipeline-sequential', stat: stat(samples, 'pipeline-sequential') };
  ctx.rows.push(
    compare({
      id: 'io.pipeline.sequential',
      section: 'I/O',
      label: `seed 003: ${label}, pipeline-sequential`,
      ours: seq,
      peer: { label: `fetch alone ${tasks}·${latency}`, stat: single(tasks * latency, 'ms') },
      of: 'fetch time',
    }),
    ...ids.slice(1).map((id) =>
      compare({
        id: `io.pipeline.${id}`,
        section: 'I/O',
        label: `seed 003: ${label}, ${id} (k = ${k}) vs pipeline-sequential`,
        ours: { label: id, stat: stat(samples, id) },
        peer: seq,
      }),
    ),
  );
}

/** Overhead per task: 0 ms requests and CPU tasks of next to no work. */
async function overheadSection(/** @type {Context} */ ctx) {
  const { fetchTasks, cpuTasks, concurrency: k, bytes } = ctx.cfg.overhead;
  const fetchIds = ['fetch-sequential', 'fetch-concurrent', 'fetch-bounded'];
  const samples = await rounds('overhead per task', ctx.cfg.overhead, {
    fetch: () => playground(ctx, fetchIds, { workload: 'fetch', tasks: fetchTasks, latency: 0, bytes, concurrency: k }),
    cpu: () => playground(ctx, ['cpu-sequential', 'cpu-rayon'], { workload: 'cpu', kernel: 'squares', tasks: cpuTasks, work: 1 }),
    js: async () => ({
      'js-fetch-1': await baseline(ctx, 'fetchPool', { tasks: fetchTasks, latency: 0, bytes, concurrency: 1 }),
      'js-all': await baseline(ctx, 'fetchAll', { tasks: fetchTasks, latency: 0, bytes }),
      'js-fetch-k': await baseline(ctx, 'fetchPool', { tasks: fetchTasks, latency: 0, bytes, concurrency: k }),
      'js-1': await baseline(ctx, 'cpuPool', { kernel: 'squares', tasks: cpuTasks, work: 1, threads: 1 }),
      'js-pool': await baseline(ctx, 'cpuPool', { kernel: 'squares', tasks: cpuTasks, work: 1, threads: ctx.P }),
    }),
  });
  sameWork(samples, [...fetchIds, 'js-fetch-1', 'js-all', 'js-fetch-k']);
  sameWork(samples, ['cpu-sequential', 'cpu-rayon', 'js-1', 'js-pool']);
  ctx.raw.overhead = Object.fromEntries(samples);
  const perTask = (/** @type {string} */ key, /** @type {number} */ n, label = key) => ({
    label,
    stat: stat(samples, key, { unit: 'µs', scale: 1000 / n }),
  });
  ctx.requestCostMs = stat(samples, 'fetch-sequential').median / fetchTasks;
  const floor = [];
  for (let i = 0; i < ctx.cfg.overhead.rounds; i++) floor.push(await loopbackFloorMs(ctx.quick ? 50 : 200));
  ctx.loopbackMs = summarize(floor).median;
  const fetchLabel = `per 0 ms request (${fetchTasks} requests)`;
  const cpuLabel = `per tiny CPU task (${cpuTasks} tasks of (i+1)², the squares kernel)`;
  ctx.rows.push(
    compare({
      id: 'overhead.loopback',
      section: 'overhead',
      label: 'the floor: one HTTP request over loopback, bare Node client to bare Node server (median of each round)',
      ours: { label: 'round trip', stat: summarize(floor.map((ms) => ms * 1000), 'µs') },
    }),
    compare({ id: 'overhead.fetch-sequential', section: 'overhead', label: `fetch-sequential, ${fetchLabel}`, ours: perTask('fetch-sequential', fetchTasks), peer: perTask('js-fetch-1', fetchTasks, 'JS await loop') }),
    compare({ id: 'overhead.fetch-concurrent', section: 'overhead', label: `fetch-concurrent, ${fetchLabel}`, ours: perTask('fetch-concurrent', fetchTasks), peer: perTask('js-all', fetchTasks, 'Promise.all') }),
    compare({ id: 'overhead.fetch-bounded', section: 'overhead', label: `fetch-bounded (k = ${k}), ${fetchLabel}`, ours: perTask('fetch-bounded', fetchTasks), peer: perTask('js-fetch-k', fetchTasks, `JS pool (${k})`) }),
    compare({ id: 'overhead.cpu-sequential', section: 'overhead', label: `cpu-sequential, ${cpuLabel}`, ours: perTask('cpu-sequential', cpuTasks), peer: perTask('js-1', cpuTasks, 'JS, 1 worker') }),
    compare({ id: 'overhead.cpu-rayon', section: 'overhead', label: `cpu-rayon, ${cpuLabel}`, ours: perTask('cpu-rayon', cpuTasks), peer: perTask('js-pool', cpuTasks, `JS pool (${ctx.P})`) }),
  );
}

/** Main-thread long tasks while the page runs 10,000 tasks (CPU, then fetch). */
async function longTaskSection(/** @type {Context} */ ctx) {
  const { tasks, work, concurrency: k } = ctx.cfg.longTasks;
  const supported = await ctx.page.evaluate(() => PerformanceObserver.supportedEntryTypes.includes('longtask'));
  if (!supported) throw new Error('this Chromium reports no longtask entries');
  const runs = [
    { id: 'cpu', strategies: ['cpu-sequential', 'cpu-rayon'], params: { workload: 'cpu', kernel: 'primes', tasks, work } },
    { id: 'fetch', strategies: ['fetch-bounded'], params: { workload: 'fetch', tasks, latency: 0, bytes: 256, concurrency: k } },
  ];
  ctx.raw.longTasks = {};
  for (const r of runs) {
    say(`long tasks: a ${tasks}-task ${r.id} run (${r.strategies.join(', ')})`);
    const out = await runInPage(ctx.page, pageParams(ctx, { ...r.params, strategies: r.strategies }));
    const durations = out.longTasks.map((t) => t.duration);
    /** @type {Record<string, unknown>} */ (ctx.raw.longTasks)[r.id] = out.longTasks;
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
    );
  }
}

/**
 * Cancel to Run enabled again, as a person presses it: the issue's "usable again within 200 ms".
 * Timed inside the page (click, then poll the Run button every ms), the page's own drawing of
 * the partial result included.
 */
async function cancelSection(/** @type {Context} */ ctx) {
  const { rounds: n } = ctx.cfg.cancel;
  const cases = [
    {
      id: 'cpu',
      label: 'a 400-task cpu-sequential run (stops at the next task boundary)',
      params: { workload: 'cpu', strategies: ['cpu-sequential'], kernel: 'primes', tasks: 400, work: 40 },
      afterMs: 400,
    },
    {
      id: 'fetch',
      label: 'fetch-concurrent, 3,000 tasks with 1,000 in flight (all aborted)',
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
      id: 'terminate',
      label: 'one CPU task of 5M numbers, too long to wait for (the worker is replaced)',
      params: { workload: 'cpu', strategies: ['cpu-sequential'], kernel: 'primes', tasks: 3, work: 5000 },
      afterMs: 300,
    },
  ];
  ctx.raw.cancelMs = {};
  for (const c of cases) {
    const times = [];
    for (let i = 0; i < n; i++) {
      say(`cancel: ${c.id} ${i + 1}/${n}`);
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
      times.push(out.usableMs);
    }
    /** @type {Record<string, number[]>} */ (ctx.raw.cancelMs)[c.id] = times;
    const stat = summarize(times);
    ctx.rows.push(
      compare({
        id: `page.cancel-${c.id}`,
        section: 'page',
        label: `Cancel until Run is enabled again: ${c.label}`,
        ours: { label: 'Run enabled after', stat },
        target: { text: '≤ 200 ms', maxValue: 200 },
        why:
          `the median was ${fmt(stat.median)} ms: the worker winds down (up to 100 ms before it is ` +
          `terminated instead) and the page then takes in and draws the partial result; on 2 cores ` +
          `a busy machine stretches both.`,
      }),
    );
  }
}

/** @type {{ name: string, needsPython?: boolean, run: (ctx: Context) => Promise<void> }[]} */
const SECTIONS = [
  { name: 'page', run: pageSection },
  { name: 'cpu', run: cpuSection },
  { name: 'python-cpu', needsPython: true, run: pythonCpuSection },
  // Before the I/O sections: their explanations of a miss use its cost per request.
  { name: 'overhead', run: overheadSection },
  { name: 'io-seed', needsPython: true, run: seedIoSection },
  { name: 'io-1000', needsPython: true, run: thousandSection },
  { name: 'pipeline', run: pipelineSection },
  { name: 'long-tasks', run: longTaskSection },
  { name: 'cancel', run: cancelSection },
];

// ---------------------------------------------------------------------------------------------
// Set-up and output

/** Builds the threaded wasm (release) unless told not to; builds anyway if there is none. */
async function ensureWasm(/** @type {boolean} */ build) {
  const wasm = path.join(ROOT, 'www', 'pkg', 'parallel_playground_bg.wasm');
  if (!build && fs.existsSync(wasm)) return;
  say('building the wasm package (node scripts/build-wasm.mjs)');
  const code = await run('node', ['scripts/build-wasm.mjs'], { env: toolEnv() });
  if (code !== 0) throw new Error('the wasm build failed (see above)');
}

/**
 * The README's block: the table, the machine and when.
 * @param {{ rows: Row[], machine: ReturnType<typeof describeMachine>, date: string, P: number, load: { start: number[], end: number[] }, quick: boolean }} r
 */
function readmeBlock({ rows, machine, date, P, load, quick }) {
  return [
    quick
      ? `Quick run (\`npm run bench -- --quick\`: small sizes, one round, no warm-up; not for comparison) on ${date.slice(0, 10)}:`
      : `Full run of \`npm run bench\` on ${date.slice(0, 10)}:`,
    `${machineLine(machine)}; pool threads P = ${P}.`,
    `Load average (1 min) ${fmt(load.start[0])} at the start, ${fmt(load.end[0])} at the end.`,
    ...(quick ? [] : ['Medians (min–max in brackets) over rounds after a warm-up round.']),
    '',
    renderTable(rows),
  ].join('\n');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.updateReadme && args.quick) throw new Error('--update-readme wants a full run: quick numbers are not meant to be shown');
  const cfg = args.quick ? CONFIG.quick : CONFIG.full;
  const started = Date.now();
  const load = { start: os.loadavg(), end: /** @type {number[]} */ ([]) };
  const sections = SECTIONS.filter((s) => !args.only || args.only.includes(s.name));
  say(`${args.quick ? 'quick' : 'full'} run: ${sections.map((s) => s.name).join(', ')}`);

  await ensureWasm(args.build);
  const spec = JSON.parse(fs.readFileSync(path.join(ROOT, 'www', 'spec.json'), 'utf8'));
  const py = sections.some((s) => s.needsPython)
    ? await ensureVenv(say)
    : { python: null, version: null, packages: {}, problem: 'not needed by these sections' };
  if (py.problem) say(`Python: ${py.problem}`);

  const server = await startServer({ port: 0 });
  const origin = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
  const browser = await launch();
  /** @type {Row[]} */
  const rows = [];
  let exitCode = 0;
  let P = 0;
  let env = {};
  /** @type {Record<string, number>} seconds per section */
  const timings = {};
  try {
    const main = await freshPage(browser);
    const js = await freshPage(browser);
    const pageEnv = await openPlayground(main.page, origin);
    env = pageEnv;
    P = pageEnv.poolThreads;
    await js.page.goto(`${origin}/www/bench/index.html`);
    await js.page.waitForFunction(() => window.baseline !== undefined);
    say(`served at ${origin}; pool threads P = ${P}; ${os.cpus().length} cores`);

    /** @type {Context} */
    const ctx = {
      cfg, quick: args.quick, origin, browser, spec, py, rows, raw: {}, P,
      page: main.page, cdp: main.cdp, pageProblems: main.problems, js: js.page, jsProblems: js.problems,
    };
    for (const section of sections) {
      if (section.needsPython && !py.python) {
        rows.push(unavailable({ id: `${section.name}.python`, section: section.name, label: `${section.name}: the Python peers` }, args.quick ? 'skipped' : 'error', py.problem ?? 'no Python'));
        continue;
      }
      const t0 = Date.now();
      try {
        await section.run(ctx);
        timings[section.name] = Math.round((Date.now() - t0) / 1000);
        say(`${section.name}: done in ${timings[section.name]} s`);
      } catch (err) {
        const message = /** @type {Error} */ (err).message;
        console.error(`bench: ${section.name} failed: ${message}`);
        rows.push(unavailable({ id: `${section.name}.error`, section: section.name, label: `${section.name} section` }, 'error', message));
      }
    }
    for (const [who, problems] of [['the playground', main.problems], ['the JS baseline page', js.problems]]) {
      if (problems.length) rows.push(unavailable({ id: `errors.${who}`, section: 'page', label: `errors in ${who}` }, 'error', problems.slice(0, 5).join('; ')));
    }
    load.end = os.loadavg();

    const machine = describeMachine({ chromium: `Chromium ${browser.version()}`, python: py.version, pythonPackages: py.packages });
    const date = new Date().toISOString();
    const durationS = Math.round((Date.now() - started) / 1000);
    const results = {
      date, mode: args.quick ? 'quick' : 'full', durationS, sectionSeconds: timings, machine,
      env: { ...env, loadAverage: load },
      config: cfg, rows, raw: ctx.raw,
    };
    const out = path.resolve(ROOT, args.out);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);

    const block = readmeBlock({ rows, machine, date, P, load, quick: args.quick });
    console.log(`\n${block}\n`);
    const counts = tally(rows);
    console.log(
      `bench: ${counts.pass} pass, ${counts.miss} miss, ${counts.info} measured without a target, ` +
        `${counts.skipped} skipped, ${counts.error} errors; ${durationS} s; wrote ${path.relative(ROOT, out)}` +
        (args.quick ? ' (quick mode: small sizes, one round; numbers printed, not asserted)' : ''),
    );
    if (args.updateReadme) {
      const readme = path.join(ROOT, 'README.md');
      fs.writeFileSync(readme, replaceReadmeBlock(fs.readFileSync(readme, 'utf8'), block));
      say('README.md: replaced the table between the bench markers');
    }
    exitCode = counts.error ? 1 : 0;
  } finally {
    await browser.close();
    server.closeAllConnections();
    server.close();
  }
  process.exit(exitCode);
}

if (process.argv[1]?.endsWith('run.mjs')) {
  main().catch((err) => {
    console.error(`bench: ${err.stack ?? err}`);
    process.exit(1);
  });
}
