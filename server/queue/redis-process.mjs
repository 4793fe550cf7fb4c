// The task queue's Redis: a private redis-server started by the project, or an existing one named
// by REDIS_URL. The private one listens only on a Unix socket in a fresh temp folder (mode 700,
// no TCP port), keeps nothing on disk, and is stopped with `shutdown nosave` when its owner stops,
// so no other user or machine can reach it and nothing outlives the server.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';

/** Debian's package; setup installs it. */
export const REDIS_BINARY = process.env.REDIS_SERVER ?? 'redis-server';

/**
 * Where a Redis is: a Unix socket path or a redis:// URL.
 * @typedef {{ url: string, socket: string | null }} RedisLocation
 */

/**
 * A running Redis the project may use, and how to stop it (a no-op for REDIS_URL's).
 * @typedef {{ location: RedisLocation, stop: () => Promise<void>, pid: number | null }} RedisHandle
 */

/** The one line saying why there is no Redis binary and how to get one, or null if there is. */
export function missingRedisReason() {
  const found = spawnSync(REDIS_BINARY, ['--version'], { encoding: 'utf8' });
  if (found.status === 0) return null;
  return `redis-server not found: the task queue needs it (npm run setup installs Debian's redis-server, or apt-get install redis-server; or set REDIS_URL=redis://host:port)`;
}

/**
 * The URL a client (ioredis, redis-py) connects to for a socket path.
 * @param {string} socket
 */
export function socketUrl(socket) {
  return `unix://${socket}`;
}

/**
 * An ioredis client for a location (its own connection: a blocking read needs one of its own).
 * @param {RedisLocation} location
 * @param {import('ioredis').RedisOptions} [options]
 */
export function connect(location, options = {}) {
  const common = { maxRetriesPerRequest: 2, ...options };
  const client = location.socket ? new Redis({ path: location.socket, ...common }) : new Redis(location.url, common);
  // A lost connection shows as the next command's rejection, which every caller handles; the
  // client's own "error" events would otherwise be printed as unhandled.
  client.on('error', () => {});
  return client;
}

/**
 * Waits until the Redis at `location` answers PING, or throws after `timeoutMs`.
 * @param {RedisLocation} location
 * @param {number} timeoutMs
 * @param {() => string | null} [died] says why the process is gone, if it is
 */
async function waitForPing(location, timeoutMs, died = () => null) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const gone = died();
    if (gone) throw new Error(gone);
    if (!location.socket || fs.existsSync(location.socket)) {
      const client = connect(location, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      try {
        await client.connect();
        if ((await client.ping()) === 'PONG') return;
      } catch {
        // Not listening yet: try again below.
      } finally {
        client.disconnect();
      }
    }
    if (Date.now() > deadline) throw new Error(`Redis did not answer PING within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Starts a private redis-server on a Unix socket in a new temp folder and waits until it answers.
 * @param {{ timeoutMs?: number }} [options]
 * @returns {Promise<RedisHandle>}
 */
export async function startPrivateRedis({ timeoutMs = 10000 } = {}) {
  const reason = missingRedisReason();
  if (reason) throw new Error(reason);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-redis-'));
  fs.chmodSync(dir, 0o700);
  const socket = path.join(dir, 'r.sock');
  const args = ['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700', '--save', '', '--appendonly', 'no'];
  args.push('--dir', dir, '--logfile', path.join(dir, 'r.log'));
  // In the foreground, as our child: Ctrl+C in a terminal reaches it too, and its exit is seen.
  const child = spawn(REDIS_BINARY, args, { stdio: 'ignore' });
  /** @type {string | null} */
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = `redis-server exited (${signal ?? code}); see its log`;
  });
  child.on('error', (err) => {
    exited = `redis-server could not start: ${err.message}`;
  });
  const location = { url: socketUrl(socket), socket };
  try {
    await waitForPing(location, timeoutMs, () => exited);
  } catch (err) {
    child.kill('SIGKILL');
    const log = readLog(dir);
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`${/** @type {Error} */ (err).message}${log ? `: ${log}` : ''}`);
  }
  // If this process dies of an uncaught error, the 'exit' event still runs (synchronously):
  // the child gets SIGTERM (Redis then shuts down without saving) rather than outliving us.
  const onExit = () => {
    child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', onExit);
  const watchdog = startWatchdog(/** @type {number} */ (child.pid), dir);
  const stop = once(() => {
    process.off('exit', onExit);
    watchdog.kill('SIGKILL');
    return stopPrivate(location, child, dir, () => exited !== null);
  });
  return { location, stop, pid: child.pid ?? null };
}

/**
 * A SIGKILL of this process runs no handler, so a shell that outlives it stops Redis instead: it
 * waits on a pipe from this process, which the kernel closes however this process ends.
 * @param {number} pid  the redis-server
 * @param {string} dir  its folder, removed after it
 */
function startWatchdog(pid, dir) {
  const script = 'read _ignored; kill -TERM "$1" 2>/dev/null; sleep 1; rm -rf "$2"';
  const watchdog = spawn('sh', ['-c', script, 'redis-watchdog', String(pid), dir], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
  // Neither the shell nor its pipe keeps this process alive.
  watchdog.unref();
  /** @type {import('node:net').Socket} */ (watchdog.stdin).unref();
  return watchdog;
}

/** @param {string} dir the last line of the log, if any */
function readLog(dir) {
  try {
    return fs.readFileSync(path.join(dir, 'r.log'), 'utf8').trim().split('\n').pop() ?? '';
  } catch {
    return '';
  }
}

/**
 * `shutdown nosave`, then waits for the process to go (killing it after 3 s) and removes its folder.
 * @param {RedisLocation} location
 * @param {import('node:child_process').ChildProcess} child
 * @param {string} dir
 * @param {() => boolean} hasExited
 */
async function stopPrivate(location, child, dir, hasExited) {
  if (!hasExited()) {
    const gone = new Promise((resolve) => child.once('exit', resolve));
    const client = connect(location, { maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    // SHUTDOWN closes the connection instead of answering, so its "error" is the success case.
    await client.call('shutdown', 'nosave').catch(() => {});
    client.disconnect();
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await gone;
    clearTimeout(timer);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * @template T
 * @param {() => Promise<T>} fn
 * @returns {() => Promise<T>} fn, run at most once (a second call gets the first call's promise)
 */
function once(fn) {
  /** @type {Promise<T> | null} */
  let done = null;
  return () => (done ??= fn());
}

/**
 * A Redis URL without its password (the reason it appears in is printed and sent to clients).
 * @param {string} url
 */
export function redacted(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.href;
  } catch {
    return '(unparsable URL)';
  }
}

/**
 * The Redis the task queue uses: REDIS_URL's if set (checked with PING), else a private one.
 * @param {{ env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<RedisHandle>}
 */
export async function openRedis({ env = process.env } = {}) {
  const url = env.REDIS_URL;
  if (!url) return startPrivateRedis();
  const socket = url.startsWith('unix://') ? url.slice('unix://'.length) : null;
  const location = { url, socket };
  try {
    await waitForPing(location, 3000);
  } catch (err) {
    throw new Error(`REDIS_URL=${redacted(url)}: ${/** @type {Error} */ (err).message}`);
  }
  return { location, stop: async () => {}, pid: null };
}
