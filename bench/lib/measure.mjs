// Measuring: rounds of contenders, their timings as Stats, the checksums that prove two
// contenders did the same work, and the ideal time the page reported with each result.
import { summarize } from './stats.mjs';
import { say } from './log.mjs';

/** @typedef {{ ms: number, checksum: number, idealMs?: number | null, detail?: Record<string, any> | null }} Sample  one timed run (detail: the strategy's own, e.g. hosts) */
/** @typedef {Record<string, Sample>} Measured  measurement key -> one timed run */
/** @typedef {{ ms: number[], checksums: Set<number>, ideals: Set<number | null> }} Series */
/** @typedef {Map<string, Series>} Samples */

/**
 * A series from runs measured elsewhere (a single run, a peer's own repeats).
 * @param {number[]} ms
 * @param {number} checksum
 * @param {number | null} [idealMs]  the page's ideal, for its own strategies
 * @returns {Series}
 */
export function series(ms, checksum, idealMs) {
  return { ms, checksums: new Set([checksum]), ideals: new Set(idealMs === undefined ? [] : [idealMs]) };
}

/** Adds one run to `samples` (its time only if `timed`; checksum and ideal always). */
function record(/** @type {Samples} */ samples, /** @type {string} */ key, /** @type {Sample} */ sample, timed = true) {
  if (!samples.has(key)) samples.set(key, { ms: [], checksums: new Set(), ideals: new Set() });
  const s = /** @type {Series} */ (samples.get(key));
  s.checksums.add(sample.checksum);
  if (sample.idealMs !== undefined) s.ideals.add(sample.idealMs);
  if (timed) s.ms.push(sample.ms);
}

/**
 * Runs every contender once per round, warm-up rounds first (left out). Each is told the
 * round's index (warm-up rounds count), for contenders that alternate an order by it.
 * @param {string} title
 * @param {{ rounds: number, warmup: number }} plan
 * @param {Record<string, (round: number) => Promise<Measured>>} contenders
 * @returns {Promise<Samples>}
 */
export async function rounds(title, { rounds: n, warmup }, contenders) {
  /** @type {Samples} */
  const samples = new Map();
  for (let round = 0; round < warmup + n; round++) {
    const timed = round >= warmup;
    say(`${title}: ${timed ? `round ${round - warmup + 1}/${n}` : 'warm-up round'}`);
    for (const [name, contender] of Object.entries(contenders)) {
      const measured = await contender(round).catch((/** @type {Error} */ err) => {
        throw new Error(`${title}, ${name}: ${err.message}`);
      });
      for (const [key, sample] of Object.entries(measured)) record(samples, key, sample, timed);
    }
  }
  for (const [key, s] of samples) {
    if (s.checksums.size !== 1) throw new Error(`${title}: ${key} computed different checksums in different runs: ${[...s.checksums].join(', ')}`);
  }
  return samples;
}

/**
 * Runs `runs` one after another, in reverse order on odd rounds, and merges what they measured:
 * the first and the last trade places from round to round, so neither always runs on the
 * machine's state after the other. Put the two that are judged against each other side by side.
 * @param {number} round
 * @param {(() => Promise<Measured>)[]} runs
 * @returns {Promise<Measured>}
 */
export async function backToBack(round, runs) {
  /** @type {Measured} */
  const measured = {};
  for (const run of round % 2 ? [...runs].reverse() : runs) Object.assign(measured, await run());
  return measured;
}

/**
 * The timings of one measurement as a Stat (optionally scaled, e.g. ms per task -> µs).
 * @param {Samples} samples
 * @param {string} key
 * @param {{ unit?: string, scale?: number }} [options]
 */
export function stat(samples, key, { unit = 'ms', scale = 1 } = {}) {
  const s = samples.get(key);
  if (!s || s.ms.length === 0) throw new Error(`no timings for ${key}`);
  return summarize(s.ms.map((x) => x * scale), unit);
}

/**
 * The ideal time the page's core reported for `key` (src/ideal.rs); every run must have
 * reported the same one, since it depends on the parameters alone.
 * @param {Samples} samples
 * @param {string} key
 */
export function idealOf(samples, key) {
  const ideals = [...(samples.get(key)?.ideals ?? [])];
  if (ideals.length !== 1 || typeof ideals[0] !== 'number') {
    throw new Error(`${key}: the page reported no single ideal time (got ${ideals.length ? ideals.join(', ') : 'none'})`);
  }
  return ideals[0];
}

/**
 * Fails unless every listed measurement computed the same checksum: equal checksums are how a
 * peer proves it did the same work as ours.
 * @param {Samples} samples
 * @param {string[]} keys
 */
export function sameWork(samples, keys) {
  const sums = keys.map((k) => [k, [...(samples.get(k)?.checksums ?? [])][0]]);
  const distinct = new Set(sums.map(([, v]) => v));
  if (distinct.size !== 1) {
    throw new Error(`checksum mismatch: ${sums.map(([k, v]) => `${k} = ${v}`).join(', ')}`);
  }
}

/** The samples as results.json keeps them: the timings and checksums of every key. */
export function rawSamples(/** @type {Samples} */ samples) {
  return Object.fromEntries([...samples].map(([key, { ms, checksums }]) => [key, { ms, checksums }]));
}
