import test from 'node:test';
import assert from 'node:assert/strict';
import { median, summarize, amdahl, amdahlFit } from '../../www/model/stats.js';

test('median and spread', () => {
  assert.ok(Number.isNaN(median([])));
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 2, 3]), 2.5);
  assert.deepEqual(summarize([30, 10, 20]), { medianMs: 20, minMs: 10, maxMs: 30, runs: 3 });
});

test('Amdahl fit recovers the serial fraction it was made from', () => {
  for (const s of [0, 0.05, 0.3, 1]) {
    const points = [1, 2, 3, 4, 8].map((p) => ({ p, speedup: amdahl(s, p) }));
    assert.ok(Math.abs(/** @type {number} */ (amdahlFit(points)) - s) < 1e-9, `s = ${s}`);
  }
  assert.equal(amdahlFit([{ p: 1, speedup: 1 }]), null);
  assert.equal(amdahlFit([{ p: 2, speedup: 3 }]), 0, 'superlinear is clamped to 0');
});
