// What the page reports for a strategy whose worker had to be terminated mid-run.
import test from 'node:test';
import assert from 'node:assert/strict';
import { interruptedResult, LOST_REASONS } from '../../www/model/report.js';
import { FROM_WORKER, TO_WORKER } from '../../www/protocol/messages.js';

test('an interrupted strategy counts every task: not reported done means cancelled', () => {
  const spans = [
    { task: 0, lane: 0, startMs: 0, endMs: 10, ok: true },
    { task: 1, lane: 1, startMs: 0, endMs: 12, ok: false },
    { task: 2, lane: 0, startMs: 10, endMs: 20, ok: true },
  ];
  const r = interruptedResult({ strategy: 'cpu-rayon', total: 10, startedAt: performance.now() - 50, done: 3, failed: 1, cancelled: 0, spans });
  assert.deepEqual([r.tasks, r.ok, r.failed, r.cancelled], [10, 2, 1, 7]);
  assert.equal(r.ok + r.failed + r.cancelled, r.tasks);
  // The failure is listed, though its reason went with the worker.
  assert.deepEqual(r.failures, [{ reason: LOST_REASONS, count: 1, tasks: [1] }]);
  assert.equal(r.interrupted, true);
  assert.equal(r.peakInFlight, 2);
  assert.equal(r.lanesUsed, 2);
  assert.ok(r.wallMs >= 50);
});

test('after a crash the unfinished tasks are failed, with the crash as their reason', () => {
  const spans = [
    { task: 0, lane: 0, startMs: 0, endMs: 10, ok: true },
    { task: 2, lane: 1, startMs: 0, endMs: 12, ok: false },
  ];
  const crash = 'the worker crashed: out of memory';
  const r = interruptedResult({ strategy: 'pipeline-fetch-then-parse', total: 5, startedAt: performance.now(), done: 2, failed: 1, cancelled: 0, spans }, crash);
  assert.deepEqual([r.tasks, r.ok, r.failed, r.cancelled], [5, 1, 4, 0]);
  assert.equal(r.error, crash);
  // Every failed task is under a reason: the failures add up to `failed`.
  assert.deepEqual(r.failures, [
    { reason: LOST_REASONS, count: 1, tasks: [2] },
    { reason: crash, count: 3, tasks: [1, 3, 4] },
  ]);
  assert.equal(r.failures.reduce((n, f) => n + f.count, 0), r.failed);
  // Without every done task's span the unfinished ones cannot be named; the count still is.
  const big = interruptedResult({ strategy: 'fetch-concurrent', total: 50_000, startedAt: 0, done: 40_000, failed: 0, cancelled: 0, spans: [] }, crash);
  assert.deepEqual(big.failures, [{ reason: crash, count: 10_000, tasks: [] }]);
  assert.equal(big.ok + big.failed + big.cancelled, big.tasks);
});

test('a pipeline task whose page arrived but was not parsed is unfinished', () => {
  // Task 1's fetch ended (ok), its parse did not; task 0 ended with its parse.
  const spans = [
    { task: 0, lane: 0, startMs: 0, endMs: 10, ok: true, phase: 'fetch' },
    { task: 0, lane: 0, startMs: 10, endMs: 12, ok: true, phase: 'parse' },
    { task: 1, lane: 1, startMs: 0, endMs: 11, ok: true, phase: 'fetch' },
    { task: 2, lane: 1, startMs: 11, endMs: 13, ok: false, phase: 'fetch' },
  ];
  const crash = 'the module trapped: unreachable';
  const r = interruptedResult({ strategy: 'pipeline-overlapped', total: 4, startedAt: 0, done: 2, failed: 1, cancelled: 0, spans }, crash);
  assert.deepEqual([r.ok, r.failed, r.cancelled], [1, 3, 0]);
  assert.deepEqual(r.failures, [
    { reason: LOST_REASONS, count: 1, tasks: [2] },
    { reason: crash, count: 2, tasks: [1, 3] },
  ]);
});

/** A stand-in for the module worker: answers `init`, records what the page sends, and lets the
 * test play the worker's side of a run. */
class FakeWorker {
  static last = /** @type {FakeWorker | null} */ (null);
  constructor() {
    /** @type {Record<string, ((e: any) => void)[]>} */
    this.listeners = { message: [], error: [] };
    /** @type {any[]} */
    this.sent = [];
    this.terminated = false;
    FakeWorker.last = this;
  }
  addEventListener(/** @type {string} */ type, /** @type {(e: any) => void} */ f) {
    this.listeners[type].push(f);
  }
  removeEventListener(/** @type {string} */ type, /** @type {(e: any) => void} */ f) {
    this.listeners[type] = this.listeners[type].filter((g) => g !== f);
  }
  postMessage(/** @type {any} */ data) {
    this.sent.push(data);
    if (data.type === TO_WORKER.init) queueMicrotask(() => this.emit({ type: FROM_WORKER.ready, poolThreads: 2 }));
  }
  emit(/** @type {any} */ data) {
    for (const f of [...this.listeners.message]) f({ data });
  }
  terminate() {
    this.terminated = true;
  }
}

test('a hard stop during a further repeat does not reuse the previous repeat\'s progress', async () => {
  const saved = globalThis.Worker;
  globalThis.Worker = /** @type {any} */ (FakeWorker);
  try {
    const { PlaygroundWorker } = await import('../../www/protocol/worker-client.js');
    const client = new PlaygroundWorker(2);
    await client.start();
    const worker = /** @type {FakeWorker} */ (FakeWorker.last);
    const running = client.run({ tasks: 4, repeat: 2 }, () => {});
    await new Promise((r) => setTimeout(r, 0));
    const { runId } = worker.sent.find((m) => m.type === TO_WORKER.run);
    const span = (/** @type {number} */ task) => ({ task, lane: 0, startMs: task, endMs: task + 1, ok: true });
    worker.emit({ type: FROM_WORKER.strategyStart, runId, strategy: 'cpu-rayon', total: 4, reps: 3 });
    // The warm-up finished all 4 tasks; the next repeat has started and reported nothing yet.
    worker.emit({ type: FROM_WORKER.progress, runId, strategy: 'cpu-rayon', done: 4, failed: 0, cancelled: 0, total: 4, rep: 0, reps: 3, spans: [0, 1, 2, 3].map(span) });
    worker.emit({ type: FROM_WORKER.repeatStart, runId, strategy: 'cpu-rayon', rep: 1 });
    // The worker does not answer the cancel: the client terminates it after its grace period.
    await client.cancel();
    assert.equal(worker.terminated, true);
    const err = await running.then(() => assert.fail('a cancelled run rejects'), (e) => e);
    assert.equal(err.cancelled, true);
    const [r] = err.partial;
    assert.deepEqual([r.tasks, r.ok, r.cancelled, r.spans.length, r.interrupted], [4, 0, 4, 0, true]);
  } finally {
    globalThis.Worker = saved;
  }
});
