// The broker: a run's tasks on Redis Streams, one consumer group per run, taken by every worker
// that joined (bridge workers through server/queue/bridge.mjs, Python processes directly). The
// key names, commands and the lifecycle of a task are in docs/task-queue.md; the two Lua scripts
// beside this file are the only way an entry is acknowledged.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { connect } from './redis-process.mjs';
import { createLedger, parseEvent } from './ledger.mjs';
import SPEC from '../../www/spec.json' with { type: 'json' };

export const PREFIX = 'pg:q:';
export const GROUP = 'workers';
/** Active runs (a set of run ids) and the channel that announces new and cancelled ones. */
export const RUNS_KEY = `${PREFIX}runs`;
export const CONTROL_CHANNEL = `${PREFIX}control`;

export const LIMITS = Object.freeze({
  maxTasks: SPEC.families.queue.maxTasks,
  minReclaimMs: 100,
  maxReclaimMs: 600000,
  maxDeliveries: SPEC.params.maxDeliveries.max,
});
/** What a run gets when its producer does not say; the page always says (its parameters). */
export const DEFAULTS = Object.freeze({ reclaimMs: 5000, maxDeliveries: SPEC.params.maxDeliveries.default });

/**
 * A run's keys; the hash tag keeps them in one slot, as a script touching two of them needs.
 * @param {string} run
 */
export function runKeys(run) {
  const key = (/** @type {string} */ name) => `${PREFIX}{${run}}:${name}`;
  return { tasks: key('tasks'), results: key('results'), meta: key('meta'), delivered: key('delivered') };
}

const SCRIPT_DIR = new URL('.', import.meta.url);
/** The scripts' text, read once; Python reads the same files. */
export const SCRIPTS = Object.freeze({
  complete: fs.readFileSync(new URL('complete.lua', SCRIPT_DIR), 'utf8'),
  claim: fs.readFileSync(new URL('claim.lua', SCRIPT_DIR), 'utf8'),
  touch: fs.readFileSync(new URL('touch.lua', SCRIPT_DIR), 'utf8'),
});

/**
 * @typedef {import('./redis-process.mjs').RedisLocation} RedisLocation
 * @typedef {import('ioredis').Redis} Client
 * @typedef {{ reclaimMs: number, maxDeliveries: number, tasks: number, api: string }} RunMeta
 * @typedef {{ id: string, task: number, delivery: number, descriptor: unknown }} Handed
 */

/**
 * A client with the two scripts defined (sent with EVALSHA, falling back to EVAL once).
 * @param {RedisLocation} location
 * @returns {Client}
 */
export function brokerClient(location) {
  const client = connect(location);
  client.defineCommand('pgComplete', { numberOfKeys: 3, lua: SCRIPTS.complete });
  client.defineCommand('pgClaim', { numberOfKeys: 3, lua: SCRIPTS.claim });
  client.defineCommand('pgTouch', { numberOfKeys: 2, lua: SCRIPTS.touch });
  return client;
}

/**
 * Calls a script defined by `brokerClient` (ioredis adds them at run time, so the type has no name for them).
 * @param {Client} client
 * @param {'pgComplete' | 'pgClaim' | 'pgTouch'} name
 * @param {(string | number)[]} args
 * @returns {Promise<unknown>}
 */
function script(client, name, args) {
  const fn = /** @type {(...a: (string | number)[]) => Promise<unknown>} */ (
    /** @type {any} */ (client)[name].bind(client)
  );
  return fn(...args);
}

/**
 * Puts a run's tasks on Redis: the group first (so no entry is added before it exists), then
 * every task as one entry, then the run becomes visible to workers.
 * @param {Client} client
 * @param {unknown[]} descriptors one per task, each stored as JSON
 * @param {{ reclaimMs?: number, maxDeliveries?: number, api?: string }} [options]
 * @returns {Promise<string>} the run id
 */
export async function createRun(client, descriptors, { reclaimMs = DEFAULTS.reclaimMs, maxDeliveries = DEFAULTS.maxDeliveries, api = '' } = {}) {
  const run = crypto.randomBytes(8).toString('hex');
  const keys = runKeys(run);
  /** @type {RunMeta} */
  const meta = { reclaimMs, maxDeliveries, tasks: descriptors.length, api };
  await client.xgroup('CREATE', keys.tasks, GROUP, '0', 'MKSTREAM');
  await client.hset(keys.meta, { ...meta, state: 'running' });
  for (let start = 0; start < descriptors.length; start += 1000) {
    const batch = client.pipeline();
    for (let i = start; i < Math.min(descriptors.length, start + 1000); i++) {
      batch.xadd(keys.tasks, '*', 'task', String(i), 'd', JSON.stringify(descriptors[i]));
    }
    await batch.exec();
  }
  await client.sadd(RUNS_KEY, run);
  await client.publish(CONTROL_CHANNEL, `run ${run}`);
  return run;
}

/**
 * Reads a run's settings; null if the run is gone.
 * @param {Client} client
 * @param {string} run
 * @returns {Promise<RunMeta | null>}
 */
export async function readMeta(client, run) {
  const m = await client.hgetall(runKeys(run).meta);
  if (!m.tasks) return null;
  return { reclaimMs: Number(m.reclaimMs), maxDeliveries: Number(m.maxDeliveries), tasks: Number(m.tasks), api: m.api ?? '' };
}

/**
 * Follows a run's results stream until every task has its result or `stopped()` says so, handing
 * each event to `onEvent`; then removes the run from Redis and returns the summary. `client`
 * must be a connection of its own (it blocks in XREAD).
 * @param {Client} client
 * @param {string} run
 * @param {number} tasks
 * @param {{ onEvent?: (e: import('./ledger.mjs').QueueEvent) => void, stopped?: () => boolean, blockMs?: number }} [options]
 */
export async function followRun(client, run, tasks, { onEvent = () => {}, stopped = () => false, blockMs = 100 } = {}) {
  const keys = runKeys(run);
  const ledger = createLedger(tasks);
  let last = '0-0';
  const take = (/** @type {[string, string[]][]} */ entries) => {
    for (const [id, fields] of entries) {
      last = id;
      const e = parseEvent(fields);
      if (e && ledger.apply(e)) onEvent(e);
    }
  };
  while (!ledger.done() && !stopped()) {
    const reply = await client.xread('COUNT', 1000, 'BLOCK', blockMs, 'STREAMS', keys.results, last);
    if (reply) take(reply[0][1]);
  }
  // What arrived since the last read, and the run's removal, in one transaction: an event
  // written after it cannot exist, since the scripts do nothing once the tasks stream is gone.
  const tail = await client
    .multi()
    .xrange(keys.results, `(${last}`, '+')
    .srem(RUNS_KEY, run)
    .del(keys.tasks, keys.results, keys.meta, keys.delivered)
    .exec();
  take(/** @type {[string, string[]][]} */ (tail?.[0]?.[1] ?? []));
  if (!ledger.done()) ledger.cancelRest();
  return { run, ...ledger.summary(), results: ledger.results() };
}

/**
 * Cancels a run: workers stop taking its tasks and are told to abandon the ones they hold.
 * The producer's `followRun` then ends (its `stopped` says so) and counts the rest as cancelled.
 * @param {Client} client
 * @param {string} run
 */
export async function cancelRun(client, run) {
  await client.multi().srem(RUNS_KEY, run).hset(runKeys(run).meta, 'state', 'cancelled').exec();
  await client.publish(CONTROL_CHANNEL, `cancel ${run}`);
}

/**
 * The runs workers may take tasks from now.
 * @param {Client} client
 */
export function activeRuns(client) {
  return client.smembers(RUNS_KEY);
}

/**
 * Claims for `worker` up to `count` of a run's entries whose holder has been silent for
 * reclaimMs (dead-lettering those delivered maxDeliveries times).
 * @param {Client} client
 * @param {string} run
 * @param {string} worker
 * @param {number} count
 * @param {RunMeta} meta
 * @returns {Promise<Handed[]>}
 */
export async function claimStale(client, run, worker, count, meta) {
  const keys = runKeys(run);
  const reply = /** @type {[string, string[], number][]} */ (
    await script(client, 'pgClaim', [keys.tasks, keys.results, keys.delivered, GROUP, worker, meta.reclaimMs, count, meta.maxDeliveries])
  );
  return reply.map(([id, fields, delivery]) => handed(id, fields, Number(delivery)));
}

/**
 * @param {string} id
 * @param {string[]} fields
 * @param {number} delivery
 * @returns {Handed}
 */
function handed(id, fields, delivery) {
  /** @type {Record<string, string>} */
  const f = {};
  for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]] = fields[i + 1];
  return { id, task: Number(f.task), delivery, descriptor: JSON.parse(f.d ?? 'null') };
}

/**
 * Reads up to `count` new entries for `worker` from the runs' streams, waiting up to `blockMs`.
 * `client` must be a connection of its own (it blocks).
 * @param {Client} client
 * @param {string[]} runs
 * @param {string} worker
 * @param {number} count
 * @param {number} blockMs
 * @returns {Promise<(Handed & { run: string })[]>}
 */
export async function readNew(client, runs, worker, count, blockMs) {
  if (!runs.length) return [];
  const streams = runs.map((r) => runKeys(r).tasks);
  const reply = /** @type {[string, [string, string[]][]][] | null} */ (
    await client.xreadgroup('GROUP', GROUP, worker, 'COUNT', count, 'BLOCK', blockMs, 'STREAMS', ...streams, ...runs.map(() => '>'))
  );
  if (!reply) return [];
  return reply.flatMap(([stream, entries]) => {
    const run = runs[streams.indexOf(stream)];
    return entries.map(([id, fields]) => ({ run, ...handed(id, fields, 1) }));
  });
}

/**
 * Completes a delivery through complete.lua.
 * @param {Client} client
 * @param {string} run
 * @param {string} id the entry id
 * @param {string} worker
 * @param {{ ok: boolean, value?: string, error?: string, thread?: number, runMs?: number }} result
 * @returns {Promise<'completed' | 'dropped' | 'gone'>}
 */
export async function complete(client, run, id, worker, result) {
  const keys = runKeys(run);
  const args = [keys.tasks, keys.results, keys.delivered, GROUP, id, worker, result.ok ? 'ok' : 'failed'];
  args.push(result.value ?? '', result.error ?? '', String(result.thread ?? ''), String(result.runMs ?? ''));
  const code = Number(await script(client, 'pgComplete', args));
  return code === 1 ? 'completed' : code === 0 ? 'dropped' : 'gone';
}

/**
 * The holder's heartbeat (touch.lua): entries `worker` still holds are not idle, so the reaper
 * leaves them alone however long their tasks run. Call it every reclaimMs / 4 or so.
 * @param {Client} client
 * @param {string} run
 * @param {string} worker
 * @param {string[]} ids
 * @returns {Promise<number>} how many were still this worker's
 */
export async function touch(client, run, worker, ids) {
  if (!ids.length) return 0;
  const keys = runKeys(run);
  return Number(await script(client, 'pgTouch', [keys.tasks, keys.delivered, GROUP, worker, ...ids]));
}

/**
 * Keys under the queue's prefix (the tests check that a finished run leaves none).
 * @param {Client} client
 */
export async function queueKeys(client) {
  /** @type {string[]} */
  const found = [];
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${PREFIX}*`, 'COUNT', 1000);
    found.push(...keys);
    cursor = next;
  } while (cursor !== '0');
  return found;
}
