import test from 'node:test';
import assert from 'node:assert/strict';
import { STRATEGIES, idealMs, sequentialCpuMs, FAMILY_COLOURS, MAX_STARTED_AT_ONCE } from '../../www/strategies.js';
import { SPEC } from '../../www/params.js';
import { rustConst } from './rust-const.mjs';

test('every strategy id in params.json has its explanation, Python and family colour', () => {
  assert.deepEqual(Object.keys(STRATEGIES), SPEC.strategies.values);
  for (const [id, info] of Object.entries(STRATEGIES)) {
    assert.ok(id.startsWith(`${info.family}-`), id);
    assert.ok(info.models && info.python && info.expect, id);
    assert.ok(FAMILY_COLOURS[info.family], id);
  }
});

test('ideal times follow ceil(N/k) x L for fetch and seq / min(N, P) for CPU', () => {
  const r = (/** @type {string} */ strategy) => ({ strategy });
  const p = { tasks: 6, latency: 1000, concurrency: 4 };
  const ctx = { poolThreads: 2, sequentialCpuMs: 1200 };
  assert.equal(idealMs(r('fetch-sequential'), p, ctx), 6000);
  assert.equal(idealMs(r('fetch-concurrent'), p, ctx), 1000);
  assert.equal(idealMs(r('fetch-bounded'), p, ctx), 2000);
  assert.equal(idealMs(r('cpu-sequential'), p, ctx), 1200);
  assert.equal(idealMs(r('cpu-rayon'), p, ctx), 600);
  assert.equal(idealMs(r('cpu-rayon'), { ...p, tasks: 3 }, ctx), 1200 / 1.5);
  assert.equal(idealMs(r('cpu-rayon'), p, { poolThreads: 2 }), null);
  assert.equal(idealMs(r('race-mutex'), p, ctx), null);
});

test('a fetch result carries its own ideal, which wins over the formula', () => {
  const p = { tasks: 6, latency: 1000, concurrency: 4 };
  const ctx = { poolThreads: 2 };
  // The core computed it from each task's latency (here with spread): the page shows that.
  assert.equal(idealMs({ strategy: 'fetch-sequential', idealMs: 6420 }, p, ctx), 6420);
  // null from the core (a hang nothing ends, a real target) stays null.
  assert.equal(idealMs({ strategy: 'fetch-concurrent', idealMs: null }, p, ctx), null);
  // A report saved before results carried one: the formula, unless a real target was used.
  assert.equal(idealMs({ strategy: 'fetch-bounded' }, p, ctx), 2000);
  assert.equal(idealMs({ strategy: 'fetch-bounded' }, { ...p, target: 'https://example.org/' }, ctx), null);
  // CPU ideals come from the measured sequential time, whatever the result says.
  assert.equal(idealMs({ strategy: 'cpu-rayon', idealMs: null }, p, { poolThreads: 2, sequentialCpuMs: 1200 }), 600);
});

test('a stopped result has no ideal, and a stopped cpu-sequential is no base for CPU ideals', () => {
  const p = { tasks: 6, latency: 1000, concurrency: 4 };
  const ctx = { poolThreads: 2, sequentialCpuMs: 1200 };
  // The ideal is for every task; a stopped run timed only some of them.
  assert.equal(idealMs({ strategy: 'fetch-sequential', idealMs: 6000, cancelled: 3 }, p, ctx), null);
  assert.equal(idealMs({ strategy: 'fetch-bounded', interrupted: true }, p, ctx), null);
  assert.equal(idealMs({ strategy: 'cpu-rayon', cancelled: 1 }, p, ctx), null);
  assert.equal(idealMs({ strategy: 'fetch-sequential', idealMs: 6000, cancelled: 0 }, p, ctx), 6000);
  const seq = { strategy: 'cpu-sequential', wallMs: 500 };
  assert.equal(sequentialCpuMs([{ strategy: 'cpu-rayon', wallMs: 300 }, seq]), 500);
  assert.equal(sequentialCpuMs([{ ...seq, cancelled: 2 }]), undefined);
  assert.equal(sequentialCpuMs([{ ...seq, interrupted: true }]), undefined);
  assert.equal(sequentialCpuMs([]), undefined);
});

test('past a thousand tasks the formula counts a thousand in flight, as the strategies run', () => {
  const p = { tasks: 2500, latency: 100, concurrency: 4 };
  assert.equal(idealMs({ strategy: 'fetch-concurrent' }, p, { poolThreads: 2 }), 300);
  assert.equal(idealMs({ strategy: 'fetch-same-url' }, p, { poolThreads: 2 }), 300);
});

test('the page and the Rust scheduler agree on how many requests start at a time', () => {
  assert.equal(rustConst('strategy.rs', 'MAX_STARTED_AT_ONCE'), MAX_STARTED_AT_ONCE);
});
