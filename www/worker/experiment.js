// One experiment as the worker runs it: every selected strategy one after another (so they do
// not compete for the cores), each repeated with a warm-up and shown by its median run. Pure:
// the module's calls, the message port and the cancel flag come in as arguments.
import { summarize } from '../model/stats.js';
import { FROM_WORKER } from '../protocol/messages.js';
import { CPU_BASELINE } from '../model/spec.js';

/**
 * What an experiment needs from its surroundings.
 * @typedef {object} Surroundings
 * @property {(json: string) => string[]} strategiesFor  the module's selection of strategy ids
 * @property {(strategy: string, json: string, onProgress: Function) => Promise<string>} runStrategy  the module's run, a JSON result
 * @property {(message: import('../protocol/messages.js').RunEvent) => void} post   sends a protocol message to the page
 * @property {() => boolean} cancelled   whether the person cancelled this run
 * @property {string[]} mirrors          base URLs of the mock API on the server's other ports
 * @property {string[]} [shards]          base URLs of the mock API under other host names of this server
 * @property {number} cores              what the browser reports as hardwareConcurrency
 */

/**
 * Runs every strategy of one experiment and posts its messages: `strategy-done` per strategy,
 * then `run-done` (with the strategies a cancel kept from starting).
 * @param {number} runId
 * @param {Record<string, any>} params
 * @param {Surroundings} env
 */
export async function runExperiment(runId, params, env) {
  const ids = env.strategiesFor(JSON.stringify({ ...params, mirrors: env.mirrors, shards: env.shards ?? [] }));
  // The core scales the CPU baseline's time (cpu-sequential's) to the CPU ideals of the strategies after it.
  const context = { sequentialMs: null, cores: env.cores };
  for (const [i, strategy] of ids.entries()) {
    if (env.cancelled()) {
      env.post({ type: FROM_WORKER.runDone, runId, cancelled: true, notRun: ids.slice(i) });
      return;
    }
    const result = await runRepeated(runId, strategy, { ...params, context }, env);
    if (strategy === CPU_BASELINE && !result.cancelled) context.sequentialMs = result.wallMs;
    env.post({ type: FROM_WORKER.strategyDone, runId, result });
  }
  env.post({ type: FROM_WORKER.runDone, runId, cancelled: env.cancelled(), notRun: [] });
}

/**
 * Runs one strategy `repeat` times (plus a warm-up run that is left out when repeat > 1) and
 * returns the median run, with the spread attached.
 * @param {number} runId
 * @param {string} strategy
 * @param {Record<string, any>} params
 * @param {Surroundings} env
 */
export async function runRepeated(runId, strategy, params, env) {
  const json = JSON.stringify({ ...params, mirrors: env.mirrors, shards: env.shards ?? [] });
  const reps = params.repeat > 1 ? params.repeat + 1 : 1;
  env.post({ type: FROM_WORKER.strategyStart, runId, strategy, total: params.tasks, reps });
  const results = [];
  for (let rep = 0; rep < reps; rep++) {
    // Progress restarts with each repeat: the page must not mistake the last repeat's counts
    // for this one's if it has to stop the worker before this one reports.
    if (rep > 0) env.post({ type: FROM_WORKER.repeatStart, runId, strategy, rep });
    const onProgress = (
      /** @type {number} */ done,
      /** @type {number} */ total,
      /** @type {string} */ spans,
      /** @type {number} */ failed,
      /** @type {number} */ cancelled,
    ) => env.post({ type: FROM_WORKER.progress, runId, strategy, done, failed, cancelled, total, rep, reps, spans: JSON.parse(spans) });
    const result = JSON.parse(await env.runStrategy(strategy, json, onProgress));
    // A cancelled repeat is the one shown: its counts say what was stopped.
    if (env.cancelled()) return { ...result, repeat: { ...summarize([result.wallMs]), wallsMs: [result.wallMs], warmupExcluded: false } };
    if (reps === 1 || rep > 0) results.push(result);
  }
  return medianRun(results, reps > 1);
}

/**
 * The run whose time is the median (the lower middle for an even count), carrying the median
 * time and the spread of all of them.
 * @param {{ wallMs: number }[]} results
 * @param {boolean} warmupExcluded
 */
export function medianRun(results, warmupExcluded) {
  const walls = results.map((r) => r.wallMs);
  const stats = summarize(walls);
  const sorted = [...results].sort((a, b) => a.wallMs - b.wallMs);
  const shown = sorted[Math.floor((sorted.length - 1) / 2)];
  return { ...shown, wallMs: stats.medianMs, repeat: { ...stats, wallsMs: walls, warmupExcluded } };
}
