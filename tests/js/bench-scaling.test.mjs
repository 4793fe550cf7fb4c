// The scaling section's arithmetic (bench/lib/scaling.mjs) and its rows: thread counts, an even
// job, speed-up and efficiency, and which targets apply on a machine with so many cores.
import test from 'node:test';
import assert from 'node:assert/strict';
import { threadCounts, scalingJob, scalingPoint, targetAt, targetsBeyond, percent } from '../../bench/lib/scaling.mjs';
import { pointRow, notApplicableRows } from '../../bench/sections/scaling.mjs';
import { summarize } from '../../bench/lib/stats.mjs';

test('thread counts: powers of two up to the cores, and the core count itself', () => {
  assert.deepEqual(threadCounts(1), [1]);
  assert.deepEqual(threadCounts(2), [1, 2]);
  assert.deepEqual(threadCounts(6), [1, 2, 4, 6]);
  assert.deepEqual(threadCounts(8), [1, 2, 4, 8]);
  assert.deepEqual(threadCounts(12), [1, 2, 4, 8, 12]);
  assert.deepEqual(threadCounts(0), [1]);
});

test('the job divides evenly at every thread count and keeps its total', () => {
  const size = { minTasks: 24, totalWork: 12_000 };
  assert.deepEqual(scalingJob([1, 2], size), { tasks: 24, work: 500 });
  assert.deepEqual(scalingJob([1, 2, 4, 8, 12], size), { tasks: 24, work: 500 });
  assert.deepEqual(scalingJob([1, 2, 4, 8, 10], size), { tasks: 40, work: 300 });
  const big = scalingJob(threadCounts(64), size);
  assert.equal(big.tasks, 64);
  for (const n of [3, 5, 6, 7, 9, 10, 14]) {
    const counts = threadCounts(n);
    const { tasks } = scalingJob(counts, size);
    for (const t of counts) assert.equal(tasks % t, 0, `${tasks} tasks on ${t} threads`);
  }
  assert.deepEqual(scalingJob([1], { minTasks: 12, totalWork: 1 }), { tasks: 12, work: 1 });
});

test('speed-up over the 1-thread time, efficiency = speed-up / threads', () => {
  assert.deepEqual(scalingPoint(1000, 1000, 1), { speedup: 1, efficiency: 1 });
  const p = scalingPoint(1000, 250, 4);
  assert.equal(p.speedup, 4);
  assert.equal(p.efficiency, 1);
  const q = scalingPoint(1500, 1000, 8);
  assert.equal(q.speedup, 1.5);
  assert.equal(q.efficiency, 0.1875);
  assert.equal(percent(0.746), '75%');
});

test('targets: 75% at 4 threads, 50% at 8, only where the machine has the cores', () => {
  assert.equal(targetAt(4)?.minEfficiency, 0.75);
  assert.equal(targetAt(8)?.minEfficiency, 0.5);
  assert.equal(targetAt(2), null);
  assert.deepEqual(targetsBeyond(2).map((t) => t.threads), [4, 8]);
  assert.deepEqual(targetsBeyond(4).map((t) => t.threads), [8]);
  assert.deepEqual(targetsBeyond(16), []);
  const rows = notApplicableRows(2, 64);
  assert.deepEqual(rows.map((r) => [r.id, r.result]), [['scaling.4', 'n/a'], ['scaling.8', 'n/a']]);
  assert.match(rows[0].why ?? '', /^this machine has 2 cores\. .*the curve stops at 2/);
  assert.equal(rows[0].target, '≥ 75% efficiency');
});

/** A point of a curve as the section builds it. @param {number} threads @param {number} base @param {number} ms */
const point = (threads, base, ms) => ({ threads, stat: summarize([ms]), ...scalingPoint(base, ms, threads) });

test('a point row: pass, a miss with native as the witness, and the baseline row', () => {
  const job = { tasks: 24, work: 500 };
  const load = [3, 2, 1];
  const pass = pointRow({ id: 'cpu-rayon', point: point(4, 1000, 300), native: point(4, 900, 240), cores: 4, job, load });
  assert.equal(pass.result, 'pass');
  assert.equal(pass.ratioText, '3.33x, 83% efficiency; native 3.75x, 94%');
  assert.equal(pass.why, undefined);
  const missPage = pointRow({ id: 'cpu-rayon', point: point(4, 1000, 400), native: point(4, 900, 240), cores: 4, job, load });
  assert.equal(missPage.result, 'miss');
  assert.match(missPage.why ?? '', /native rayon reached 94% .*the shortfall is the page's/);
  const missBoth = pointRow({ id: 'cpu-static-chunks', point: point(8, 1000, 300), native: point(8, 900, 300), cores: 8, job, load });
  assert.equal(missBoth.result, 'miss');
  assert.match(missBoth.why ?? '', /did not give 8 cores' worth .*load average 3/);
  const two = pointRow({ id: 'cpu-rayon', point: point(2, 1000, 520), native: point(2, 900, 460), cores: 2, job, load });
  assert.equal(two.result, 'info');
  assert.equal(two.target, '');
  const base = pointRow({ id: 'cpu-rayon', point: point(1, 1000, 1000), native: point(1, 900, 900), cores: 2, job, load });
  assert.match(base.ratioText, /baseline/);
});
