import test from 'node:test';
import assert from 'node:assert/strict';
import { sweepValues, sweepSeries, cpuFit } from '../../www/model/sweep.js';
import { amdahlFit } from '../../www/model/stats.js';

test('sweep values are spaced, rounded, clamped and unique', () => {
  assert.deepEqual(sweepValues('tasks', 1, 9, 5), [1, 3, 5, 7, 9]);
  assert.deepEqual(sweepValues('threads', 1, 8, 4, true), [1, 2, 4, 8]);
  assert.deepEqual(sweepValues('concurrency', 1, 2, 6), [1, 2]);
  assert.deepEqual(sweepValues('tasks', 0, 2_000_000, 2), [1, 1_000_000], 'clamped to the range');
  assert.throws(() => sweepValues('workload', 1, 2, 2), /cannot be swept/);
  assert.throws(() => sweepValues('tasks', 1, 2, 50), /steps must be/);
  assert.throws(() => sweepValues('tasks', NaN, 2, 3), /must be numbers/);
});

test('sweep series carry ideals and an Amdahl fit for CPU', () => {
  const params = (tasks) => ({ tasks, latency: 100, concurrency: 2 });
  const points = [2, 4].map((tasks) => ({
    value: tasks,
    poolThreads: 2,
    params: params(tasks),
    results: [
      // idealMs as the core computes them (src/ideal.rs).
      { strategy: 'cpu-sequential', wallMs: 100 * tasks, idealMs: 100 * tasks },
      { strategy: 'cpu-rayon', wallMs: 55 * tasks, idealMs: 50 * tasks },
      { strategy: 'fetch-bounded', wallMs: 100 * (tasks / 2) + 5, idealMs: 100 * (tasks / 2) },
    ],
  }));
  const s = sweepSeries('tasks', points);
  assert.deepEqual(s.time.map((d) => d.label), ['cpu-sequential', 'cpu-rayon', 'cpu-rayon ideal', 'fetch-bounded', 'fetch-bounded ideal']);
  const ideal = s.time.find((d) => d.label === 'fetch-bounded ideal');
  assert.deepEqual(ideal.data, [{ x: 2, y: 100 }, { x: 4, y: 200 }]);
  assert.ok(s.serial > 0 && s.serial < 0.2, `serial fraction ${s.serial}`);
  assert.ok(s.speed.some((d) => d.label.startsWith('Amdahl fit')));
  const cpuIdeal = s.speed.find((d) => d.label.startsWith('ideal CPU speedup'));
  assert.deepEqual(cpuIdeal.data, [{ x: 2, y: 2 }, { x: 4, y: 2 }], "the core's ideal, as a speedup");
});

/**
 * A threads sweep of cpu-rayon on primes (even tasks) as the page records it: sequential 1000 ms
 * at every point; idealMs as the core computes it (src/ideal.rs: N / ceil(N / min(threads, cores))).
 * @param {number} cores
 * @param {Record<number, number>} rayonMs threads -> cpu-rayon's wall time
 */
function threadsSweep(cores, rayonMs, tasks = 8) {
  return Object.entries(rayonMs).map(([t, wallMs]) => {
    const threads = Number(t);
    const p = Math.min(threads, cores, tasks);
    return {
      value: threads,
      poolThreads: threads,
      cores,
      params: { tasks, threads },
      results: [
        { strategy: 'cpu-sequential', wallMs: 1000, idealMs: 1000 },
        { strategy: 'cpu-rayon', wallMs, idealMs: 1000 / (tasks / Math.ceil(tasks / p)) },
      ],
    };
  });
}

test("the issue's case: threads 1, 2, 4 on 2 cores, 1.80x at 2 threads: ideal at most 2, serial about 11%, not 33%", () => {
  const points = threadsSweep(2, { 1: 1000, 2: 1000 / 1.8, 4: 1000 / 1.78 });
  const s = sweepSeries('threads', points);
  const ideal = s.speed.find((d) => d.label.startsWith('ideal CPU speedup'));
  assert.ok(Math.max(...ideal.data.map((d) => d.y)) <= 2, `ideal ${JSON.stringify(ideal.data)}`);
  assert.ok(Math.abs(s.serial - 1 / 9) < 1e-9, `serial ${s.serial}`); // 1/1.8 = s + (1 - s)/2
  assert.ok(s.serial < 0.25);
  assert.equal(s.fitNote, 'fit on 1, 2 threads; 4 is past the 2 cores');
  assert.equal(s.pastCores, 2);
  assert.match(s.speed.find((d) => d.label.startsWith('Amdahl fit')).label, /serial 11\.1%/);
  // The old fit (p = threads over all three points) said 33%: the fit now refuses that.
  const old = amdahlFit([{ p: 2, speedup: 1.8 }, { p: 4, speedup: 1.78 }]);
  assert.ok(old > 0.3, `old fit ${old}`);
});

test('a fit with every multi-thread point past the cores counts them as the cores, and says so', () => {
  const fit = cpuFit('threads', threadsSweep(2, { 1: 1000, 4: 560, 8: 570 }));
  assert.ok(fit.serial != null && fit.serial < 0.25, `serial ${fit.serial}`);
  assert.equal(fit.note, 'fit on 1, 4, 8 threads (4, 8 threads counted as 2: past the cores)');
});

test('no band and no past points within the cores; a tasks sweep is fitted on min(tasks, threads, cores)', () => {
  const within = sweepSeries('threads', threadsSweep(4, { 1: 1000, 2: 520, 4: 270 }));
  assert.equal(within.pastCores, null);
  assert.equal(within.fitNote, 'fit on 1, 2, 4 threads');
  assert.ok(within.serial < 0.05);
  // A tasks sweep on 2 threads and 2 cores: 1 task has p = 1, 2 and 4 tasks p = 2.
  const tasks = [1, 2, 4].map((n) => ({ ...threadsSweep(2, { 2: n === 1 ? 1000 : 560 }, n)[0], value: n }));
  const fit = cpuFit('tasks', tasks);
  assert.equal(fit.note, 'fit on tasks 1, 2, 4');
  assert.ok(Math.abs(fit.serial - (2 * 0.56 - 1)) < 1e-9, `serial ${fit.serial}`); // 1/S = 0.56 = s + (1 - s)/2
  assert.equal(sweepSeries('tasks', tasks).pastCores, null, 'the band is for a threads axis only');
});

test('no fit without a point that computes on 2 or more threads', () => {
  const fit = cpuFit('threads', threadsSweep(2, { 1: 1000 }));
  assert.equal(fit.serial, null);
  assert.match(fit.note, /no fit/);
});
