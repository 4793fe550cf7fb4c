import test from 'node:test';
import assert from 'node:assert/strict';
import { STRATEGIES, idealMs, FAMILY_COLOURS, MAX_STARTED_AT_ONCE } from '../../www/strategies.js';
import { SPEC } from '../../www/params.js';

test('every strategy id in params.json has its explanation, Python and family colour', () => {
  assert.deepEqual(Object.keys(STRATEGIES), SPEC.strategies.values);
  for (const [id, info] of Object.entries(STRATEGIES)) {
    assert.ok(id.startsWith(`${info.family}-`), id);
    assert.ok(info.models && info.python && info.expect, id);
    assert.ok(FAMILY_COLOURS[info.family], id);
  }
});

test('ideal times follow ceil(N/k) x L for fetch and seq / min(N, P) for CPU', () => {
  const p = { tasks: 6, latency: 1000, concurrency: 4 };
  const ctx = { poolThreads: 2, sequentialCpuMs: 1200 };
  assert.equal(idealMs('fetch-sequential', p, ctx), 6000);
  assert.equal(idealMs('fetch-concurrent', p, ctx), 1000);
  assert.equal(idealMs('fetch-bounded', p, ctx), 2000);
  assert.equal(idealMs('cpu-sequential', p, ctx), 1200);
  assert.equal(idealMs('cpu-rayon', p, ctx), 600);
  assert.equal(idealMs('cpu-rayon', { ...p, tasks: 3 }, ctx), 1200 / 1.5);
  assert.equal(idealMs('cpu-rayon', p, { poolThreads: 2 }), null);
  assert.equal(idealMs('race-mutex', p, ctx), null);
});

test('the page and the Rust scheduler agree on how many requests start at a time', async () => {
  const fs = await import('node:fs');
  const rust = fs.readFileSync(new URL('../../src/strategy.rs', import.meta.url), 'utf8');
  const m = rust.match(/pub const MAX_STARTED_AT_ONCE: u32 = ([\d_]+);/);
  assert.ok(m, 'src/strategy.rs defines MAX_STARTED_AT_ONCE');
  assert.equal(Number(m[1].replaceAll('_', '')), MAX_STARTED_AT_ONCE);
});
