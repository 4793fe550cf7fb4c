// Predict, then run (www/predict.js): every preset asks one question whose choices are data,
// and a guess is judged by the run's own numbers, with the numbers as the reason.
import test from 'node:test';
import assert from 'node:assert/strict';
import { judgeGuess, answerOf } from '../../www/model/predict.js';
import { PRESETS, presetById } from '../../www/model/presets.js';
import { STRATEGIES } from '../../www/model/spec.js';
import { defaults } from '../../www/model/params.js';

/** @param {string} strategy @param {number} wallMs @param {Record<string, unknown>} [detail] */
const res = (strategy, wallMs, detail) => ({ strategy, wallMs, ok: 1, failed: 0, cancelled: 0, tasks: 1, ...(detail ? { detail } : {}) });

/** @param {string} id @param {any[]} results @param {Record<string, unknown>} [extra] */
const report = (id, results, extra = {}) => ({
  params: { ...defaults(), ...presetById(id)?.params },
  env: { crossOriginIsolated: true, hardwareConcurrency: 2, poolThreads: 2, browser: 'test' },
  results, notes: [], cancelled: false, preset: id, ...extra,
});

const predictOf = (/** @type {string} */ id) => /** @type {import('../../www/model/predict.js').Predict} */ (presetById(id)?.predict);

test('every preset asks one question with at least two choices its run can judge', () => {
  for (const p of PRESETS) {
    const q = p.predict;
    if (!q) return assert.fail(`${p.id} has no predict question`);
    assert.ok(q.question.endsWith('?') && q.choices.length >= 2, `${p.id}: a question and choices`);
    assert.equal(new Set(q.choices.map((c) => c.id)).size, q.choices.length, `${p.id}: choice ids are distinct`);
    const ran = new Set(/** @type {string[]} */ (p.params.strategies ?? []));
    if (q.judge === 'fastest') for (const c of q.choices) assert.ok(STRATEGIES[c.id] && (!ran.size || ran.has(c.id)), `${p.id}: ${c.id} is one of its strategies`);
    if (q.judge === 'speedup-band') assert.ok(q.pair?.every((s) => STRATEGIES[s]), `${p.id}: its pair are strategies`);
    if (q.judge === 'time-band' || q.judge === 'lost-band') assert.ok(STRATEGIES[q.strategy ?? ''], `${p.id}: its strategy exists`);
    if (q.judge !== 'fastest') {
      // The bands cover every value from 0 up, without gaps or overlaps.
      const bands = [...q.choices].sort((a, b) => (a.min ?? -Infinity) - (b.min ?? -Infinity));
      assert.equal(bands[0].min, undefined, `${p.id}: the lowest band starts at nothing`);
      assert.equal(bands.at(-1)?.max, undefined, `${p.id}: the highest band is open`);
      bands.slice(1).forEach((b, i) => assert.equal(b.min, bands[i].max, `${p.id}: band ${b.id} starts where ${bands[i].id} ends`));
    } else {
      assert.ok(q.choices.every((c) => c.min == null && c.max == null), `${p.id}: no bands on a fastest question`);
    }
  }
});

test('fastest: the choice with the least wall time, the times as the reason', () => {
  const r = report('thousand-calls', [res('fetch-sequential', 15000), res('fetch-concurrent', 4000), res('fetch-threads', 4300), res('fetch-sharded', 900), res('fetch-same-url', 200)]);
  const held = judgeGuess(predictOf('thousand-calls'), 'fetch-sharded', r);
  assert.equal(held.held, true);
  assert.equal(held.answer, 'fetch-sharded');
  // fetch-same-url is faster, but not a choice: the question compares its choices only.
  assert.match(held.why, /^“all at once over many host names \(fetch-sharded\)” held: fetch-sharded finished first: fetch-sharded 900 ms, fetch-concurrent 4\.00 s, fetch-threads 4\.30 s, fetch-sequential 15\.00 s\.$/);
  const missed = judgeGuess(predictOf('thousand-calls'), 'fetch-threads', r);
  assert.equal(missed.held, false);
  assert.match(missed.why, /^not “Python’s default thread pool \(fetch-threads\)” but “all at once over many host names \(fetch-sharded\)”/);
  assert.equal(missed.question, predictOf('thousand-calls').question);
  assert.equal(missed.guess, 'fetch-threads');
});

test('speedup-band: how many times faster the pair’s second was', () => {
  const r = report('six-endpoints', [res('fetch-sequential', 6030), res('fetch-concurrent', 1010)]);
  const p = predictOf('six-endpoints');
  assert.equal(judgeGuess(p, 'many', r).held, true);
  const missed = judgeGuess(p, 'same', r);
  assert.equal(missed.held, false);
  assert.match(missed.why, /fetch-concurrent took 1\.01 s and fetch-sequential 6\.03 s: 6\.0× faster\.$/);
  assert.equal(answerOf(p, report('six-endpoints', [res('fetch-sequential', 2000), res('fetch-concurrent', 1000)]))?.answer.id, 'few');
});

test('time-band and lost-band read one strategy’s time and its lost share', () => {
  const limit = judgeGuess(predictOf('browser-limit'), 'one-round', report('browser-limit', [res('fetch-concurrent', 2040)]));
  assert.equal(limit.held, false);
  assert.equal(limit.answer, 'four-rounds');
  assert.match(limit.why, /fetch-concurrent took 2\.04 s\.$/);
  const race = (/** @type {number} */ lost) => report('race-condition', [res('race-unsynchronized', 50, { lost, expected: 12_000_000, actual: 12_000_000 - lost })]);
  assert.equal(judgeGuess(predictOf('race-condition'), 'many', race(6_000_000)).held, true);
  assert.equal(answerOf(predictOf('race-condition'), race(0))?.answer.id, 'none');
  assert.equal(answerOf(predictOf('race-condition'), race(1200))?.answer.id, 'few');
  assert.match(judgeGuess(predictOf('race-condition'), 'none', race(1200)).why, /race-unsynchronized lost 1,200 of 12,000,000 increments \(0\.0%\)/);
});

test('a run that did not measure the question leaves the guess unjudged; an unknown guess is refused', () => {
  const p = predictOf('six-endpoints');
  const cancelled = judgeGuess(p, 'many', report('six-endpoints', [res('fetch-sequential', 6000)], { cancelled: true }));
  assert.equal(cancelled.held, null);
  assert.equal(cancelled.answer, null);
  assert.throws(() => judgeGuess(p, 'lots', report('six-endpoints', [])), /"lots" is not an answer.*same, few, many/);
});
