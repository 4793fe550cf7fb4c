// What the page reports for a strategy whose worker had to be terminated mid-run.
import test from 'node:test';
import assert from 'node:assert/strict';
import { interruptedResult } from '../../www/worker-client.js';

test('an interrupted strategy counts every task: not reported done means cancelled', () => {
  const spans = [
    { task: 0, lane: 0, startMs: 0, endMs: 10, ok: true },
    { task: 1, lane: 1, startMs: 0, endMs: 12, ok: false },
    { task: 2, lane: 0, startMs: 10, endMs: 20, ok: true },
  ];
  const r = interruptedResult({ strategy: 'cpu-rayon', total: 10, startedAt: performance.now() - 50, done: 3, failed: 1, cancelled: 0, spans });
  assert.deepEqual([r.tasks, r.ok, r.failed, r.cancelled], [10, 2, 1, 7]);
  assert.equal(r.ok + r.failed + r.cancelled, r.tasks);
  assert.equal(r.interrupted, true);
  assert.equal(r.peakInFlight, 2);
  assert.equal(r.lanesUsed, 2);
  assert.ok(r.wallMs >= 50);
});
