import test from 'node:test';
import assert from 'node:assert/strict';
import { sweepValues, sweepSeries } from '../../www/sweep.js';

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
