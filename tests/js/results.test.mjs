// Speedups (the table's column, the sweep's chart): only between results that ran every task to its end.
import test from 'node:test';
import assert from 'node:assert/strict';
import { speedup, ranToTheEnd } from '../../www/model/results.js';

const result = (strategy, wallMs, extra = {}) => ({ strategy, wallMs, tasks: 30, ok: 30, failed: 0, cancelled: 0, ...extra });

test('speedup is against the family sequential strategy', () => {
  const all = [result('fetch-sequential', 12000), result('fetch-concurrent', 2000), result('cpu-rayon', 500)];
  assert.equal(speedup(all[1], all), 6);
  assert.equal(speedup(all[2], all), null, 'no cpu-sequential ran');
  // Failed tasks still took their time: the same tasks fail in every strategy.
  const failing = [result('fetch-sequential', 12000, { ok: 24, failed: 6 }), result('fetch-bounded', 4000, { ok: 24, failed: 6 })];
  assert.equal(speedup(failing[1], failing), 3);
});

test('a cancelled or interrupted result has no speedup, on either side', () => {
  const stopped = result('fetch-sequential', 4000, { ok: 10, cancelled: 20 });
  const whole = result('fetch-concurrent', 2000);
  assert.equal(ranToTheEnd(stopped), false);
  assert.equal(ranToTheEnd(whole), true);
  assert.equal(speedup(whole, [stopped, whole]), null);
  const cut = result('fetch-concurrent', 500, { ok: 3, cancelled: 27 });
  assert.equal(speedup(cut, [result('fetch-sequential', 12000), cut]), null);
  const interrupted = result('cpu-rayon', 100, { interrupted: true });
  assert.equal(speedup(interrupted, [result('cpu-sequential', 1000), interrupted]), null);
});
