// The task queue's contenders (section `queue`): Python queue workers and a Celery 5.7 worker as
// child processes that are always stopped (a fleet), one run through our broker, one run of
// celery_app.py's producer, and the pure arithmetic of the section's rows.
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { ROOT } from '../../scripts/lib/run.mjs';
import { CELERY_VENV, QUEUE_PYTHON, QUEUE_WORKER } from '../../scripts/lib/queue-python.mjs';
import { brokerClient, createRun, followRun } from '../../server/queue/broker.mjs';

const PEERS = path.join(ROOT, 'bench', 'peers', 'python');

/** @typedef {import('../../server/queue/redis-process.mjs').RedisLocation} RedisLocation */
/** @typedef {import('node:child_process').ChildProcess} Child */

/**
 * Throughput of N workers over N times one worker's: Pando's "scale-out efficiency".
 * @param {{ tasks: number, ms: number }} many  a run with `n` workers
 * @param {{ tasks: number, ms: number }} one   a run with one worker
 * @param {number} n
 */
export function scaleEfficiency(many, one, n) {
  if (!(many.ms > 0 && one.ms > 0 && n >= 1)) throw new Error('scaleEfficiency: times and n must be positive');
  return many.tasks / many.ms / ((n * one.tasks) / one.ms);
}

/** The dead-worker row's bound: reclaimMs plus one task, plus 10%. */
export const reclaimLimitMs = (/** @type {number} */ reclaimMs, /** @type {number} */ taskMs) => 1.1 * (reclaimMs + taskMs);

/**
 * How the time from a kill to the task's completion splits: waiting for the reclaim, then the
 * task on its new worker (both on Redis's clock, which is this machine's).
 * @param {{ killedAt: number, doneAt: number, deliveries: { status: string, ended: number, delivered: number | null }[] }} round
 */
export function reclaimSplit({ killedAt, doneAt, deliveries }) {
  const reclaimed = deliveries.find((d) => d.status === 'reclaimed');
  const redone = deliveries.find((d) => d.status === 'ok' && d.delivered !== null);
  return {
    totalMs: doneAt - killedAt,
    untilReclaimMs: reclaimed ? reclaimed.ended - killedAt : null,
    redoneMs: redone && redone.delivered !== null ? doneAt - redone.delivered : null,
  };
}

/**
 * Child processes that are all stopped at the end, however the section ends: `stopAll` asks
 * (SIGTERM) and kills (SIGKILL) what has not gone 5 s later; an exit of this process kills the rest.
 */
export class Fleet {
  constructor() {
    /** @type {Set<Child>} */
    this.children = new Set();
    this.onExit = () => {
      for (const c of this.children) c.kill('SIGKILL');
    };
    process.on('exit', this.onExit);
  }

  /**
   * Starts a process in bench/peers/python and resolves once a line of its output matches `ready`.
   * @param {string} cmd
   * @param {string[]} args
   * @param {{ env?: NodeJS.ProcessEnv, ready: RegExp, timeoutMs?: number }} options
   * @returns {Promise<Child>}
   */
  async start(cmd, args, { env = process.env, ready, timeoutMs = 120000 }) {
    const child = spawn(cmd, args, { cwd: PEERS, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    /** @type {string[]} */
    const tail = [];
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${path.basename(cmd)} not ready after ${timeoutMs} ms: ${tail.join(' | ')}`)), timeoutMs);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${path.basename(cmd)} exited (${signal ?? code}) before it was ready: ${tail.join(' | ')}`));
      });
      for (const stream of [child.stdout, child.stderr]) {
        if (!stream) continue;
        readline.createInterface({ input: stream }).on('line', (line) => {
          tail.push(line);
          if (tail.length > 5) tail.shift();
          if (ready.test(line)) {
            clearTimeout(timer);
            resolve(undefined);
          }
        });
      }
    });
    return child;
  }

  /**
   * A Python queue worker on `location`, named `name` (its consumer name in Redis).
   * @param {RedisLocation} location
   * @param {string} name
   */
  pythonWorker(location, name) {
    return this.start(QUEUE_PYTHON, [QUEUE_WORKER, '--redis', location.url, '--name', name], { ready: /"ready"/ });
  }

  /** SIGKILL one child and wait until it is gone. @param {Child} child */
  async kill(child) {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  }

  /** Stops every child: SIGTERM, then SIGKILL after 5 s. */
  async stopAll() {
    const alive = [...this.children].filter((c) => c.exitCode === null && c.signalCode === null);
    await Promise.all(
      alive.map(
        (child) =>
          new Promise((resolve) => {
            const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve(undefined);
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    this.children.clear();
  }

  /** Stops everything and forgets the exit hook. */
  async close() {
    await this.stopAll();
    process.off('exit', this.onExit);
  }
}

/**
 * One run through our broker: enqueue every descriptor, then follow the results to the last.
 * Timed from the first enqueue to the last result.
 * @param {RedisLocation} location
 * @param {unknown[]} descriptors
 * @param {{ reclaimMs?: number, api?: string, onRun?: (run: string) => void }} [options]
 */
export async function brokerRun(location, descriptors, { reclaimMs = 5000, api = '', onRun } = {}) {
  const client = brokerClient(location);
  const reader = brokerClient(location);
  try {
    const started = performance.now();
    const run = await createRun(client, descriptors, { reclaimMs, api });
    const enqueueMs = performance.now() - started;
    onRun?.(run);
    const s = await followRun(reader, run, descriptors.length);
    const ms = performance.now() - started;
    if (s.ok !== descriptors.length || s.duplicates) {
      const failed = s.results.find((r) => r?.status === 'failed');
      throw new Error(`our broker: ${s.ok} ok of ${descriptors.length}, ${s.duplicates} duplicates${failed ? `; ${failed.error}` : ''}`);
    }
    const checksum = s.results.reduce((sum, r) => sum + Number(r?.value ?? 0), 0);
    return { ms, enqueueMs, checksum, summary: s };
  } finally {
    client.disconnect();
    reader.disconnect();
  }
}

/** `squares` descriptors, as the page's queue would send them. @param {number} tasks */
export const squares = (tasks) => Array.from({ length: tasks }, (_, task) => ({ kind: 'cpu', kernel: 'squares', work: 1, task, tasks }));

/**
 * I/O descriptors: a GET to the mock API with `latencyMs`. @param {number} tasks @param {number} latencyMs
 */
export const requests = (tasks, latencyMs) => Array.from({ length: tasks }, (_, task) => ({ kind: 'io', latencyMs, bytes: 256, task, tasks }));

/** celery_app.py's environment: its broker and backend on the same private Redis. @param {RedisLocation} location */
export const celeryEnv = (location) => ({ ...process.env, CELERY_REDIS: `redis+socket://${location.socket}` });

/**
 * A Celery prefork worker with `processes` children (acks_late, prefetch 1: celery_app.py).
 * @param {Fleet} fleet
 * @param {RedisLocation} location
 * @param {number} processes
 */
export function celeryWorker(fleet, location, processes) {
  const bin = path.join(CELERY_VENV.dir, 'bin', 'celery');
  const args = ['-A', 'celery_app', 'worker', '-c', String(processes), '-P', 'prefork', '-l', 'info', '--without-gossip', '--without-mingle', '--without-heartbeat'];
  return fleet.start(bin, args, { env: celeryEnv(location), ready: /ready\.$/ });
}

/**
 * One run of celery_app.py's producer: `.delay()` per task, then `.get()` per result.
 * @param {RedisLocation} location
 * @param {number} tasks
 * @returns {Promise<{ ms: number, enqueueMs: number, checksum: number }>}
 */
export async function celeryRun(location, tasks) {
  const child = spawn(CELERY_VENV.python, ['celery_app.py', '--tasks', String(tasks)], { cwd: PEERS, env: celeryEnv(location), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? signal)));
  const line = out.trim().split('\n').pop() ?? '';
  if (code !== 0 || !line.startsWith('{')) throw new Error(`celery_app.py exited ${code}: ${out.trim().slice(-300)}`);
  const r = JSON.parse(line);
  return { ms: r.total_ms, enqueueMs: r.enqueue_ms, checksum: r.checksum };
}
