// Real Python worker processes (bench/peers/python/queue_worker.py, in .venv-queue) on the same
// run as bridge workers, against this file's own private redis-server: every task once, tasks
// taken by all, a killed Python worker's task redelivered after reclaimMs, and Cancel reaching
// a Python worker in the middle of its kernel.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { bridgeWorker, produce, rustKernel, startPlayground } from './queue-fixtures.mjs';
import { brokerClient, queueKeys, runKeys, GROUP } from '../../server/queue/broker.mjs';
import { reapEvery } from '../../server/queue/consumer.mjs';
import { QUEUE_PYTHON, QUEUE_WORKER, queueVenvProblem } from '../../scripts/lib/queue-python.mjs';

/** @type {Awaited<ReturnType<typeof startPlayground>>} */
let pg;
/** @type {import('ioredis').Redis} */
let redis;

test.before(async () => {
  const problem = queueVenvProblem();
  if (problem) throw new Error(`the Python queue worker's venv is not ready (${problem}): run npm run setup`);
  pg = await startPlayground();
  redis = brokerClient(/** @type {import('../../server/queue/redis-process.mjs').RedisLocation} */ (pg.queue.location));
});
/** Every Python worker started here, so none outlives a failed test. */
/** @type {import('node:child_process').ChildProcess[]} */
const children = [];

/** Kills what a failed test left running, so it cannot take the next test's tasks. */
async function killLeftovers() {
  const alive = children.filter((c) => c.exitCode === null && c.signalCode === null);
  for (const child of alive) child.kill('SIGKILL');
  await Promise.all(alive.map(exited));
}

test.beforeEach(killLeftovers);
test.after(async () => {
  await killLeftovers();
  redis.disconnect();
  await pg.close();
});

/**
 * Starts one Python worker pointed at the playground; resolves once it is ready.
 * @returns {Promise<{ id: string, child: import('node:child_process').ChildProcess, lines: string[] }>}
 */
async function python() {
  const child = spawn(QUEUE_PYTHON, [QUEUE_WORKER, '--url', pg.base], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  /** @type {string[]} */
  const lines = [];
  const ready = new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the Python worker exited (${code}) before it was ready`)));
    readline.createInterface({ input: /** @type {import('node:stream').Readable} */ (child.stdout) }).on('line', (line) => {
      lines.push(line);
      const m = JSON.parse(line);
      if (m.ready) resolve(m.ready);
    });
  });
  return { id: /** @type {string} */ (await ready), child, lines };
}

/**
 * @param {import('node:child_process').ChildProcess} child
 * @returns {Promise<number | null>}
 */
const exited = (child) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', (code) => r(code)));

/**
 * Waits until `consumer` holds an entry of the run (XPENDING's per-consumer summary).
 * @param {string} run
 * @param {string} consumer
 */
async function holding(run, consumer) {
  for (let i = 0; i < 400; i++) {
    const summary = /** @type {[number, string, string, [string, string][] | null]} */ (await redis.xpending(runKeys(run).tasks, GROUP));
    if ((summary[3] ?? []).some(([name]) => name === consumer)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${consumer} never took a task`);
}

test('two bridge workers and a Python process share 40 tasks: each done once, all three took some', async () => {
  const py = await python();
  const a = await bridgeWorker(pg.base, { name: 'tab 1', delayMs: 10 });
  const b = await bridgeWorker(pg.base, { name: 'tab 2', delayMs: 10 });
  const { summary } = await produce(pg.base, { count: 40, task: { kind: 'io', latencyMs: 50, bytes: 100 }, reclaimMs: 5000 });
  const s = await summary;
  assert.deepEqual([s.ok, s.failed, s.cancelled, s.duplicates, s.redelivered, s.dropped], [40, 0, 0, 0, 0, 0]);
  const taken = Object.fromEntries(s.workers.map((/** @type {any} */ w) => [w.id, w.taken]));
  assert.deepEqual(Object.keys(taken).sort(), [a.id, b.id, py.id].sort());
  assert.ok(Object.values(taken).every((n) => n > 0), JSON.stringify(taken));
  assert.equal(Object.values(taken).reduce((x, y) => x + y, 0), 40);
  assert.ok(s.results.every((/** @type {any} */ r) => Number(r.value) >= 100), 'each body read in full');
  assert.equal(s.workers.find((/** @type {any} */ w) => w.id === py.id).kind, 'python');
  assert.deepEqual(await queueKeys(redis), []);
  py.child.kill('SIGINT');
  assert.equal(await exited(py.child), 0, 'Ctrl+C stops it cleanly');
  a.ws.close();
  b.ws.close();
});

test('a Python worker killed mid-task: its task goes to another worker after reclaimMs, done once', async () => {
  const reclaimMs = 800;
  const py = await python();
  const { run, summary } = await produce(pg.base, { count: 2, task: { kind: 'cpu', kernel: 'primes', work: 300 }, reclaimMs });
  await holding(run, py.id);
  py.child.kill('SIGKILL');
  const killedAt = Date.now();
  await exited(py.child);
  const tab = await bridgeWorker(pg.base, { name: 'tab 3', threads: 2 });
  const again = await tab.next((m) => m.type === 'task' && m.delivery === 2, 10000);
  const after = Date.now() - killedAt;
  console.log(`redelivered ${after} ms after the kill (reclaimMs ${reclaimMs}; the reaper looks every ${reapEvery(reclaimMs)} ms)`);
  assert.ok(after <= reclaimMs + 1000, `redelivered ${after} ms after the kill`);
  const s = await summary;
  assert.deepEqual([s.ok, s.failed, s.redelivered, s.dropped, s.duplicates], [2, 0, 1, 0, 0]);
  const lost = s.deliveries.find((/** @type {any} */ d) => d.status === 'reclaimed');
  assert.deepEqual([lost.worker, lost.task], [py.id, again.task]);
  assert.equal(s.results[again.task].worker, tab.id);
  tab.ws.close();
});

test('a stopped Python worker loses its task after reclaimMs; its late result is dropped and counted', async () => {
  const reclaimMs = 400;
  const py = await python();
  const { producer, run, summary } = await produce(pg.base, { count: 1, task: { kind: 'cpu', kernel: 'primes', work: 300 }, reclaimMs });
  await holding(run, py.id);
  py.child.kill('SIGSTOP'); // hung: no heartbeat, no result
  const tab = await bridgeWorker(pg.base, { name: 'tab 4', answer: false });
  const again = await tab.next((m) => m.type === 'task' && m.delivery === 2, 10000);
  py.child.kill('SIGCONT');
  const late = await producer.next((m) => m.type === 'event' && m.event.kind === 'dropped', 10000);
  assert.deepEqual([late.event.worker, late.event.holder], [py.id, tab.id]);
  tab.send({ type: 'result', run, id: again.id, ok: true, value: 'from the tab' });
  const s = await summary;
  assert.deepEqual([s.ok, s.redelivered, s.dropped, s.duplicates], [1, 1, 1, 0]);
  assert.deepEqual([s.results[0].worker, s.results[0].value], [tab.id, 'from the tab']);
  py.child.kill('SIGTERM');
  assert.equal(await exited(py.child), 0);
  assert.match(py.lines.at(-1) ?? '', /"dropped": 1/);
  tab.ws.close();
});

test('a Python task longer than reclaimMs is kept by its heartbeat, not redelivered', async () => {
  const py = await python();
  // Heartbeats every reclaimMs / 4: on a loaded 2-core machine a heartbeat thread can stall for
  // over a second, so the visibility timeout is wide while the task (a 5 s request, which takes
  // 5 s however loaded the machine is, unlike CPython's primes) outlasts it more than twice.
  const reclaimMs = 2000;
  const { run, summary } = await produce(pg.base, { count: 1, task: { kind: 'io', latencyMs: 5000, bytes: 100 }, reclaimMs });
  // The idle worker joins once the Python worker holds the task: only a reclaim could give it one.
  await holding(run, py.id);
  const idle = await bridgeWorker(pg.base, { name: 'tab 5', answer: false });
  const s = await summary;
  assert.deepEqual([s.ok, s.redelivered, s.dropped], [1, 0, 0]);
  assert.equal(s.results[0].worker, py.id);
  const held = s.deliveries[0].ended - s.deliveries[0].delivered;
  assert.ok(held > reclaimMs + 100, `the task ran ${held} ms, longer than reclaimMs`);
  assert.equal(idle.received.filter((m) => m.type === 'task').length, 0);
  idle.ws.close();
  py.child.kill('SIGTERM');
  await exited(py.child);
});

test('Cancel interrupts a Python worker inside its kernel; it then takes the next run', async () => {
  const py = await python();
  const { producer, run, summary } = await produce(pg.base, { count: 1, task: { kind: 'cpu', kernel: 'primes', work: 5000 }, reclaimMs: 60000 });
  await holding(run, py.id);
  const cancelledAt = Date.now();
  producer.send({ type: 'cancel', run });
  const s = await summary;
  assert.deepEqual([s.ok, s.cancelled], [0, 1]);
  const next = await produce(pg.base, { count: 3, task: { kind: 'cpu', kernel: 'squares', work: 1 }, reclaimMs: 5000 });
  const s2 = await next.summary;
  // primes with work 5000 takes Python about 15 s; the next run ends long before that.
  assert.ok(Date.now() - cancelledAt < 5000, `the next run ended ${Date.now() - cancelledAt} ms after Cancel`);
  assert.deepEqual(s2.results.map((/** @type {any} */ r) => [r.value, r.worker]), [['1', py.id], ['4', py.id], ['9', py.id]]);
  py.child.kill('SIGTERM');
  assert.equal(await exited(py.child), 0);
  assert.match(py.lines.at(-1) ?? '', /"stopped"/);
});

test('a Python worker runs every kernel the page has, with the Rust kernels\' values', async () => {
  const py = await python();
  const run = await rustKernel();
  for (const kernel of ['primes', 'mandelbrot', 'sha256', 'squares']) {
    const { summary } = await produce(pg.base, { count: 4, task: { kind: 'cpu', kernel, work: 30 }, reclaimMs: 5000 });
    const s = await summary;
    assert.equal(s.ok, 4, `${kernel}: ${JSON.stringify(s.results.map((/** @type {any} */ r) => r.error))}`);
    assert.ok(s.results.every((/** @type {any} */ r) => r.worker === py.id), kernel);
    assert.deepEqual(s.results.map((/** @type {any} */ r) => Number(r.value)), [0, 1, 2, 3].map((t) => run(kernel, t, 4, 30)), kernel);
  }
  py.child.kill('SIGTERM');
  assert.equal(await exited(py.child), 0);
});
