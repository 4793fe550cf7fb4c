// The broker against a real Redis (a private redis-server this file starts and stops): the
// reply shapes it relies on, one result per task, the reaper, late results, dead letters,
// cancel, and nothing left behind after a run.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { startPrivateRedis } from '../../server/queue/redis-process.mjs';
import { brokerClient, cancelRun, claimStale, complete, createRun, followRun, queueKeys, readMeta, readNew, runKeys, touch, GROUP } from '../../server/queue/broker.mjs';
import { startConsumer } from '../../server/queue/consumer.mjs';
import { requireRedis } from './queue-fixtures.mjs';

/** @type {import('../../server/queue/redis-process.mjs').RedisHandle} */
let redis;
/** @type {import('ioredis').Redis} */
let client;
/** @type {import('ioredis').Redis} */
let reader;

test.before(async () => {
  requireRedis();
  redis = await startPrivateRedis();
  client = brokerClient(redis.location);
  reader = brokerClient(redis.location);
});
test.after(async () => {
  client.disconnect();
  reader.disconnect();
  await redis.stop();
});

const squares = (/** @type {number} */ n) => Array.from({ length: n }, (_, task) => ({ kind: 'cpu', kernel: 'squares', work: 1, task, tasks: n }));
const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

test('the Redis 7.0 replies the broker reads have the shapes it expects', async () => {
  const info = await client.info('server');
  assert.match(info, /redis_version:7\./);
  const run = await createRun(client, squares(2), { reclaimMs: 100 });
  const keys = runKeys(run);
  const got = await readNew(reader, [run], 'a', 2, 10);
  assert.deepEqual(got.map((t) => [t.run, t.task, t.delivery]), [[run, 0, 1], [run, 1, 1]]);
  // XPENDING's extended form: [id, consumer, idle ms, deliveries]; XAUTOCLAIM's: [cursor, entries, deleted ids].
  const pending = /** @type {[string, string, number, number][]} */ (await client.xpending(keys.tasks, GROUP, '-', '+', 10));
  assert.deepEqual(pending.map((p) => [p[0], p[1], typeof p[2], p[3]]), got.map((t) => [t.id, 'a', 'number', 1]));
  const auto = /** @type {[string, [string, string[]][], string[]]} */ (await client.xautoclaim(keys.tasks, GROUP, 'probe', 0, '0-0', 'COUNT', 1));
  assert.equal(auto.length, 3);
  assert.equal(auto[1][0][0], got[0].id);
  assert.deepEqual(auto[2], []);
  await cancelRun(client, run);
  await followRun(reader, run, 2, { stopped: () => true });
  assert.deepEqual(await queueKeys(client), []);
});

test('two consumers share a run; every task has one result and nothing is left in Redis', async () => {
  const worker = (/** @type {string} */ name) => {
    /** @type {ReturnType<typeof startConsumer>} */
    let consumer;
    let held = 0;
    const done = brokerClient(redis.location);
    consumer = startConsumer(redis.location, name, {
      slots: () => 2 - held,
      onTask: (t) => {
        held += 1;
        const value = String((/** @type {any} */ (t.descriptor).task + 1) ** 2);
        complete(done, t.run, t.id, name, { ok: true, value, runMs: 0 }).then(() => {
          held -= 1;
          consumer.wake();
        });
      },
    });
    return { stop: () => consumer.stop().then(() => done.disconnect()) };
  };
  const workers = [worker('test a @ here'), worker('test b @ here')];
  for (let round = 0; round < 3; round++) {
    const run = await createRun(client, squares(300), { reclaimMs: 2000 });
    const s = await followRun(reader, run, 300);
    assert.deepEqual([s.ok, s.failed, s.cancelled, s.duplicates, s.redelivered], [300, 0, 0, 0, 0]);
    assert.deepEqual(s.results.map((r) => Number(r?.value)), squares(300).map((d) => (d.task + 1) ** 2));
    assert.equal(s.workers.reduce((n, w) => n + w.taken, 0), 300);
    // Nothing grows from run to run: the run's streams, group and settings are gone.
    assert.deepEqual(await queueKeys(client), []);
  }
  await Promise.all(workers.map((w) => w.stop()));
});

test('a silent holder loses its entry after reclaimMs; its late result is dropped and counted', async () => {
  const reclaimMs = 300;
  const run = await createRun(client, squares(1), { reclaimMs });
  const meta = /** @type {import('../../server/queue/broker.mjs').RunMeta} */ (await readMeta(client, run));
  const [first] = await readNew(reader, [run], 'test dead @ here', 1, 10);
  assert.deepEqual(await claimStale(client, run, 'test b @ here', 1, meta), [], 'not yet idle long enough');
  await sleep(reclaimMs + 20);
  const [again] = await claimStale(client, run, 'test b @ here', 1, meta);
  assert.deepEqual([again.id, again.task, again.delivery], [first.id, 0, 2]);
  assert.equal(await complete(client, run, first.id, 'test dead @ here', { ok: true, value: 'late' }), 'dropped');
  assert.equal(await complete(client, run, first.id, 'test b @ here', { ok: true, value: '1' }), 'completed');
  assert.equal(await complete(client, run, first.id, 'test b @ here', { ok: true, value: '1' }), 'dropped', 'twice is once');
  const s = await followRun(reader, run, 1);
  assert.deepEqual([s.ok, s.redelivered, s.dropped, s.duplicates], [1, 1, 2, 0]);
  // The lost delivery is drawn from when it began: after the enqueue, reclaimMs or more before its end.
  const lost = /** @type {any} */ (s.deliveries.find((d) => d.status === 'reclaimed'));
  assert.equal(typeof lost.delivered, 'number', JSON.stringify(lost));
  assert.ok(lost.delivered >= lost.enqueued && lost.delivered <= lost.ended - reclaimMs, JSON.stringify(lost));
  assert.equal(s.results[0]?.value, '1');
  assert.equal(s.results[0]?.worker, 'test b @ here');
  assert.equal(await complete(client, run, first.id, 'test b @ here', { ok: true }), 'gone', 'after the run');
  assert.deepEqual(await queueKeys(client), []);
});

test('the holder’s heartbeat keeps its entry from the reaper; no one else can touch it', async () => {
  const reclaimMs = 200;
  const run = await createRun(client, squares(1), { reclaimMs });
  const meta = /** @type {import('../../server/queue/broker.mjs').RunMeta} */ (await readMeta(client, run));
  const [t] = await readNew(reader, [run], 'test holder @ here', 1, 10);
  for (let i = 0; i < 6; i++) {
    await sleep(reclaimMs / 2);
    assert.equal(await touch(client, run, 'test holder @ here', [t.id]), 1);
    assert.equal(await touch(client, run, 'test other @ here', [t.id]), 0, 'only the holder');
    assert.deepEqual(await claimStale(client, run, 'test other @ here', 1, meta), []);
  }
  await sleep(reclaimMs + 20);
  const [again] = await claimStale(client, run, 'test other @ here', 1, meta);
  assert.equal(again.delivery, 2, 'touching left the delivery count alone');
  assert.equal(await touch(client, run, 'test holder @ here', [t.id]), 0, 'not the holder any more');
  await complete(client, run, t.id, 'test other @ here', { ok: true, value: '1' });
  const s = await followRun(reader, run, 1);
  assert.deepEqual([s.ok, s.redelivered], [1, 1]);
});

test('a task delivered maxDeliveries times without completing is failed with the reason', async () => {
  const reclaimMs = 100;
  const run = await createRun(client, squares(1), { reclaimMs, maxDeliveries: 2 });
  const meta = /** @type {import('../../server/queue/broker.mjs').RunMeta} */ (await readMeta(client, run));
  await readNew(reader, [run], 'test one @ here', 1, 10);
  await sleep(reclaimMs + 20);
  assert.equal((await claimStale(client, run, 'test two @ here', 1, meta)).length, 1);
  await sleep(reclaimMs + 20);
  assert.deepEqual(await claimStale(client, run, 'test three @ here', 1, meta), [], 'dead-lettered, not claimed');
  const s = await followRun(reader, run, 1);
  assert.deepEqual([s.ok, s.failed, s.deadLetters, s.redelivered], [0, 1, 1, 1]);
  assert.match(s.results[0]?.error ?? '', /no result after delivery 2 of 2 \(to test two @ here, silent for \d+ ms\)/);
  assert.deepEqual(s.deliveries.map((d) => [d.worker, d.delivery, d.status]), [
    ['test one @ here', 1, 'reclaimed'],
    ['test two @ here', 2, 'dead'],
  ]);
  assert.deepEqual(await queueKeys(client), []);
});

test('cancel: the run leaves the active set, the rest is counted cancelled, nothing is left', async () => {
  const run = await createRun(client, squares(10), { reclaimMs: 1000 });
  const got = await readNew(reader, [run], 'test a @ here', 3, 10);
  await complete(client, run, got[0].id, 'test a @ here', { ok: true, value: '1' });
  let cancelled = false;
  const own = brokerClient(redis.location);
  const follow = followRun(own, run, 10, { stopped: () => cancelled }).finally(() => own.disconnect());
  await cancelRun(client, run);
  cancelled = true;
  const s = await follow;
  assert.deepEqual([s.ok, s.cancelled, s.ok + s.failed + s.cancelled], [1, 9, 10]);
  assert.deepEqual(await client.smembers('pg:q:runs'), []);
  assert.equal(await complete(client, run, got[1].id, 'test a @ here', { ok: true }), 'gone');
  assert.deepEqual(await queueKeys(client), []);
});

test('a SIGKILLed owner leaves no private redis-server behind (its watchdog stops it)', async () => {
  const url = new URL('../../server/queue/redis-process.mjs', import.meta.url).href;
  const code = `const m = await import(${JSON.stringify(url)}); const r = await m.startPrivateRedis(); console.log(JSON.stringify({ pid: r.pid, socket: r.location.socket })); setInterval(() => {}, 1000);`;
  const owner = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolve, reject) => {
    owner.once('exit', (c) => reject(new Error(`the owner exited (${c}) before Redis was up`)));
    readline.createInterface({ input: /** @type {import('node:stream').Readable} */ (owner.stdout) }).once('line', resolve);
  });
  const { pid, socket } = JSON.parse(/** @type {string} */ (line));
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  assert.ok(alive(), 'redis-server is running while its owner is');
  owner.kill('SIGKILL');
  for (let i = 0; i < 100 && (alive() || fs.existsSync(path.dirname(socket))); i++) await sleep(50);
  assert.equal(alive(), false, `redis-server ${pid} outlived its SIGKILLed owner`);
  assert.equal(fs.existsSync(path.dirname(socket)), false, 'its folder is removed');
});
