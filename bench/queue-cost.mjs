// The broker's cost per tiny task: N `squares` tasks (almost no work, so what is timed is the
// queue) through the playground's broker with Python queue workers, and through Celery 5.7 on
// the same private Redis with as many worker processes. Not part of `npm run bench` yet.
//
//   node bench/queue-cost.mjs [--tasks 10000] [--processes 1]
//
// Both sides: enqueue everything, then wait for every result; timed from the first enqueue to
// the last result, after a warm-up run of 200 tasks. Prints a table and one JSON line.
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { ROOT } from '../scripts/lib/run.mjs';
import { CELERY_VENV, QUEUE_PYTHON, QUEUE_WORKER, ensureQueueVenv } from '../scripts/lib/queue-python.mjs';
import { startPrivateRedis } from '../server/queue/redis-process.mjs';
import { brokerClient, createRun, followRun } from '../server/queue/broker.mjs';

const PEERS = path.join(ROOT, 'bench', 'peers', 'python');
const say = (/** @type {string} */ text) => console.log(`queue-cost: ${text}`);

/**
 * @param {string[]} argv
 * @param {string} name
 * @param {number} fallback
 */
function option(argv, name, fallback) {
  const i = argv.indexOf(name);
  const value = i < 0 ? fallback : Number(argv[i + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} takes a whole number, got ${argv[i + 1]}`);
  return value;
}

/**
 * Starts a process and resolves once a line of its output matches `ready`.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, ready: RegExp }} options
 */
async function startUntil(cmd, args, { env = process.env, ready }) {
  const child = spawn(cmd, args, { cwd: PEERS, env, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${path.basename(cmd)} ${args[0]} exited (${code}) before it was ready`)));
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) readline.createInterface({ input: stream }).on('line', (line) => ready.test(line) && resolve(undefined));
    }
  });
  return child;
}

/**
 * @param {import('node:child_process').ChildProcess} child
 * @returns {Promise<void>}
 */
function stop(child) {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10000).unref();
  });
}

/**
 * One run through the playground's broker; ms per task and the ledger's broker cost.
 * @param {import('../server/queue/redis-process.mjs').RedisLocation} location
 * @param {number} tasks
 */
async function ourRun(location, tasks) {
  const client = brokerClient(location);
  const reader = brokerClient(location);
  const descriptors = Array.from({ length: tasks }, (_, task) => ({ kind: 'cpu', kernel: 'squares', work: 1, task, tasks }));
  const started = performance.now();
  const run = await createRun(client, descriptors, { reclaimMs: 5000 });
  const enqueued = performance.now();
  const s = await followRun(reader, run, tasks);
  const total = performance.now() - started;
  client.disconnect();
  reader.disconnect();
  if (s.ok !== tasks || s.duplicates) throw new Error(`our broker: ${s.ok} ok of ${tasks}, ${s.duplicates} duplicates`);
  return { enqueueMs: enqueued - started, totalMs: total, msPerTask: total / tasks, brokerMsPerTask: s.brokerMsPerTask };
}

/**
 * Our broker with `processes` Python queue workers.
 * @param {import('../server/queue/redis-process.mjs').RedisLocation} location
 * @param {number} tasks
 * @param {number} processes
 */
async function ours(location, tasks, processes) {
  const workers = await Promise.all(
    Array.from({ length: processes }, () => startUntil(QUEUE_PYTHON, [QUEUE_WORKER, '--redis', location.url], { ready: /"ready"/ })),
  );
  try {
    await ourRun(location, 200);
    return await ourRun(location, tasks);
  } finally {
    await Promise.all(workers.map(stop));
  }
}

/**
 * Celery: a prefork worker with `processes` children, and celery_app.py's producer.
 * @param {import('../server/queue/redis-process.mjs').RedisLocation} location
 * @param {number} tasks
 * @param {number} processes
 */
async function celery(location, tasks, processes) {
  const env = { ...process.env, CELERY_REDIS: `redis+socket://${location.socket}` };
  const bin = path.join(CELERY_VENV.dir, 'bin', 'celery');
  const args = ['-A', 'celery_app', 'worker', '-c', String(processes), '-P', 'prefork', '-l', 'info', '--without-gossip', '--without-mingle', '--without-heartbeat'];
  const worker = await startUntil(bin, args, { env, ready: /ready\.$/ });
  const produce = async (/** @type {number} */ n) => {
    let out = '';
    const child = spawn(CELERY_VENV.python, ['celery_app.py', '--tasks', String(n)], { cwd: PEERS, env, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout?.on('data', (d) => (out += d));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    if (code !== 0) throw new Error(`celery_app.py exited ${code}`);
    return JSON.parse(out.trim().split('\n').pop() ?? '{}');
  };
  try {
    await produce(200);
    const r = await produce(tasks);
    return { enqueueMs: r.enqueue_ms, totalMs: r.total_ms, msPerTask: r.ms_per_task, brokerMsPerTask: null };
  } finally {
    await stop(worker);
  }
}

async function main() {
  const argv = process.argv.slice(2);
  const tasks = option(argv, '--tasks', 10000);
  const processes = option(argv, '--processes', 1);
  for (const v of [undefined, CELERY_VENV]) {
    const problem = await ensureQueueVenv(say, v);
    if (problem) throw new Error(problem);
  }
  const redis = await startPrivateRedis();
  try {
    say(`${tasks} squares tasks, ${processes} Python worker process(es) each, Redis ${redis.location.url}`);
    const rows = { ours: await ours(redis.location, tasks, processes), celery: await celery(redis.location, tasks, processes) };
    for (const [name, r] of Object.entries(rows)) {
      const broker = r.brokerMsPerTask === null ? '' : `, ${r.brokerMsPerTask.toFixed(3)} ms outside the task per delivery`;
      say(`${name.padEnd(6)} ${r.msPerTask.toFixed(3)} ms per task (${(r.totalMs / 1000).toFixed(2)} s; enqueue ${(r.enqueueMs / 1000).toFixed(2)} s${broker})`);
    }
    console.log(JSON.stringify({ tasks, processes, ...rows }));
  } finally {
    await redis.stop();
  }
}

main().catch((err) => {
  console.error(`queue-cost: ${err.message}`);
  process.exit(1);
});
