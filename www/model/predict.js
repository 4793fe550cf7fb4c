// Predict, then run: the question a preset asks before its run (spec.json's `predict`) and the
// judgement of a guess against the run's own numbers. Pure: data and reports in, verdicts out,
// so every preset's question is data and no preset needs code of its own.

/** @typedef {import('./results.js').Report} Report */

/**
 * One answer offered. Band judges read `min` (inclusive) and `max` (exclusive); the `fastest`
 * judge reads the id as a strategy id.
 * @typedef {object} Choice
 * @property {string} id
 * @property {string} label
 * @property {number} [min]
 * @property {number} [max]
 */

/**
 * @typedef {object} Predict
 * @property {string} question
 * @property {'fastest' | 'speedup-band' | 'time-band' | 'lost-band'} judge
 *   fastest: which choice's strategy had the least wall time; speedup-band: how many times
 *   faster `pair[1]` was than `pair[0]`; time-band: `strategy`'s wall time in ms; lost-band: the
 *   share (%) of increments `strategy` lost
 * @property {Choice[]} choices
 * @property {[string, string]} [pair]
 * @property {string} [strategy]
 */

/**
 * What a report records of a guess: the question, the choice, whether it held and why.
 * @typedef {object} Prediction
 * @property {string} question
 * @property {string} guess       the chosen choice's id
 * @property {string} guessLabel  its label
 * @property {string | null} answer  the id of the choice the run bore out (null: not measured)
 * @property {boolean | null} held   null when the run did not measure what the question asks
 * @property {string} why         the run's numbers behind the verdict
 */

/** ms as a person reads them. @param {number} ms */
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

/** @param {Choice} c @param {number} v */
const inBand = (c, v) => (c.min == null || v >= c.min) && (c.max == null || v < c.max);

/**
 * The measured value a band judge reads and how to say it; null when the run lacks it.
 * @param {Predict} p
 * @param {Record<string, any>} r strategy id -> result
 * @returns {{ value: number, says: string } | null}
 */
function measured(p, r) {
  if (p.judge === 'speedup-band') {
    if (!p.pair) return null;
    const [slow, fast] = p.pair;
    if (!r[slow] || !r[fast] || !(r[fast].wallMs > 0)) return null;
    const value = r[slow].wallMs / r[fast].wallMs;
    return { value, says: `${fast} took ${fmt(r[fast].wallMs)} and ${slow} ${fmt(r[slow].wallMs)}: ${value.toFixed(1)}× faster` };
  }
  const one = r[p.strategy ?? ''];
  if (!one) return null;
  if (p.judge === 'time-band') return { value: one.wallMs, says: `${p.strategy} took ${fmt(one.wallMs)}` };
  const { lost, expected } = one.detail ?? {};
  if (p.judge !== 'lost-band' || !(expected > 0)) return null;
  const value = (100 * lost) / expected;
  return { value, says: `${p.strategy} lost ${lost.toLocaleString('en')} of ${expected.toLocaleString('en')} increments (${value.toFixed(1)}%)` };
}

/**
 * Which choice the run bore out, and the numbers that say so; null when it did not measure it.
 * @param {Predict} p
 * @param {Report} report
 * @returns {{ answer: Choice, why: string } | null}
 */
export function answerOf(p, report) {
  /** @type {Record<string, any>} */
  const r = Object.fromEntries(report.results.map((x) => [x.strategy, x]));
  if (p.judge === 'fastest') {
    const ran = p.choices.filter((c) => r[c.id] && r[c.id].ok > 0);
    if (ran.length < 2) return null;
    const sorted = [...ran].sort((a, b) => r[a.id].wallMs - r[b.id].wallMs);
    const times = sorted.map((c) => `${c.id} ${fmt(r[c.id].wallMs)}`).join(', ');
    return { answer: sorted[0], why: `${sorted[0].id} finished first: ${times}` };
  }
  const m = measured(p, r);
  const answer = m ? p.choices.find((c) => inBand(c, m.value)) : undefined;
  return m && answer ? { answer, why: m.says } : null;
}

/**
 * Judges a guess (a choice id) against a run.
 * @param {Predict} p
 * @param {string} guess
 * @param {Report} report
 * @returns {Prediction}
 */
export function judgeGuess(p, guess, report) {
  const chosen = p.choices.find((c) => c.id === guess);
  if (!chosen) throw new Error(`"${guess}" is not an answer to this question (choose ${p.choices.map((c) => c.id).join(', ')})`);
  const base = { question: p.question, guess, guessLabel: chosen.label };
  const found = report.cancelled || report.error ? null : answerOf(p, report);
  if (!found) return { ...base, answer: null, held: null, why: 'The run did not measure what the question asks (it was cancelled, failed or ran other strategies).' };
  const held = found.answer.id === guess;
  const verdict = held ? `“${chosen.label}” held` : `not “${chosen.label}” but “${found.answer.label}”`;
  return { ...base, answer: found.answer.id, held, why: `${verdict}: ${found.why}.` };
}

/** The choice ids a preset's question accepts. @param {Predict} p */
export const choiceIds = (p) => p.choices.map((c) => c.id);
