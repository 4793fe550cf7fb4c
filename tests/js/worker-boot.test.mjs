import test from 'node:test';
import assert from 'node:assert/strict';
import { startOnce, startWorker, STEPS } from '../../www/protocol/worker-boot.js';
import { FROM_WORKER, TO_WORKER } from '../../www/protocol/messages.js';

/** A stand-in Worker that walks through the start-up steps it is given, then says ready. */
class FakeWorker extends EventTarget {
  /** @param {string[]} steps what it reports after 'init' ('ready' last, or not at all) */
  constructor(steps) {
    super();
    this.steps = steps;
    this.terminated = false;
  }
  postMessage(/** @type {any} */ message) {
    if (message.type !== TO_WORKER.init) return;
    this.steps.forEach((step, i) =>
      setTimeout(() => {
        if (this.terminated) return;
        const data = step === 'ready' ? { type: FROM_WORKER.ready, poolThreads: 2 } : { type: FROM_WORKER.booting, step };
        this.dispatchEvent(Object.assign(new Event('message'), { data }));
      }, i),
    );
  }
  terminate() {
    this.terminated = true;
  }
}

/** Steps' time limits a thousand times shorter. @type {typeof setTimeout} */
const fast = /** @type {any} */ ((fn, ms) => setTimeout(fn, ms / 1000));

test('a worker that reports each step and then ready has started', async () => {
  const { poolThreads } = await startOnce(() => /** @type {any} */ (new FakeWorker(['module', 'pool', 'ready'])), 2, fast);
  assert.equal(poolThreads, 2);
});

test('a step that overruns is named, and its worker terminated', async () => {
  const worker = new FakeWorker(['module', 'pool']);
  await assert.rejects(startOnce(() => /** @type {any} */ (worker), 2, fast), (err) => {
    assert.equal(err.step, 'pool');
    assert.match(err.message, new RegExp(`${STEPS.pool.words} within ${STEPS.pool.ms / 1000} s`));
    return true;
  });
  assert.ok(worker.terminated);
});

test('a start that hangs is tried again in a fresh worker', async () => {
  const made = [new FakeWorker(['module']), new FakeWorker(['module', 'pool', 'ready'])];
  const retries = [];
  const started = await startWorker(() => /** @type {any} */ (made.shift()), 2, { timer: fast, onRetry: (e) => retries.push(e.message) });
  assert.equal(started.poolThreads, 2);
  assert.equal(retries.length, 1);
  assert.match(retries[0], /the wasm module did not load/);
});

test('after every attempt failed, the error says which step and how often', async () => {
  let made = 0;
  const create = () => {
    made++;
    return /** @type {any} */ (new FakeWorker([]));
  };
  await assert.rejects(startWorker(create, 2, { timer: fast, attempts: 3 }), /the worker script did not load within 10 s \(3 attempts\)/);
  assert.equal(made, 3);
});

test('a start overtaken by a newer one is dropped at once: its worker terminated, its timer gone', async () => {
  const workers = [];
  const create = () => {
    const w = new FakeWorker(['module']);
    workers.push(w);
    return /** @type {any} */ (w);
  };
  const overtaken = new AbortController();
  const fired = [];
  // Real step limits: a timer left behind would fire long after the test.
  const timer = /** @type {any} */ ((fn, ms) => {
    const t = setTimeout(() => {
      fired.push(ms);
      fn();
    }, ms);
    t.unref?.();
    return t;
  });
  const starting = startWorker(create, 2, { timer, signal: overtaken.signal });
  await new Promise((r) => setTimeout(r, 5));
  overtaken.abort();
  await assert.rejects(starting, /overtaken by a newer start \(1 attempt\)/);
  assert.equal(workers.length, 1, 'no further attempt');
  assert.ok(workers[0].terminated);
  assert.deepEqual(fired, []);
});

test('a resize during start-up: the first worker goes at once, both waits get the new pool', async () => {
  const { PlaygroundWorker } = await import('../../www/protocol/worker-client.js');
  /** @type {any[]} */
  const made = [];
  const saved = globalThis.Worker;
  globalThis.Worker = /** @type {any} */ (
    class extends FakeWorker {
      constructor() {
        super(['module', 'pool', 'ready']);
        made.push(this);
      }
      postMessage(/** @type {any} */ message) {
        // Ready with the pool it was asked for.
        if (message.type === TO_WORKER.init) this.threads = message.threads;
        super.postMessage(message);
      }
      dispatchEvent(/** @type {any} */ event) {
        if (event.data?.type === FROM_WORKER.ready) event.data.poolThreads = this.threads;
        return super.dispatchEvent(event);
      }
    }
  );
  try {
    const client = new PlaygroundWorker(2);
    const first = client.start();
    const second = client.resize(4);
    assert.equal(await second, 4);
    assert.equal(await first, 4, 'the overtaken start hands on to the newer one');
    assert.equal(made.length, 2);
    assert.ok(made[0].terminated, 'the overtaken worker was terminated at once');
    assert.equal(client.worker, made[1]);
  } finally {
    globalThis.Worker = saved;
  }
});

test("the worker index.html created first is taken once; later starts get fresh ones", async () => {
  const { createWorker } = await import('../../www/protocol/worker-boot.js');
  const early = new FakeWorker([]);
  const page = /** @type {any} */ (globalThis);
  const saved = globalThis.Worker;
  /** @type {string[]} */
  const urls = [];
  page.Worker = class extends FakeWorker {
    constructor(/** @type {URL} */ url) {
      super([]);
      urls.push(String(url));
    }
  };
  page.earlyWorker = early;
  try {
    assert.equal(createWorker(), early);
    assert.equal(page.earlyWorker, undefined, 'taken, so a retry or a resize cannot reuse it');
    assert.notEqual(createWorker(), early);
    assert.equal(urls.length, 1);
    assert.match(urls[0], /\/www\/worker\/entry\.js$/);
  } finally {
    globalThis.Worker = saved;
    delete page.earlyWorker;
  }
});
