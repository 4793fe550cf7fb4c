import test from 'node:test';
import assert from 'node:assert/strict';
import { median, summarize, idealIoMs, idealCpuSpeedup, amdahl, amdahlFit } from '../../www/stats.js';

test('median and spread', () => {
  assert.ok(Number.isNaN(median([])));
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 2, 3]), 2.5);
  assert.deepEqual(summarize([30, 10, 20]), { medianMs: 20, minMs: 10, maxMs: 30, runs: 3 });
});

test('ideal I/O time is ceil(N/k) x L', () => {
  assert.equal(idealIoMs(6, 6, 1000), 1000);
  assert.equal(idealIoMs(6, 1, 1000), 6000);
  assert.equal(idealIoMs(24, 6, 500), 2000);
  assert.equal(idealIoMs(7, 3, 100), 300);
  assert.equal(idealIoMs(5, 0, 100), 500, 'k = 0 is treated as 1');
});

test('ideal CPU speedup is min(N, P), less when the last round is partial', () => {
  assert.equal(idealCpuSpeedup(6, 2), 2);
  assert.equal(idealCpuSpeedup(1, 8), 1);
  assert.equal(idealCpuSpeedup(3, 2), 1.5);
  assert.equal(idealCpuSpeedup(100, 4), 4);
});

test('Amdahl fit recovers the serial fraction it was made from', () => {
  for (const s of [0, 0.05, 0.3, 1]) {
    const points = [1, 2, 3, 4, 8].map((p) => ({ p, speedup: amdahl(s, p) }));
    assert.ok(Math.abs(/** @type {number} */ (amdahlFit(points)) - s) < 1e-9, `s = ${s}`);
  }
  assert.equal(amdahlFit([{ p: 1, speedup: 1 }]), null);
  assert.equal(amdahlFit([{ p: 2, speedup: 3 }]), 0, 'superlinear is clamped to 0');
});
