// One worker's side of the broker on this server: the loop that takes tasks for a bridge worker
// (a browser tab or any WebSocket client) while it has free threads. The Python worker runs the
// same loop against Redis itself (bench/peers/python/queue_worker.py); docs/task-queue.md is
// the one description both follow.
import SPEC from '../../www/spec.json' with { type: 'json' };
import { activeRuns, brokerClient, claimStale, readMeta, readNew } from './broker.mjs';

/**
 * @typedef {import('./broker.mjs').Handed & { run: string, reclaimMs: number }} Delivered
 * @typedef {import('./broker.mjs').RunMeta} RunMeta
 */

/** The longest a blocked read waits: a new run is seen at the latest this much later. */
const MAX_BLOCK_MS = 1000;

/**
 * How often the reaper looks, as a share of reclaimMs: a silent worker's task is then taken back
 * at most a tenth of reclaimMs after it went stale (the dead-worker bound is reclaimMs + 10%).
 * The Python worker reads the same constant.
 */
export const REAPS_PER_RECLAIM = SPEC.constants.reapsPerReclaim;

/**
 * The reaper's period for a run: reclaimMs / REAPS_PER_RECLAIM, at least 20 ms.
 * @param {number} reclaimMs
 */
export const reapEvery = (reclaimMs) => Math.max(20, Math.floor(reclaimMs / REAPS_PER_RECLAIM));

/**
 * How long to block in XREADGROUP: the reaper's period for the shortest visibility timeout
 * among the runs, so the reaper (run between reads) looks at least that often.
 * @param {RunMeta[]} metas
 */
export function blockFor(metas) {
  const shortest = Math.min(...metas.map((m) => m.reclaimMs));
  return Math.min(MAX_BLOCK_MS, reapEvery(shortest));
}

/** A promise that any `wake()` (a freed slot, a new run, stopping) resolves early. */
export function createWaker() {
  /** @type {(() => void)[]} */
  let waiting = [];
  return {
    /** @param {number} ms */
    sleep(ms) {
      return new Promise((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          resolve(undefined);
        }
        waiting.push(done);
      });
    },
    wake() {
      const all = waiting;
      waiting = [];
      for (const w of all) w();
    },
  };
}

/**
 * The active runs, with `metas` brought up to date (settings read once per run, gone runs dropped).
 * @param {import('ioredis').Redis} client
 * @param {Map<string, RunMeta>} metas
 */
async function refreshRuns(client, metas) {
  const runs = await activeRuns(client);
  for (const run of metas.keys()) if (!runs.includes(run)) metas.delete(run);
  for (const run of runs) {
    if (metas.has(run)) continue;
    const meta = await readMeta(client, run);
    if (meta) metas.set(run, meta);
  }
  return runs.filter((r) => metas.has(r));
}

/**
 * Starts taking tasks for `worker`. `slots()` says how many more it can hold; each task taken
 * goes to `onTask`. Returns a handle to wake the loop (a slot was freed, a run was announced)
 * and to stop it. Entries delivered but not yet sent when it stops stay pending for the
 * reaper, like a killed worker's.
 * @param {import('./redis-process.mjs').RedisLocation} location
 * @param {string} worker the consumer name
 * @param {{ slots: () => number, onTask: (t: Delivered) => void, onError?: (err: Error) => void }} hooks
 */
export function startConsumer(location, worker, { slots, onTask, onError = () => {} }) {
  const client = brokerClient(location);
  const waker = createWaker();
  /** @type {Map<string, RunMeta>} */
  const metas = new Map();
  /** @type {Map<string, number>} */
  const lastClaim = new Map();
  let stopped = false;

  async function step() {
    let free = slots();
    if (free <= 0) return waker.sleep(MAX_BLOCK_MS);
    const live = await refreshRuns(client, metas);
    if (!live.length) return waker.sleep(MAX_BLOCK_MS);
    for (const run of live) {
      const meta = /** @type {RunMeta} */ (metas.get(run));
      if (free <= 0 || Date.now() - (lastClaim.get(run) ?? 0) < reapEvery(meta.reclaimMs)) continue;
      lastClaim.set(run, Date.now());
      const claimed = await claimStale(client, run, worker, free, meta);
      for (const t of claimed) onTask({ run, reclaimMs: meta.reclaimMs, ...t });
      free -= claimed.length;
    }
    if (free <= 0 || stopped) return;
    const blockMs = blockFor(live.map((r) => /** @type {RunMeta} */ (metas.get(r))));
    for (const t of await readNew(client, live, worker, free, blockMs)) {
      onTask({ ...t, reclaimMs: /** @type {RunMeta} */ (metas.get(t.run)).reclaimMs });
    }
  }

  const loop = (async () => {
    while (!stopped) {
      try {
        await step();
      } catch (err) {
        if (stopped) break;
        // A run removed between listing and reading (NOGROUP), or a lost connection: look again.
        metas.clear();
        onError(/** @type {Error} */ (err));
        await waker.sleep(100);
      }
    }
  })();

  return {
    wake: () => waker.wake(),
    async stop() {
      stopped = true;
      waker.wake();
      client.disconnect();
      await loop;
    },
  };
}
