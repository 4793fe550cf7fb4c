// The task queue's pure parts, no Redis: the producer's bookkeeping (one result per task,
// redelivery, late results, dead letters, counts that add up), the bridge's message checks, who
// may connect, and the worker script's options.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createLedger, describeWorker, parseEvent } from '../../server/queue/ledger.mjs';
import { checkMessage, closeReason, descriptors, MAX_MESSAGE_BYTES } from '../../server/queue/protocol.mjs';
import { fromLoopback, joinLink, refuseUpgrade } from '../../server/queue/access.mjs';
import { blockFor } from '../../server/queue/consumer.mjs';
import { parseArgs } from '../../scripts/worker.mjs';
import { CELERY_VENV, QUEUE_VENV, pinsOf } from '../../scripts/lib/queue-python.mjs';
import PACKAGE from '../../package.json' with { type: 'json' };
import { redacted } from '../../server/queue/redis-process.mjs';
import { isLoopback } from '../../server/serve.mjs';

/** @param {Partial<import('../../server/queue/ledger.mjs').QueueEvent>} e */
const event = (e) => /** @type {import('../../server/queue/ledger.mjs').QueueEvent} */ ({ entry: '1000-0', worker: 'w', completed: 1010, ...e });

test('every task gets one result and the counts add up', () => {
  const ledger = createLedger(3);
  assert.equal(ledger.apply(event({ kind: 'done', task: 0, status: 'ok', delivery: 1, delivered: 1002, runMs: 5 })), true);
  assert.equal(ledger.apply(event({ kind: 'done', task: 1, status: 'failed', error: 'HTTP 500', delivery: 1 })), true);
  assert.equal(ledger.done(), false);
  // A second result for a task is counted as a duplicate and changes nothing.
  assert.equal(ledger.apply(event({ kind: 'done', task: 0, status: 'failed', delivery: 2 })), false);
  assert.equal(ledger.apply(event({ kind: 'done', task: 7, status: 'ok' })), false, 'out of range');
  ledger.apply(event({ kind: 'done', task: 2, status: 'ok', delivery: 1 }));
  assert.equal(ledger.done(), true);
  const s = ledger.summary();
  assert.equal(s.ok + s.failed + s.cancelled, s.tasks);
  assert.deepEqual([s.ok, s.failed, s.duplicates], [2, 1, 1]);
  assert.equal(ledger.results()[0]?.status, 'ok');
  assert.equal(s.brokerMsPerTask, 1010 - 1002 - 5);
});

test('a reclaimed delivery is a redelivery, a late result is dropped, neither is a result', () => {
  const ledger = createLedger(1);
  ledger.apply(event({ kind: 'reclaimed', task: 0, worker: 'python pid 1 @ a', to: 'test b @ h', delivery: 2 }));
  ledger.apply(event({ kind: 'done', task: 0, worker: 'test b @ h', status: 'ok', delivery: 2 }));
  ledger.apply(event({ kind: 'dropped', task: 0, worker: 'python pid 1 @ a', holder: '' }));
  const s = ledger.summary();
  assert.deepEqual([s.ok, s.redelivered, s.dropped, s.duplicates], [1, 1, 1, 0]);
  assert.deepEqual(
    s.deliveries.map((d) => [d.worker, d.delivery, d.status]),
    // A late result carries no delivery number (0): the delivery it belonged to is the reclaimed one.
    [['python pid 1 @ a', 0, 'dropped'], ['python pid 1 @ a', 1, 'reclaimed'], ['test b @ h', 2, 'ok']],
  );
  const rows = Object.fromEntries(s.workers.map((w) => [w.id, w]));
  assert.equal(rows['python pid 1 @ a'].taken, 1);
  assert.equal(rows['python pid 1 @ a'].kind, 'python');
  assert.equal(rows['test b @ h'].ok, 1);
});

test('a dead letter fails its task with the reason; cancelling settles the rest', () => {
  const ledger = createLedger(4);
  ledger.apply(event({ kind: 'dead', task: 1, status: 'failed', error: 'not completed in 3 deliveries', delivery: 3 }));
  ledger.apply(event({ kind: 'done', task: 0, status: 'ok', delivery: 1 }));
  ledger.cancelRest();
  const s = ledger.summary();
  assert.deepEqual([s.ok, s.failed, s.cancelled, s.deadLetters], [1, 1, 2, 1]);
  assert.equal(s.ok + s.failed + s.cancelled, 4);
  assert.match(ledger.results()[1]?.error ?? '', /3 deliveries/);
  assert.equal(ledger.done(), true);
});

test('results-stream fields parse into events; other entries are ignored', () => {
  const e = parseEvent(['kind', 'done', 'entry', '5-1', 'task', '3', 'worker', 'w', 'delivery', '2', 'status', 'ok', 'value', '9', 'error', '', 'thread', '', 'runMs', '1.5', 'delivered', '7', 'completed', '9']);
  assert.deepEqual([e?.task, e?.delivery, e?.status, e?.error, e?.thread, e?.runMs], [3, 2, 'ok', undefined, undefined, 1.5]);
  assert.equal(parseEvent(['kind', 'other']), null);
  // The scripts' estimate of a delivery's start (now minus idle, in whole ms) may land 1 ms
  // before the enqueue (the entry id's time): held to the enqueue; a heartbeat's kept time is
  // later and passes as it is; an empty one stays absent.
  const at = (/** @type {string} */ delivered) => parseEvent(['kind', 'reclaimed', 'entry', '1000-0', 'task', '0', 'delivered', delivered, 'completed', '1400'])?.delivered;
  assert.deepEqual([at('999'), at('1000'), at('1250'), at('')], [1000, 1000, 1250, undefined]);
  assert.equal(e?.delivered, 7);
  assert.deepEqual(describeWorker('python pid 4711 @ box'), { kind: 'python', host: 'box' });
});

test('the bridge checks every message: shapes, ranges and sizes', () => {
  const ok = (/** @type {object} */ m) => checkMessage(JSON.stringify(m)).ok;
  assert.equal(ok({ type: 'hello', role: 'producer' }), true);
  assert.equal(ok({ type: 'hello', role: 'worker', name: 'tab 2', kind: 'browser', threads: 4 }), true);
  assert.equal(ok({ type: 'hello', role: 'worker', name: 'x<script>', kind: 'browser', threads: 4 }), false);
  assert.equal(ok({ type: 'hello', role: 'worker', name: 'tab', kind: 'browser', threads: 0 }), false);
  assert.equal(ok({ type: 'hello', role: 'admin' }), false);
  assert.equal(ok({ type: 'submit', count: 10, task: { kind: 'cpu', kernel: 'primes', work: 20 } }), true);
  assert.equal(ok({ type: 'submit', count: 10, task: { kind: 'cpu', kernel: 'fibonacci', work: 20 } }), false);
  assert.equal(ok({ type: 'submit', count: 0, task: { kind: 'io', latencyMs: 10, bytes: 0 } }), false);
  assert.equal(ok({ type: 'submit', count: 1e6, task: { kind: 'io', latencyMs: 10, bytes: 0 } }), false);
  assert.equal(ok({ type: 'submit', count: 5, task: { kind: 'io', latencyMs: 10, bytes: 0, url: 'http://x' } }), true, 'extra fields are dropped');
  assert.equal(ok({ type: 'submit', count: 5, task: { kind: 'io', latencyMs: 10, bytes: 0 }, reclaimMs: 5 }), false);
  assert.equal(ok({ type: 'result', run: '0123456789abcdef', id: '17-0', ok: true, value: '42' }), true);
  assert.equal(ok({ type: 'result', run: 'nope', id: '17-0', ok: true }), false);
  assert.equal(ok({ type: 'result', run: '0123456789abcdef', id: '17-0', ok: true, value: 'x'.repeat(2000) }), false);
  assert.equal(ok({ type: 'result', run: '0123456789abcdef', id: '17-0', ok: 'yes' }), false);
  assert.equal(checkMessage('{nope').ok, false);
  assert.equal(checkMessage('[1]').ok, false);
  assert.equal(checkMessage(' '.repeat(MAX_MESSAGE_BYTES + 1)).ok, false);
  const checked = checkMessage(JSON.stringify({ type: 'submit', count: 5, task: { kind: 'io', latencyMs: 10, bytes: 0, url: 'http://x' } }));
  assert.deepEqual(checked.ok && checked.message.type === 'submit' && checked.message.task, { kind: 'io', latencyMs: 10, bytes: 0 });
  assert.deepEqual(descriptors({ kind: 'cpu', kernel: 'primes', work: 2 }, 2)[1], { kind: 'cpu', kernel: 'primes', work: 2, task: 1, tasks: 2 });
  assert.ok(Buffer.byteLength(closeReason('é'.repeat(200))) <= 123);
});

test('the bridge admits its own pages, and on a network-facing server only with the token', () => {
  const req = (/** @type {Record<string, string>} */ headers, url = '/queue', remoteAddress = '127.0.0.1') =>
    /** @type {any} */ ({ url, headers: { host: '127.0.0.1:8787', ...headers }, socket: { remoteAddress } });
  const loop = { loopbackServer: true, token: null, isLoopback };
  assert.equal(refuseUpgrade(req({}), loop), null, 'no Origin: not a browser');
  assert.equal(refuseUpgrade(req({ origin: 'http://127.0.0.1:8787' }), loop), null);
  assert.match(refuseUpgrade(req({ origin: 'http://evil.example' }), loop) ?? '', /not this server/);
  // DNS rebinding: the page's name and Host agree, but neither is a loopback name.
  assert.match(refuseUpgrade(req({ host: 'evil.example:8787', origin: 'http://evil.example:8787' }), loop) ?? '', /loopback/);
  const open = { loopbackServer: false, token: 'abc123', isLoopback };
  const lan = (/** @type {string} */ url, remoteAddress = '10.0.0.9') =>
    req({ host: '10.0.0.5:8787', origin: 'http://10.0.0.5:8787' }, url, remoteAddress);
  assert.match(refuseUpgrade(lan('/queue'), open) ?? '', /token/);
  assert.match(refuseUpgrade(lan('/queue?token=abc124'), open) ?? '', /token/);
  assert.equal(refuseUpgrade(lan('/queue?token=abc123'), open), null);
  // This machine's page at a loopback name needs no token (it starts the runs); the same
  // machine through the network name is held to it, as another machine is.
  assert.equal(refuseUpgrade(req({ origin: 'http://127.0.0.1:8787' }), open), null);
  assert.equal(refuseUpgrade(req({}, '/queue', '::ffff:127.0.0.1'), open), null, 'no Origin, from this machine');
  assert.match(refuseUpgrade(lan('/queue', '127.0.0.1'), open) ?? '', /token/);
  assert.match(refuseUpgrade(req({}, '/queue', '10.0.0.9'), open) ?? '', /token/, 'another machine naming 127.0.0.1');
  assert.equal(joinLink({ host: '10.0.0.5', port: 8787, token: 'abc123' }), 'http://10.0.0.5:8787/?join=abc123');
  const from = (/** @type {string} */ remoteAddress, host = '127.0.0.1:8787') => /** @type {any} */ ({ socket: { remoteAddress }, headers: { host } });
  assert.equal(fromLoopback(from('::ffff:127.0.0.1'), isLoopback), true);
  assert.equal(fromLoopback(from('::1', '[::1]:8787'), isLoopback), true);
  assert.equal(fromLoopback(from('10.0.0.9'), isLoopback), false);
  assert.equal(fromLoopback(from('127.0.0.1', 'evil.example:8787'), isLoopback), false, 'DNS rebinding');
});

test('the reaper looks at least every reclaimMs / 10, within bounds', () => {
  const meta = (/** @type {number} */ reclaimMs) => ({ reclaimMs, maxDeliveries: 3, tasks: 1, api: '' });
  assert.equal(blockFor([meta(400), meta(5000)]), 40);
  assert.equal(blockFor([meta(100)]), 20);
  assert.equal(blockFor([meta(600000)]), 1000);
});

test('npm run worker reads --processes and --url', () => {
  assert.deepEqual(parseArgs(['--processes', '3']), { processes: 3, url: null });
  assert.deepEqual(parseArgs(['--processes=2', '--url', 'http://10.0.0.5:8787']), { processes: 2, url: 'http://10.0.0.5:8787' });
  assert.ok('error' in parseArgs(['--processes', '0']));
  assert.ok('error' in parseArgs(['--url', 'file:///etc/passwd']));
  assert.ok('error' in parseArgs(['--threads', '2']));
});

test('the queue’s packages are pinned exactly, npm and PyPI alike', () => {
  assert.equal(PACKAGE.dependencies.ioredis, '6.1.0');
  assert.equal(PACKAGE.dependencies.ws, '8.23.1');
  assert.deepEqual(pinsOf(QUEUE_VENV.requirements), { redis: '8.2.0' });
  assert.deepEqual(pinsOf(CELERY_VENV.requirements), { celery: '5.7.0', packaging: '26.4', redis: '8.2.0' });
});

test('a REDIS_URL is printed without its password', () => {
  assert.equal(redacted('redis://user:s3cret@10.0.0.5:6379/0'), 'redis://user:***@10.0.0.5:6379/0');
  assert.equal(redacted('unix:///tmp/x/r.sock'), 'unix:///tmp/x/r.sock');
});
