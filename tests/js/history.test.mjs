import test from 'node:test';
import assert from 'node:assert/strict';
import { toCsv, validateReport } from '../../www/model/history.js';

const report = {
  params: { workload: 'fetch', tasks: 2, strategies: ['fetch-map', 'fetch-bounded'] },
  env: {},
  results: [
    { strategy: 'fetch-map', wallMs: 10.5, tasks: 2, ok: 2, failed: 0, peakInFlight: 2, lanesUsed: 2, checksum: 7, repeat: { minMs: 9, maxMs: 12, runs: 3 } },
    { strategy: 'fetch-bounded', wallMs: 20, tasks: 2, ok: 1, failed: 1, peakInFlight: 1, lanesUsed: 1, checksum: 3, error: 'HTTP 500, "bad"' },
  ],
};

test('CSV has a header, one row per strategy and the parameters', () => {
  const lines = toCsv(report).trim().split('\n');
  assert.equal(lines.length, 3);
  assert.equal(lines[0], 'strategy,wallMs,minMs,maxMs,runs,tasks,ok,failed,cancelled,peakInFlight,lanesUsed,checksum,workload,tasks,strategies');
  assert.equal(lines[1], 'fetch-map,10.500,9.000,12.000,3,2,2,0,0,2,2,7,fetch,2,fetch-map fetch-bounded');
  assert.match(lines[2], /^fetch-bounded,20\.000,,,1,/);
});

test('imported reports are validated with a plain reason', () => {
  assert.equal(validateReport(report), report);
  assert.throws(() => validateReport(null), /not a JSON object/);
  assert.throws(() => validateReport({ params: {} }), /no "results" list/);
  assert.throws(() => validateReport({ params: {}, results: [{ strategy: 'x' }] }), /result 0/);
});
