// The benchmark's own logic (bench/): statistics, targets, the table, the docs block, the
// command line, the ideal rows, and that the JavaScript and Python kernels count exactly what
// the Rust one does.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, summarize, fmt, fmtStat } from '../../bench/lib/stats.mjs';
import { compare, renderTable, speedText, tally, unavailable } from '../../bench/lib/report.mjs';
import { replaceMarkedBlock, docsProblem, updateDocs } from '../../bench/lib/docs.mjs';
import { backToBack } from '../../bench/lib/measure.mjs';
import { parseArgs } from '../../bench/lib/args.mjs';
import { rounds, series, idealOf, rawSamples } from '../../bench/lib/measure.mjs';
import { idealRow } from '../../bench/lib/io-rows.mjs';
import { busyIn, splitAtMarks } from '../../bench/lib/main-thread.mjs';
import { pins } from '../../bench/lib/python.mjs';
import { scaleEfficiency, reclaimLimitMs, reclaimSplit, squares, requests } from '../../bench/lib/queue.mjs';
import { pageRow } from '../../bench/sections/queue.mjs';
import { scaleRow, scaleCause } from '../../bench/lib/queue-scale.mjs';
import { countPrimesIn, primeTask, squareTask } from '../../www/bench/kernel.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

test('median and spread', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
  const s = summarize([850.2, 845, 870.9]);
  assert.deepEqual([s.median, s.min, s.max, s.n, s.unit], [850.2, 845, 870.9, 3, 'ms']);
  assert.equal(fmtStat(s), '850 ms (845–871)');
  assert.equal(fmtStat(summarize([12.345], 'µs')), '12.3 µs');
  assert.equal(fmt(1.234), '1.23');
  assert.equal(fmt(0.01234), '0.012');
  assert.throws(() => summarize([]), /no samples/);
});

const ms = (/** @type {number[]} */ xs) => summarize(xs);

test('a speed-up target passes at or above its bound and explains a miss', () => {
  const row = (/** @type {number} */ ours) =>
    compare({
      id: 'x',
      section: 'CPU',
      label: 'rayon vs sequential',
      ours: { label: 'rayon', stat: ms([ours]) },
      peer: { label: 'sequential', stat: ms([1800]) },
      target: { text: '≥ 1.8x faster', minSpeedup: 1.8 },
      why: 'because',
    });
  assert.equal(row(1000).result, 'pass');
  assert.equal(row(1000).ratioText, '1.80x faster');
  assert.equal(row(1000).why, undefined);
  const missed = row(1100);
  assert.equal(missed.result, 'miss');
  assert.equal(missed.why, 'because');
  assert.equal(speedText(0.5), '2.00x slower');
});

test('ratio and absolute targets', () => {
  const native = compare({
    id: 'n', section: 'CPU', label: 'wasm vs native',
    ours: { label: 'wasm', stat: ms([125]) }, peer: { label: 'native', stat: ms([100]) },
    of: 'native', target: { text: '≤ 1.25x native', maxRatio: 1.25 },
  });
  assert.equal(native.result, 'pass');
  assert.equal(native.ratioText, '1.25x native');
  const ready = compare({
    id: 'r', section: 'page', label: 'ready', ours: { label: 'ready', stat: ms([1001]) },
    target: { text: '≤ 1000 ms', maxValue: 1000 },
  });
  assert.equal(ready.result, 'miss');
  assert.equal(ready.ratio, null);
  const info = compare({ id: 'i', section: 'page', label: 'size', ours: { label: 'raw', stat: ms([1]) } });
  assert.equal(info.result, 'info');
});

test('a row with the peer in two places judges the first and splits the gap into the place and ours', () => {
  const row = compare({
    id: 'o', section: 'overhead', label: 'per request',
    ours: { label: 'ours', stat: ms([1200]) },
    peer: { label: 'JS, in a Worker', stat: ms([1000]) },
    also: { label: 'JS, main thread', stat: ms([800]), gap: 'the Worker' },
    target: { text: '≤ 1.1x', maxRatio: 1.1 },
    why: 'ours',
  });
  assert.equal(row.result, 'miss', 'judged against the peer in the Worker (1.2x), not the main thread');
  assert.equal(row.ratioText, '1.20x slower (1.50x slower than JS, main thread: the Worker 1.25x, ours 1.20x)');
  assert.match(renderTable([row]), /\| JS, in a Worker: 1000 ms; JS, main thread: 800 ms \|/);
  const plain = compare({ id: 'p', section: 'I/O', label: 'x', ours: { label: 'a', stat: ms([1]) }, peer: { label: 'b', stat: ms([1]) } });
  assert.equal(plain.also, undefined);
  assert.equal(plain.ratioText, '1.00x faster');
});

test('the table escapes cells and lists every miss, skip and error with its reason', () => {
  const rows = [
    compare({
      id: 'a', section: 'I/O', label: 'a | b', ours: { label: 'x', stat: ms([10, 12, 11]) },
      target: { text: '≤ 5 ms', maxValue: 5 }, why: 'too slow',
    }),
    unavailable({ id: 'b', section: 'I/O', label: 'pipeline' }, 'skipped', 'not built'),
    unavailable({ id: 'c', section: 'CPU', label: 'python' }, 'error', 'checksum mismatch'),
  ];
  const table = renderTable(rows);
  assert.match(table, /^\| area \| measurement \| ours \| peer \/ limit \| ratio \| target \| result \|$/m);
  assert.match(table, /\| a \\\| b \| x: 11 ms \(10–12\) \|/);
  assert.match(table, /- miss — a \| b: too slow/);
  assert.match(table, /- skipped — pipeline: not built/);
  assert.match(table, /- error — python: checksum mismatch/);
  assert.deepEqual(tally(rows), { pass: 0, miss: 1, info: 0, 'n/a': 0, skipped: 1, error: 1 });
});

test('the docs block is replaced between its markers, and only there', () => {
  const doc = '# T\n\nbefore\n<!-- bench:start -->\nold table\n<!-- bench:end -->\nafter\n';
  const out = replaceMarkedBlock(doc, '| new |\n');
  assert.equal(out, '# T\n\nbefore\n<!-- bench:start -->\n| new |\n<!-- bench:end -->\nafter\n');
  assert.equal(replaceMarkedBlock(out, '| new |'), out, 'replacing twice changes nothing');
  assert.throws(() => replaceMarkedBlock('# no markers', 'x'), /no <!-- bench:start -->/);
});

test('--update-docs says what is wrong with the docs file instead of crashing', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-docs-'));
  const file = path.join(dir, 'benchmarks.md');
  assert.match(docsProblem(file) ?? '', /does not exist/);
  assert.match(updateDocs('| t |', file) ?? '', /does not exist/);
  fs.writeFileSync(file, '# Benchmarks\n\nno markers yet\n');
  assert.match(updateDocs('| t |', file) ?? '', /has no <!-- bench:start --> \.\.\. <!-- bench:end --> block/);
  assert.equal(fs.readFileSync(file, 'utf8'), '# Benchmarks\n\nno markers yet\n', 'left as it was');
  fs.writeFileSync(file, '# Benchmarks\n<!-- bench:start -->\nold\n<!-- bench:end -->\n');
  assert.equal(updateDocs('| t |', file), null);
  assert.equal(fs.readFileSync(file, 'utf8'), '# Benchmarks\n<!-- bench:start -->\n| t |\n<!-- bench:end -->\n');
  fs.rmSync(dir, { recursive: true });
});

test('the command line: defaults per mode, sections, and a refusal of what it does not know', () => {
  assert.deepEqual(parseArgs([]), { quick: false, only: null, updateDocs: false, build: true, out: 'bench/results.json' });
  assert.deepEqual(parseArgs(['--quick', '--only', 'cpu,cancel']), {
    quick: true, only: ['cpu', 'cancel'], updateDocs: false, build: false, out: 'test-results/bench-quick.json',
  });
  assert.equal(parseArgs(['--quick', '--build']).build, true);
  assert.equal(parseArgs(['--no-build', '--out', 'x.json']).out, 'x.json');
  assert.equal(parseArgs(['--no-build']).build, false);
  assert.equal(parseArgs(['--update-docs']).updateDocs, true);
  assert.throws(() => parseArgs(['--quick', '--update-docs']), /wants a full run/);
  assert.throws(() => parseArgs(['--only', 'cpu,nope']), /unknown section\(s\) nope/);
  assert.throws(() => parseArgs(['--only']), /--only needs a value/);
  assert.throws(() => parseArgs(['--quik']), /unknown option --quik/);
  assert.throws(() => parseArgs(['--update-readme']), /now --update-docs/);
});

test('rounds keep the ideal the page reported; results.json keeps timings and checksums only', async () => {
  let call = 0;
  const samples = await rounds('t', { rounds: 2, warmup: 1 }, {
    page: async () => ({ 'fetch-bounded': { ms: 100 + call++, checksum: 6, idealMs: 200 } }),
    js: async () => ({ 'js-pool': { ms: 99, checksum: 6 } }),
  });
  assert.deepEqual(samples.get('fetch-bounded')?.ms, [101, 102], 'the warm-up round is left out');
  assert.equal(idealOf(samples, 'fetch-bounded'), 200);
  assert.throws(() => idealOf(samples, 'js-pool'), /no single ideal time \(got none\)/);
  samples.set('fetch-sequential', series([600], 6, null));
  assert.throws(() => idealOf(samples, 'fetch-sequential'), /no single ideal/);
  const changing = await rounds('t', { rounds: 2, warmup: 0 }, {
    page: async () => ({ 'fetch-concurrent': { ms: 1, checksum: 1, idealMs: call++ } }),
  });
  assert.throws(() => idealOf(changing, 'fetch-concurrent'), /no single ideal time \(got \d+, \d+\)/);
  assert.deepEqual(Object.keys(rawSamples(samples)['fetch-bounded']), ['ms', 'checksums']);
});

test('an ideal row holds a strategy to the ideal it was given and blames the per-host limit', () => {
  const spec = JSON.parse(fs.readFileSync(path.join(ROOT, 'www', 'spec.json'), 'utf8'));
  const ctx = /** @type {any} */ ({ spec, requestCostMs: 4, loopbackMs: 0.2 });
  const samples = new Map([
    ['fetch-concurrent', series([410], 100, 10)],
    // Not ceil(100/6)·10 = 170: the row must take the page's figure, not compute its own.
    ['fetch-bounded', series([180], 100, 150)],
  ]);
  const concurrent = idealRow(ctx, samples, { id: 'c', label: 'c', key: 'fetch-concurrent', n: 100, k: 100, latency: 10 });
  assert.equal(concurrent.peer?.stat.median, 10);
  assert.equal(concurrent.result, 'miss');
  const perHost = spec.constants.connectionsPerHost;
  assert.match(concurrent.why ?? '', new RegExp(`at most ${perHost} HTTP/1.1 connections per host:port, so 100 requests run in ceil\\(100/${perHost}\\)`));
  const bounded = idealRow(ctx, samples, { id: 'b', label: 'b', key: 'fetch-bounded', n: 100, k: 6, latency: 10 });
  assert.equal(bounded.target, '≤ 1.05x ideal + 20 ms (178 ms)');
  assert.equal(bounded.result, 'miss');
  assert.match(bounded.why ?? '', /a 0 ms request takes 4 ms .*so 17 rounds carry ~68 ms on top/);
  assert.equal(bounded.peer?.label, 'ideal ceil(100/6)·10');
});

test('a share-of-a-limit target (minRatio) passes at or above its bound', () => {
  const row = (/** @type {number} */ ours) =>
    compare({
      id: 'e', section: 'queue', label: 'efficiency', ours: { label: 'N', stat: ms([ours]) }, peer: { label: 'ideal', stat: ms([100]) },
      of: 'ideal', target: { text: '≥ 90%', minRatio: 0.9 }, why: 'slow',
    });
  assert.equal(row(90).result, 'pass');
  assert.equal(row(89.9).result, 'miss');
  assert.equal(row(89.9).why, 'slow');
});

test('queue: scale-out efficiency is N workers\' throughput over N times one worker\'s', () => {
  // One worker: 4 tasks in 4 s (1 task/s). 20 workers: 80 tasks in 4.4 s (18.2 tasks/s of 20).
  assert.ok(Math.abs(scaleEfficiency({ tasks: 80, ms: 4400 }, { tasks: 4, ms: 4000 }, 20) - 4000 / 4400) < 1e-12);
  assert.equal(scaleEfficiency({ tasks: 4, ms: 4000 }, { tasks: 4, ms: 4000 }, 1), 1);
  assert.throws(() => scaleEfficiency({ tasks: 4, ms: 0 }, { tasks: 4, ms: 4000 }, 1), /positive/);
  const pass = scaleRow({ n: 100, tasks: 400, manyMs: [4300, 4200, 4500], oneTasks: 4, oneMs: [4040, 4100] });
  assert.equal(pass.id, 'queue.scale-100');
  assert.equal(pass.result, 'pass');
  assert.equal(pass.ratioText, `${((4070 / 4300) * 100).toFixed(1)}% efficiency`);
  assert.equal(pass.ours?.stat.unit, 'tasks/s');
  assert.ok(Math.abs((pass.peer?.stat.median ?? 0) - (100 * 4) / 4.07) < 1e-9, 'N × one worker\'s throughput');
  const miss = scaleRow({ n: 100, tasks: 400, manyMs: [5900], oneTasks: 4, oneMs: [4070], cause: 'late start' });
  assert.equal(miss.result, 'miss');
  assert.equal(miss.ratioText, '69.0% efficiency');
  assert.equal(miss.why, 'late start');
  // The browser tabs' row: the same arithmetic, its own id and names (a tab of 2 slots: 8 tasks).
  const tabs = scaleRow({ n: 2, tasks: 16, manyMs: [4400], oneTasks: 8, oneMs: [4000], kind: { id: 'tabs-', many: 'browser tabs (2 tasks at once)', one: 'tab', short: 'tabs' } });
  assert.equal(tabs.id, 'queue.scale-tabs-2');
  assert.equal(tabs.ratioText, `${((4000 / 4400) * 100).toFixed(1)}% efficiency`);
  assert.match(tabs.label, /2 browser tabs \(2 tasks at once\), 16 tasks/);
  assert.equal(tabs.peer?.label, "2 × one tab's 2");
});

test('queue: what a scale-out run spent its time on, read from the deliveries', () => {
  const d = (/** @type {string} */ worker, /** @type {number} */ delivered) => ({ worker, status: 'ok', enqueued: 1000, delivered, ended: delivered + 1010 });
  const cause = scaleCause({ deliveries: [d('a', 1002), d('a', 2012), d('a', 3022), d('b', 1150), d('b', 2160), { ...d('b', 0), status: 'reclaimed', delivered: null }] }, 3100);
  assert.match(cause, /2 workers took 2–3 tasks each/);
  assert.match(cause, /a task took 1010 ms from delivery to completion \(max 1010\)/);
  const split = scaleCause({ deliveries: [d('a', 1002)], brokerMsPerTask: 0.3 }, 1100);
  assert.match(split, /\(max 1010; 0\.30 ms of it outside the task itself, the rest the request as the worker timed it\)/);
  assert.match(cause, /the last worker's first task came 150 ms after the enqueue, so 3 tasks back to back after that start account for ~3180 ms/);
});

test('queue: a dead worker\'s bound and how the time from the kill splits', () => {
  assert.ok(Math.abs(reclaimLimitMs(1000, 1000) - 2200) < 1e-9);
  const split = reclaimSplit({
    killedAt: 10_000,
    doneAt: 11_950,
    deliveries: [
      { status: 'reclaimed', ended: 10_900, delivered: null },
      { status: 'ok', ended: 11_950, delivered: 10_930 },
    ],
  });
  assert.deepEqual(split, { totalMs: 1950, untilReclaimMs: 900, redoneMs: 1020 });
  assert.deepEqual(reclaimSplit({ killedAt: 0, doneAt: 5, deliveries: [] }), { totalMs: 5, untilReclaimMs: null, redoneMs: null });
});

test('queue: the page row is skipped, not failed, while the page has no queue-broker', async () => {
  const ctx = /** @type {any} */ ({ spec: { strategies: [{ id: 'cpu-queue' }] }, cfg: { queue: { pageTasks: 1000, pageRounds: 1 } }, rows: [] });
  await pageRow(ctx);
  assert.equal(ctx.rows.length, 1);
  assert.deepEqual([ctx.rows[0].id, ctx.rows[0].result], ['queue.page-broker', 'skipped']);
  assert.match(ctx.rows[0].why, /no queue-broker strategy/);
});

test('queue: the descriptors are the page\'s (squares with work 1, requests with a latency)', () => {
  assert.deepEqual(squares(2), [{ kind: 'cpu', kernel: 'squares', work: 1, task: 0, tasks: 2 }, { kind: 'cpu', kernel: 'squares', work: 1, task: 1, tasks: 2 }]);
  assert.deepEqual(requests(1, 1000), [{ kind: 'io', latencyMs: 1000, bytes: 256, task: 0, tasks: 1 }]);
});

test('the JavaScript kernel counts what the Rust one does', () => {
  assert.equal(countPrimesIn(0, 1_000_000), 78_498); // pi(10^6), as src/workload.rs tests
  // Tasks partition the range exactly: pi(120,000) = 11,301 however it is dealt.
  for (const tasks of [1, 2, 6, 7]) {
    const blocks = Math.ceil(120 / tasks);
    let total = 0;
    for (let t = 0; t < tasks; t++) total += primeTask(t, tasks, blocks);
    assert.equal(total, countPrimesIn(0, tasks * blocks * 1000), `tasks = ${tasks}`);
  }
  let sum = 0;
  for (let t = 0; t < 6; t++) sum += primeTask(t, 6, 20);
  assert.equal(sum, 11_301);
  assert.deepEqual([0, 1, 4].map(squareTask), [1, 4, 25]);
});

test('the Python kernel gives the same checksum', { skip: spawnSync('python3', ['--version']).status !== 0 && 'no python3' }, () => {
  const r = spawnSync(
    'python3',
    ['bench/peers/python/cpu_pool.py', '--tasks', '6', '--work', '20', '--processes', '2', '--repeats', '1', '--warmup', '0', '--methods', 'sequential,pool'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.results.sequential.checksum, 11_301);
  assert.equal(out.results.pool.checksum, 11_301);
});

test('the Python peers are pinned exactly', () => {
  const p = pins();
  assert.match(p.aiohttp ?? '', /^\d+\.\d+\.\d+$/);
  assert.match(p.requests ?? '', /^\d+\.\d+\.\d+$/);
});

test("the page's main thread is split at its marks: nested events count once, tasks are clipped to the window", () => {
  const main = { pid: 1, tid: 7 };
  const task = (/** @type {number} */ ts, /** @type {number} */ dur, /** @type {number} */ tdur, name = 'RunTask') => ({ ...main, name, ph: 'X', ts, dur, tdur });
  const events = [
    task(0, 2000, 1000), // before the run: not counted
    { ...main, name: 'playground:run-start', ph: 'I', ts: 10_000 },
    task(9_000, 2_000, 2_000), // half inside the window
    task(20_000, 4_000, 1_000),
    task(21_000, 1_000, 500, 'Paint'), // nested in the one above
    { ...main, name: 'playground:result', ph: 'I', ts: 110_000 },
    task(120_000, 30_000, 30_000),
    { pid: 2, tid: 7, name: 'RunTask', ph: 'X', ts: 50_000, dur: 40_000, tdur: 40_000 }, // another process
  ];
  const split = splitAtMarks(/** @type {any} */ (events));
  assert.equal(split.windowMs, 100);
  assert.deepEqual(split.computing, { wallMs: 5, cpuMs: 2 });
  assert.deepEqual(split.after, { wallMs: 30, cpuMs: 30 });
  assert.deepEqual(busyIn([], 0, 10), { wallMs: 0, cpuMs: 0 });
  assert.throws(() => splitAtMarks(/** @type {any} */ (events.slice(0, 1))), /marks/);
});

test('back-to-back runs swap the first and the last each round and merge what they measured', async () => {
  /** @type {string[]} */
  const order = [];
  const run = (/** @type {string} */ name) => async () => {
    order.push(name);
    return { [name]: { ms: 1, checksum: 0 } };
  };
  const runs = [run('ours'), run('peer'), run('other')];
  const even = await backToBack(0, runs);
  const odd = await backToBack(1, runs);
  assert.deepEqual(order, ['ours', 'peer', 'other', 'other', 'peer', 'ours']);
  assert.deepEqual(Object.keys(even).sort(), ['other', 'ours', 'peer']);
  assert.deepEqual(odd, even);
});
