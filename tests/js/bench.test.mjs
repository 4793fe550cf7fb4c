// The benchmark's own logic (bench/): statistics, targets, the table, the
// README block, and that the JavaScript and Python kernels count exactly what the Rust one does.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, summarize, fmt, fmtStat } from '../../bench/lib/stats.mjs';
import { compare, renderTable, replaceReadmeBlock, speedText, tally, unavailable } from '../../bench/lib/report.mjs';
import { pins } from '../../bench/lib/python.mjs';
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
  assert.deepEqual(tally(rows), { pass: 0, miss: 1, info: 0, skipped: 1, error: 1 });
});

test('the README block is replaced between its markers, and only there', () => {
  const readme = '# T\n\nbefore\n<!-- bench:start -->\nold table\n<!-- bench:end -->\nafter\n';
  const out = replaceReadmeBlock(readme, '| new |\n');
  assert.equal(out, '# T\n\nbefore\n<!-- bench:start -->\n| new |\n<!-- bench:end -->\nafter\n');
  assert.equal(replaceReadmeBlock(out, '| new |'), out, 'replacing twice changes nothing');
  assert.throws(() => replaceReadmeBlock('# no markers', 'x'), /no <!-- bench:start -->/);
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
