// The bridge on the playground's server, with its own private redis-server: who may connect,
// what closes a connection (and that the run loses nothing when it does), late results, cancel.
import test from 'node:test';
import assert from 'node:assert/strict';
import { bridgeWorker, client, produce, startPlayground } from './queue-fixtures.mjs';
import { brokerClient, queueKeys } from '../../server/queue/broker.mjs';

/** @type {Awaited<ReturnType<typeof startPlayground>>} */
let pg;
/** @type {import('ioredis').Redis} */
let redis;

test.before(async () => {
  pg = await startPlayground();
  redis = brokerClient(/** @type {import('../../server/queue/redis-process.mjs').RedisLocation} */ (pg.queue.location));
});
test.after(async () => {
  redis.disconnect();
  await pg.close();
});

const io = { kind: 'io', latencyMs: 5, bytes: 10 };
const wsUrl = () => `${pg.base.replace('http', 'ws')}/queue`;

test('a page from another origin is refused; the server’s own origin is let in', async () => {
  const evil = client(wsUrl(), { origin: 'http://evil.example' });
  assert.equal(await evil.refused, 403);
  const own = client(wsUrl(), { origin: pg.base });
  await own.opened();
  own.ws.close();
});

test('a network-facing server refuses a join without the token and admits one with it', async () => {
  const lan = await startPlayground({ host: '0.0.0.0' });
  try {
    const token = /** @type {string} */ (lan.queue.token);
    assert.match(token, /^[0-9a-f]{32}$/);
    assert.match(lan.queue.joinLink('10.0.0.5'), new RegExp(`^http://10\\.0\\.0\\.5:${lan.port}/\\?join=${token}$`));
    const ws = `${lan.base.replace('http', 'ws')}/queue`;
    // Another machine's request names the server's network address (the socket stays on loopback).
    const remote = { host: `10.0.0.5:${lan.port}` };
    assert.equal(await client(ws, remote).refused, 403);
    assert.equal(await client(`${ws}?token=${'0'.repeat(32)}`, remote).refused, 403);
    const joined = client(`${ws}?token=${token}`, remote);
    await joined.opened();
    joined.ws.close();
    // This machine's own page (the one that starts runs) is let in without it.
    const own = client(ws, { origin: lan.base });
    await own.opened();
    own.ws.close();
  } finally {
    await lan.close();
  }
});

test('malformed JSON, an oversize message or a message out of turn closes that connection with a reason', async () => {
  const bad = client(wsUrl());
  await bad.opened();
  bad.ws.send('{"type":');
  assert.deepEqual(await bad.closed, { code: 4400, reason: 'not JSON' });
  const big = client(wsUrl());
  await big.opened();
  big.ws.send(JSON.stringify({ type: 'hello', role: 'producer', pad: 'x'.repeat(70 * 1024) }));
  assert.equal((await big.closed).code, 1009);
  const worker = await bridgeWorker(pg.base, { name: 'rude', answer: false });
  worker.send({ type: 'submit', count: 1, task: io });
  assert.deepEqual(await worker.closed, { code: 4400, reason: 'a worker does not send submit' });
});

test('completing a task not handed to you closes your connection; the task is still done once', async () => {
  const honest = await bridgeWorker(pg.base, { name: 'honest', delayMs: 300 });
  const forger = await bridgeWorker(pg.base, { name: 'forger', answer: false });
  const { run, summary } = await produce(pg.base, { count: 2, task: io, reclaimMs: 500 });
  // The honest worker holds a task (slow to answer); the forger claims to have finished it.
  const task = await honest.next((m) => m.type === 'task');
  forger.send({ type: 'result', run, id: task.id, ok: true, value: 'forged' });
  const closed = await forger.closed;
  assert.equal(closed.code, 4403);
  assert.match(closed.reason, /not handed to you/);
  const s = await summary;
  assert.deepEqual([s.ok, s.failed, s.cancelled, s.duplicates], [2, 0, 0, 0]);
  assert.ok(s.results.every((/** @type {any} */ r) => r.value !== 'forged' && r.worker === honest.id), 'the forged value was not taken');
  honest.ws.close();
  assert.deepEqual(await queueKeys(redis), []);
});

test('a live connection keeps a long task; a closed one loses it to another worker after reclaimMs', async () => {
  const reclaimMs = 600;
  const holder = await bridgeWorker(pg.base, { name: 'holder', answer: false });
  const { run, summary, producer } = await produce(pg.base, { count: 1, task: io, reclaimMs });
  const held = await holder.next((m) => m.type === 'task');
  const other = await bridgeWorker(pg.base, { name: 'other', answer: false });
  // Three visibility timeouts: the bridge's heartbeat for the open connection keeps the task.
  await new Promise((r) => setTimeout(r, 3 * reclaimMs));
  assert.equal(other.received.filter((m) => m.type === 'task').length, 0);
  const closedAt = Date.now();
  holder.ws.close();
  const again = await other.next((m) => m.type === 'task' && m.id === held.id);
  const after = Date.now() - closedAt;
  assert.equal(again.delivery, 2);
  // The last heartbeat came up to reclaimMs / 4 before the close; the reaper looks every reclaimMs / 10.
  assert.ok(after >= (3 * reclaimMs) / 4 - 50 && after < reclaimMs + 1000, `reclaimed ${after} ms after the close`);
  other.send({ type: 'result', run, id: held.id, ok: true, value: 'second' });
  const s = await summary;
  assert.deepEqual([s.ok, s.redelivered, s.dropped, s.duplicates], [1, 1, 0, 0]);
  assert.deepEqual(s.deliveries.map((/** @type {any} */ d) => [d.worker, d.delivery, d.status]), [
    [holder.id, 1, 'reclaimed'],
    [other.id, 2, 'ok'],
  ]);
  const events = producer.received.filter((m) => m.type === 'event').map((m) => m.event.kind);
  assert.deepEqual(events, ['reclaimed', 'done']);
  other.ws.close();
});

test('a task whose holders keep leaving is failed after maxDeliveries, with the reason', async () => {
  const first = await bridgeWorker(pg.base, { name: 'leaves', answer: false });
  const { summary } = await produce(pg.base, { count: 1, task: io, reclaimMs: 200, maxDeliveries: 1 });
  await first.next((m) => m.type === 'task');
  first.ws.close();
  const second = await bridgeWorker(pg.base, { name: 'stays' });
  const s = await summary;
  assert.deepEqual([s.ok, s.failed, s.deadLetters, s.redelivered], [0, 1, 1, 0]);
  assert.match(s.results[0].error, new RegExp(`no result after delivery 1 of 1 \\(to ${first.id.replace(/[.#()]/g, '\\$&')}`));
  assert.equal(second.received.filter((m) => m.type === 'task').length, 0, 'never handed out again');
  second.ws.close();
});

test('cancel: the workers are told, the rest is counted cancelled, nothing is left in Redis', async () => {
  const worker = await bridgeWorker(pg.base, { name: 'busy', threads: 2, answer: false });
  const { producer, run, summary } = await produce(pg.base, { count: 20, task: io, reclaimMs: 1000 });
  await worker.next((m) => m.type === 'task');
  producer.send({ type: 'cancel', run });
  const s = await summary;
  assert.deepEqual([s.ok, s.cancelled], [0, 20]);
  await worker.next((m) => m.type === 'cancel' && m.run === run);
  assert.deepEqual(await queueKeys(redis), []);
  // Its results for the cancelled run are ignored, not taken for forgeries.
  const held = worker.received.filter((m) => m.type === 'task');
  for (const t of held) worker.send({ type: 'result', run, id: t.id, ok: true });
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(worker.ws.readyState, worker.ws.OPEN);
  worker.ws.close();
});

test('a producer that leaves cancels its run: its workers are told and nothing is left', async () => {
  const worker = await bridgeWorker(pg.base, { name: 'left behind', answer: false });
  const { producer, run } = await produce(pg.base, { count: 5, task: io, reclaimMs: 1000 });
  await worker.next((m) => m.type === 'task');
  producer.ws.close();
  await worker.next((m) => m.type === 'cancel' && m.run === run);
  for (let i = 0; i < 100 && (await queueKeys(redis)).length; i++) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(await queueKeys(redis), []);
  worker.ws.close();
});

test('without Redis a queue client is refused with the reason', async () => {
  const { createBridge } = await import('../../server/queue/bridge.mjs');
  const bridge = createBridge({ location: null, reason: 'redis-server not found', api: '' });
  const http = await import('node:http');
  const server = http.createServer();
  server.on('upgrade', (req, socket, head) => bridge.wss.handleUpgrade(req, socket, head, (ws) => bridge.wss.emit('connection', ws, req)));
  await new Promise((r) => server.listen(0, '127.0.0.1', () => r(undefined)));
  const c = client(`ws://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}/queue`);
  await c.opened();
  c.send({ type: 'hello', role: 'producer' });
  assert.deepEqual(await c.closed, { code: 4503, reason: 'redis-server not found' });
  assert.deepEqual(c.received, [{ type: 'refused', reason: 'redis-server not found' }]);
  server.close();
});
