// The worker's experiment loop (www/worker/experiment.js) against a fake module: repeats and
// their warm-up, the median run, cancels between strategies and repeats, the CPU context.
import test from 'node:test';
import assert from 'node:assert/strict';
import { runExperiment, runRepeated, medianRun } from '../../www/worker/experiment.js';
import { FROM_WORKER } from '../../www/protocol/messages.js';

/**
 * A fake module whose runs take the given wall times in turn, and a recorder of messages.
 * @param {number[]} walls
 * @param {{ cancelAfter?: number, ids?: string[] }} [options] cancel once that many runs ended
 */
function fake(walls, { cancelAfter = Infinity, ids = ['cpu-sequential', 'cpu-rayon'] } = {}) {
  /** @type {Record<string, any>[]} */
  const posted = [];
  /** @type {any[]} */
  const seen = [];
  let runs = 0;
  const env = {
    strategiesFor: () => ids,
    runStrategy: async (/** @type {string} */ strategy, /** @type {string} */ json, /** @type {Function} */ onProgress) => {
      seen.push(JSON.parse(json));
      onProgress(1, 2, '[{"task":0}]', 0, 0);
      const wallMs = walls[runs++ % walls.length];
      return JSON.stringify({ strategy, wallMs, tasks: 2, ok: 2, failed: 0, cancelled: runs > cancelAfter ? 1 : 0 });
    },
    post: (/** @type {Record<string, any>} */ m) => posted.push(m),
    cancelled: () => runs >= cancelAfter,
    mirrors: ['http://127.0.0.1:9/'],
    cores: 2,
  };
  return { env, posted, seen };
}

test('repeat 3 runs a warm-up and three runs, and shows the median one', async () => {
  const { env, posted, seen } = fake([500, 30, 10, 20]);
  const result = await runRepeated(7, 'cpu-rayon', { tasks: 2, repeat: 3 }, env);
  assert.equal(result.wallMs, 20);
  assert.deepEqual(result.repeat, { medianMs: 20, minMs: 10, maxMs: 30, runs: 3, wallsMs: [30, 10, 20], warmupExcluded: true });
  assert.deepEqual(posted.map((m) => m.type), [FROM_WORKER.strategyStart, ...Array(3).fill([FROM_WORKER.progress, FROM_WORKER.repeatStart]).flat(), FROM_WORKER.progress]);
  assert.deepEqual(posted[0], { type: FROM_WORKER.strategyStart, runId: 7, strategy: 'cpu-rayon', total: 2, reps: 4 });
  assert.deepEqual(posted[1], { type: FROM_WORKER.progress, runId: 7, strategy: 'cpu-rayon', done: 1, failed: 0, cancelled: 0, total: 2, rep: 0, reps: 4, spans: [{ task: 0 }] });
  assert.deepEqual(seen[0].mirrors, ['http://127.0.0.1:9/'], 'the module hears of the mirror ports');
});

test('one run has no warm-up; an even count shows the lower middle run', async () => {
  const once = await runRepeated(1, 'cpu-rayon', { tasks: 2, repeat: 1 }, fake([42]).env);
  assert.equal(once.wallMs, 42);
  assert.equal(once.repeat.warmupExcluded, false);
  const even = medianRun([{ wallMs: 40, id: 'a' }, { wallMs: 10, id: 'b' }], true);
  assert.equal(even.wallMs, 25, 'the median time of an even count is the mean of the middle two');
  assert.equal(/** @type {any} */ (even).id, 'b', 'the run shown is the lower middle one');
});

test('a cancel during the repeats shows the cancelled run and stops repeating', async () => {
  const { env, posted } = fake([100, 50], { cancelAfter: 2 });
  const result = await runRepeated(3, 'cpu-rayon', { tasks: 2, repeat: 5 }, env);
  assert.equal(result.wallMs, 50);
  assert.equal(result.repeat.runs, 1);
  assert.equal(posted.filter((m) => m.type === FROM_WORKER.repeatStart).length, 1);
});

test('strategies run one after another; cpu-sequential sets the context of the ones after it', async () => {
  const { env, posted, seen } = fake([300, 160]);
  await runExperiment(5, { tasks: 2, repeat: 1 }, env);
  assert.deepEqual(seen.map((p) => p.context), [{ sequentialMs: null, cores: 2 }, { sequentialMs: 300, cores: 2 }]);
  const done = posted.filter((m) => m.type === FROM_WORKER.strategyDone);
  assert.deepEqual(done.map((m) => m.result.strategy), ['cpu-sequential', 'cpu-rayon']);
  assert.deepEqual(posted.at(-1), { type: FROM_WORKER.runDone, runId: 5, cancelled: false, notRun: [] });
});

test('a cancel between strategies names the ones that did not start', async () => {
  const { env, posted } = fake([300], { cancelAfter: 1, ids: ['fetch-sequential', 'fetch-concurrent', 'fetch-bounded'] });
  await runExperiment(9, { tasks: 2, repeat: 1 }, env);
  assert.deepEqual(posted.filter((m) => m.type === FROM_WORKER.strategyDone).map((m) => m.result.strategy), ['fetch-sequential']);
  assert.deepEqual(posted.at(-1), { type: FROM_WORKER.runDone, runId: 9, cancelled: true, notRun: ['fetch-concurrent', 'fetch-bounded'] });
});
