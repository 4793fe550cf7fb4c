// The WebSocket bridge at /queue: how browsers (which cannot speak to Redis) take part. A
// producer submits a run and follows it; a worker joins and is handed tasks while it has free
// threads. The bridge completes a delivery only for the connection it was handed to, so a
// client can acknowledge nothing else; anything malformed or forged closes that client's
// connection with the reason, and the tasks it held come back through the reaper.
import crypto from 'node:crypto';
import { WebSocketServer } from 'ws';
import { brokerClient, cancelRun, complete, createRun, followRun, touch } from './broker.mjs';
import { startConsumer } from './consumer.mjs';
import { CLOSE, MAX_MESSAGE_BYTES, checkMessage, closeReason, descriptors } from './protocol.mjs';

/**
 * @typedef {import('./protocol.mjs').ClientMessage} ClientMessage
 * @typedef {import('ws').WebSocket} Socket
 * @typedef {{ location: import('./redis-process.mjs').RedisLocation | null, reason: string, api: string }} BridgeContext
 * @typedef {{ worker: string, cancel: (run: string) => void, wake: () => void }} JoinedWorker
 */

/**
 * Sends one message as JSON (dropped if the connection is already closing).
 * @param {Socket} ws
 * @param {object} message
 */
export function send(ws, message) {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

/**
 * Closes a connection with an application close code and reason.
 * @param {Socket} ws
 * @param {number} code
 * @param {string} reason
 */
function shut(ws, code, reason) {
  ws.close(code, closeReason(reason));
}

let joined = 0;
/** Tells this server's workers from another's on a shared REDIS_URL (each counts from 1). */
const SERVER_TAG = crypto.randomBytes(2).toString('hex');

/**
 * A worker's id: `<kind> <name> #<n>.<server> @ <host>` (the ledger reads kind and host back
 * from it; `#n.server` keeps two tabs with the same name apart, also across servers).
 * @param {{ kind: string, name: string, host: string }} hello
 * @param {string} remote the client's address, when it gave no host
 */
export function workerId(hello, remote) {
  joined += 1;
  return `${hello.kind} ${hello.name} #${joined}.${SERVER_TAG} @ ${hello.host || remote}`;
}

/**
 * The bridge: a `ws` server without its own port (the playground's server hands it upgrades).
 * @param {BridgeContext} context
 */
export function createBridge(context) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  /** @type {Set<JoinedWorker>} */
  const workers = new Set();
  wss.on('connection', (ws, req) => {
    // `ws` reports an oversize or invalid frame as an error and then closes (1009, 1002): the
    // close is the answer, so the error needs no handling beyond not being thrown.
    ws.on('error', () => {});
    ws.once('message', (data, isBinary) => {
      const first = checkMessage(isBinary ? '' : String(data));
      if (!first.ok) return shut(ws, CLOSE.malformed, first.reason);
      if (first.message.type !== 'hello') return shut(ws, CLOSE.malformed, 'the first message must be hello');
      if (!context.location) {
        send(ws, { type: 'refused', reason: context.reason });
        return shut(ws, CLOSE.unavailable, context.reason);
      }
      const location = context.location;
      if (first.message.role === 'producer') return serveProducer(ws, location, context.api);
      const worker = serveWorker(ws, location, first.message, req.socket.remoteAddress ?? '');
      workers.add(worker);
      ws.once('close', () => workers.delete(worker));
    });
  });
  return {
    wss,
    /** A run was announced or cancelled (from the control channel). @param {string} kind @param {string} run */
    notify(kind, run) {
      for (const w of workers) kind === 'cancel' ? w.cancel(run) : w.wake();
    },
    workerCount: () => workers.size,
  };
}

/**
 * Follows the messages of one connection, closing it on anything that fails the check.
 * @param {Socket} ws
 * @param {(m: ClientMessage) => void} handle
 */
function onMessages(ws, handle) {
  ws.on('message', (data, isBinary) => {
    const checked = checkMessage(isBinary ? '' : String(data));
    if (!checked.ok) return shut(ws, CLOSE.malformed, checked.reason);
    handle(checked.message);
  });
}

/**
 * A producer: one run at a time; Cancel or leaving cancels it.
 * @param {Socket} ws
 * @param {import('./redis-process.mjs').RedisLocation} location
 * @param {string} api the mock API's base URL workers use for I/O tasks
 */
function serveProducer(ws, location, api) {
  const client = brokerClient(location);
  /** @type {{ run: string | null, cancelled: boolean, finished: Promise<void> } | null} */
  let current = null;
  send(ws, { type: 'welcome', role: 'producer' });
  onMessages(ws, (m) => {
    if (m.type === 'cancel') {
      if (current && current.run === m.run && !current.cancelled) {
        current.cancelled = true;
        cancelRun(client, m.run).catch(() => {});
      }
      return;
    }
    if (m.type !== 'submit') return shut(ws, CLOSE.malformed, `a producer does not send ${m.type}`);
    if (current) return send(ws, { type: 'error', message: 'a run is in progress on this connection' });
    const state = { run: /** @type {string | null} */ (null), cancelled: false, finished: Promise.resolve() };
    current = state;
    state.finished = produce(ws, location, client, m, api, state)
      .catch((err) => send(ws, { type: 'error', message: `the run failed: ${err.message}` }))
      .finally(() => {
        current = null;
      });
  });
  ws.once('close', () => {
    // Leaving cancels the run; produce() sees the flag (also when the run is still being
    // enqueued) and removes it, and the connection to Redis goes once it has.
    const state = current;
    if (state && !state.cancelled) {
      state.cancelled = true;
      if (state.run) cancelRun(client, state.run).catch(() => {});
    }
    (state?.finished ?? Promise.resolve()).finally(() => client.disconnect());
  });
}

/**
 * Runs one submitted run: enqueue, forward its events, send its summary.
 * @param {Socket} ws
 * @param {import('./redis-process.mjs').RedisLocation} location
 * @param {import('ioredis').Redis} client
 * @param {import('./protocol.mjs').Submit} m
 * @param {string} api
 * @param {{ run: string | null, cancelled: boolean }} state (`cancelled` may turn true at any time)
 */
async function produce(ws, location, client, m, api, state) {
  const { reclaimMs, maxDeliveries } = m;
  const run = await createRun(client, descriptors(m.task, m.count), { reclaimMs, maxDeliveries, api });
  state.run = run;
  if (state.cancelled) await cancelRun(client, run);
  // Redis's clock, which every time in the events is on: a page maps them onto its own with it.
  const [sec, usec] = await client.time();
  const serverTime = Number(sec) * 1000 + Math.floor(Number(usec) / 1000);
  send(ws, { type: 'run', run, tasks: m.count, reclaimMs, maxDeliveries, serverTime });
  const reader = brokerClient(location);
  try {
    const summary = await followRun(reader, run, m.count, {
      onEvent: (event) => send(ws, { type: 'event', run, event }),
      stopped: () => state.cancelled,
    });
    send(ws, { type: 'summary', run, summary });
  } finally {
    reader.disconnect();
  }
}

/** How often the bridge looks whether a connected worker's entries need a heartbeat (a look
 * costs nothing unless one is due; due is every reclaimMs / 4, at least 100 / 4 ms). */
const HEARTBEAT_MS = 25;
/** @type {WeakMap<Map<string, unknown>, Map<string, number>>} */
const lastBeat = new WeakMap();

/**
 * Touches, for a connected worker, the entries it holds of each run whose last touch is a
 * quarter of that run's reclaimMs ago: an open connection is a live worker, so a long task is
 * not reclaimed from it; a closed one stops the heartbeat and the reaper takes over.
 * @param {import('ioredis').Redis} client
 * @param {string} worker
 * @param {Map<string, { run: string, id: string, reclaimMs: number }>} held
 */
function beat(client, worker, held) {
  const last = lastBeat.get(held) ?? new Map();
  lastBeat.set(held, last);
  /** @type {Map<string, { ids: string[], reclaimMs: number }>} */
  const byRun = new Map();
  for (const h of held.values()) {
    const entry = byRun.get(h.run) ?? { ids: [], reclaimMs: h.reclaimMs };
    entry.ids.push(h.id);
    byRun.set(h.run, entry);
  }
  const now = Date.now();
  for (const [run, { ids, reclaimMs }] of byRun) {
    if (now - (last.get(run) ?? 0) < reclaimMs / 4) continue;
    last.set(run, now);
    touch(client, run, worker, ids).catch(() => {});
  }
}

/** A worker's connection that misses a pong for this long is closed (its tasks then reclaimed). */
const PING_MS = 5000;

/**
 * Pings a worker's connection: a browser answers pings by itself, even while its page is
 * busy, so a missing pong means the connection (or the machine) is gone, which TCP alone might
 * not notice for minutes while the heartbeat went on holding its tasks.
 * @param {Socket} ws
 */
function keepAlive(ws) {
  let answered = true;
  ws.on('pong', () => {
    answered = true;
  });
  return setInterval(() => {
    if (!answered) return ws.terminate();
    answered = false;
    ws.ping();
  }, PING_MS);
}

/**
 * A worker: handed tasks while it has free threads; it may complete only what it holds.
 * @param {Socket} ws
 * @param {import('./redis-process.mjs').RedisLocation} location
 * @param {Extract<ClientMessage, { role: 'worker' }>} hello
 * @param {string} remote
 * @returns {JoinedWorker}
 */
function serveWorker(ws, location, hello, remote) {
  const worker = workerId(hello, remote);
  const client = brokerClient(location);
  /** Entries handed to this connection and not yet completed, by `${run} ${id}`. */
  /** @type {Map<string, { run: string, id: string, reclaimMs: number }>} */
  const held = new Map();
  /** Runs cancelled while this worker held tasks of theirs: results for them are ignored. */
  const cancelled = new Set();
  const consumer = startConsumer(location, worker, {
    slots: () => (ws.readyState === ws.OPEN ? hello.threads - held.size : 0),
    onTask: (t) => {
      held.set(`${t.run} ${t.id}`, { run: t.run, id: t.id, reclaimMs: t.reclaimMs });
      send(ws, { type: 'task', run: t.run, id: t.id, task: t.task, delivery: t.delivery, descriptor: t.descriptor });
    },
  });
  send(ws, { type: 'welcome', role: 'worker', worker });
  onMessages(ws, (m) => {
    if (m.type !== 'result') return shut(ws, CLOSE.malformed, `a worker does not send ${m.type}`);
    const key = `${m.run} ${m.id}`;
    if (!held.delete(key)) {
      if (cancelled.has(m.run)) return;
      return shut(ws, CLOSE.forged, `entry ${m.id} of run ${m.run} was not handed to you`);
    }
    consumer.wake();
    const result = { ok: m.ok, value: m.value, error: m.error, thread: m.thread, runMs: m.runMs };
    complete(client, m.run, m.id, worker, result)
      .then((outcome) => {
        if (outcome === 'dropped') send(ws, { type: 'dropped', run: m.run, id: m.id });
      })
      .catch(() => {});
  });
  const heartbeat = setInterval(() => beat(client, worker, held), HEARTBEAT_MS);
  const pinger = keepAlive(ws);
  ws.once('close', () => {
    clearInterval(heartbeat);
    clearInterval(pinger);
    consumer.stop().finally(() => client.disconnect());
  });
  return {
    worker,
    wake: () => consumer.wake(),
    cancel(run) {
      let had = false;
      for (const key of [...held.keys()]) if (key.startsWith(`${run} `) && held.delete(key)) had = true;
      if (!had) return;
      if (cancelled.size > 100) cancelled.clear();
      cancelled.add(run);
      send(ws, { type: 'cancel', run });
      consumer.wake();
    },
  };
}
