// What the task queue's tests share: a real private Redis (never an imitation: without
// redis-server the tests fail with the reason), the playground's server with its queue, and
// WebSocket clients that record what they are sent.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { WebSocket } from 'ws';
import { isLoopback, startServer } from '../../server/serve.mjs';
import { startQueue } from '../../server/queue/service.mjs';
import { missingRedisReason } from '../../server/queue/redis-process.mjs';

/**
 * The Rust kernels' `Kernel::run`, from the built single-threaded wasm module (its runKernel
 * export): what any worker's value for a CPU task must equal.
 * @returns {Promise<(kernel: string, task: number, tasks: number, work: number) => number>}
 */
export async function rustKernel() {
  const pkg = new URL('../../www/pkg-single/', import.meta.url);
  const mod = await import(new URL('parallel_playground.js', pkg).href);
  mod.initSync({ module: readFileSync(new URL('parallel_playground_bg.wasm', pkg)) });
  return mod.runKernel;
}

/** Fails the calling test file at once, with the one-line reason, when there is no redis-server. */
export function requireRedis() {
  const reason = missingRedisReason();
  if (reason) throw new Error(reason);
}

/**
 * The server on loopback with its queue; `host` is the HOST the queue's policy is decided by
 * (a non-loopback one tests the token without exposing anything: the socket stays on loopback).
 * @param {{ host?: string }} [options]
 */
export async function startPlayground({ host = '127.0.0.1' } = {}) {
  requireRedis();
  const server = await startServer({ port: 0, mirrors: 0 });
  const queue = await startQueue(server, { host, isLoopback, env: {} });
  if (!queue.available) throw new Error(queue.reason);
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    server,
    queue,
    port,
    base: `http://127.0.0.1:${port}`,
    async close() {
      await queue.close();
      server.closeAllConnections();
      server.close();
    },
  };
}

/**
 * A WebSocket client that keeps every message it is sent.
 * @param {string} url
 * @param {{ origin?: string, host?: string }} [options] `host` replaces the Host header
 */
export function client(url, { origin, host } = {}) {
  const ws = new WebSocket(url, { ...(origin ? { origin } : {}), ...(host ? { headers: { host } } : {}) });
  /** @type {any[]} */
  const received = [];
  /** @type {((m: any) => void)[]} */
  let listeners = [];
  ws.on('message', (data) => {
    const m = JSON.parse(String(data));
    received.push(m);
    for (const l of listeners) l(m);
  });
  ws.on('error', () => {});
  const closed = new Promise((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: String(reason) }));
  });
  /** Resolves with the HTTP status when the upgrade is refused. */
  const refused = new Promise((resolve) => {
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode));
  });
  return {
    ws,
    received,
    /** @type {Promise<{ code: number, reason: string }>} */
    closed: /** @type {any} */ (closed),
    /** @type {Promise<number>} */
    refused: /** @type {any} */ (refused),
    opened: () => once(ws, 'open'),
    /** @param {object} m */
    send: (m) => ws.send(JSON.stringify(m)),
    /** @param {(m: any) => void} l */
    onMessage: (l) => listeners.push(l),
    /**
     * The next message (already received or coming) that `match` accepts.
     * @param {(m: any) => boolean} match
     * @param {number} [timeoutMs]
     */
    next(match, timeoutMs = 20000) {
      const seen = received.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no such message in time')), timeoutMs);
        timer.unref(); // a wait nobody awaits any more must not hold the test file open
        const l = (/** @type {any} */ m) => {
          if (!match(m)) return;
          clearTimeout(timer);
          listeners = listeners.filter((x) => x !== l);
          resolve(m);
        };
        listeners.push(l);
      });
    },
  };
}

/**
 * A producer that submits one run and resolves with its summary.
 * @param {string} base
 * @param {object} submit the submit message's fields
 */
export async function produce(base, submit) {
  const p = client(`${base.replace('http', 'ws')}/queue`);
  await p.opened();
  p.send({ type: 'hello', role: 'producer' });
  await p.next((m) => m.type === 'welcome');
  p.send({ type: 'submit', ...submit });
  const run = await p.next((m) => m.type === 'run');
  const summary = p.next((m) => m.type === 'summary', 60000).then((m) => m.summary);
  summary.catch(() => {}); // a test that ends the run another way never awaits it
  return { producer: p, run: run.run, summary };
}

/**
 * A bridge worker; by default it answers each task after `delayMs` (an I/O task by really
 * asking the mock API, a CPU task with a placeholder value: these tests count deliveries).
 * @param {string} base
 * @param {{ name: string, threads?: number, delayMs?: number, answer?: boolean }} options
 */
export async function bridgeWorker(base, { name, threads = 1, delayMs = 0, answer = true }) {
  const w = client(`${base.replace('http', 'ws')}/queue`);
  await w.opened();
  w.send({ type: 'hello', role: 'worker', name, kind: 'test', host: 'here', threads });
  const welcome = await w.next((m) => m.type === 'welcome');
  if (answer) {
    w.onMessage(async (m) => {
      if (m.type !== 'task') return;
      const started = Date.now();
      let value = 'x';
      if (m.descriptor.kind === 'io') {
        const res = await fetch(`${base}/api/delay?ms=${m.descriptor.latencyMs}&bytes=${m.descriptor.bytes}`);
        value = String((await res.arrayBuffer()).byteLength);
      }
      await new Promise((r) => setTimeout(r, delayMs));
      if (w.ws.readyState !== w.ws.OPEN) return;
      w.send({ type: 'result', run: m.run, id: m.id, ok: true, value, runMs: Date.now() - started });
    });
  }
  return { ...w, id: /** @type {string} */ (welcome.worker) };
}
